package dev.graft.data;

import static dev.graft.data.DatasetTesting.liveWorkerThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.MeanSquaredError;
import dev.graft.models.Model;
import dev.graft.optimizers.SGD;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.Batch;
import dev.graft.training.FitOptions;
import dev.graft.training.History;
import dev.graft.training.ProgressOutput;
import dev.graft.utils.Names;
import dev.graft.utils.RandomSeed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A Dataset pipeline passed straight to {@code fit}, for training and for validation. */
class DatasetFitTest {

    /** {@code n} points (a, b) on a grid and targets 3a - 2b + 1, as scalars. */
    private static Tensor[] linear(int n, int offset) {
        float[] xs = new float[2 * n];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            int k = i + offset;
            xs[2 * i] = (k % 8) / 7f;
            xs[2 * i + 1] = (k / 8 % 8) / 7f;
            ys[i] = 3 * xs[2 * i] - 2 * xs[2 * i + 1] + 1;
        }
        return new Tensor[] {Tensor.of(xs, n, 2), Tensor.of(ys, n)};
    }

    @Test
    void fitTrainsOnAShuffledBatchedPrefetchedDatasetWithDatasetValidation() {
        Names.clearSession();
        RandomSeed.set(42);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressOutput log = new ProgressOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        try (TensorScope scope = TensorScope.open()) {
            Tensor[] train = linear(64, 0);
            Tensor[] validation = linear(20, 3);
            Dataset<Batch> trainData = Dataset.fromTensorSlices(train[0], train[1]).shuffle(64, 7).batch(8).prefetch(2);
            Dataset<Batch> validationData = Dataset.fromTensorSlices(validation[0], validation[1]).batch(8);
            assertEquals(8, trainData.cardinality());
            assertEquals(3, validationData.cardinality(), "ceil(20 / 8)");

            SymbolicTensor in = Input.of(2);
            try (Model model = new Model(in, new Dense(1).call(in))) {
                model.compile(new SGD(0.1), new MeanSquaredError());
                History history = model.fit(trainData, FitOptions.builder().optEpochs(3)
                        .optValidationData(validationData).optOutput(log).build());

                String printed = bytes.toString(StandardCharsets.UTF_8);
                String[] lines = printed.split(System.lineSeparator());
                assertEquals(6, lines.length, printed);
                Pattern steps = Pattern.compile("^(\\d+)/(\\d+) \\[=+\\] .* - loss: .* - val_loss: .*$");
                for (int epoch = 0; epoch < 3; epoch++) {
                    assertEquals("Epoch " + (epoch + 1) + "/3", lines[2 * epoch]);
                    Matcher m = steps.matcher(lines[2 * epoch + 1]);
                    assertTrue(m.matches(), lines[2 * epoch + 1]);
                    assertEquals(trainData.cardinality(), Long.parseLong(m.group(1)), "steps run = cardinality");
                    assertEquals(trainData.cardinality(), Long.parseLong(m.group(2)), "steps announced = cardinality");
                }
                List<Double> loss = history.get("loss");
                assertTrue(loss.get(2) < loss.get(0), "training lowers the loss: " + loss);
                assertEquals(3, history.get("val_loss").size());
            }
        }
        assertEquals(List.of(), liveWorkerThreads(), "fit closed every pass's prefetch thread");
    }
}
