package dev.graft.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.activations.ActivationFunction;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.BinaryCrossentropy;
import dev.graft.metrics.BinaryAccuracy;
import dev.graft.models.Model;
import dev.graft.optimizers.Adam;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.utils.Names;
import dev.graft.utils.RandomSeed;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A small conv net learns a synthetic two-class image problem in seconds, end to end through fit. */
class ConvergenceTest {
    private static final int SIZE = 12;

    /**
     * Noisy stripes {@code [n, 12, 12, 1]}: label 0 horizontal, label 1 vertical, each with a random phase,
     * so only orientation (what a 3x3 convolution sees) tells the classes apart.
     */
    private static Tensor[] stripes(int n, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[n * SIZE * SIZE];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(2);
            int phase = random.nextInt(2);
            labels[i] = label;
            for (int r = 0; r < SIZE; r++) {
                for (int c = 0; c < SIZE; c++) {
                    int along = label == 0 ? r : c;
                    pixels[(i * SIZE + r) * SIZE + c] = ((along + phase) % 2) + (float) (0.4 * random.nextGaussian());
                }
            }
        }
        return new Tensor[] {Tensor.of(pixels, n, SIZE, SIZE, 1), Tensor.of(labels, n)};
    }

    @Test
    void smallConvNetReaches95PercentValidationAccuracy() {
        Names.clearSession();
        RandomSeed.set(2024);
        try (TensorScope scope = TensorScope.open()) {
            SymbolicTensor in = Input.of(SIZE, SIZE, 1);
            SymbolicTensor x = Conv2D.builder().setFilters(8).setKernelSize(3)
                    .optActivation(ActivationFunction.RELU).build().call(in);
            x = new GlobalAveragePooling2D().call(x);
            Dense probability = Dense.builder().setUnits(1).optActivation(ActivationFunction.SIGMOID).build();
            try (Model model = new Model(in, probability.call(x))) {
                model.compile(new Adam(1e-2), new BinaryCrossentropy(), new BinaryAccuracy());
                Tensor[] train = stripes(320, 1);
                Tensor[] validation = stripes(128, 2);
                long start = System.nanoTime();
                History history = model.fit(train[0], train[1], FitOptions.builder().optEpochs(15).optBatchSize(16)
                        .optVerbose(0).optSeed(3)
                        .optValidationData(new TensorBatches(validation[0], validation[1], 32, false, 0)).build());
                double seconds = (System.nanoTime() - start) / 1e9;
                double accuracy = history.last("val_binary_accuracy");
                System.out.printf("convergence: val_binary_accuracy %.4f after 15 epochs in %.1f s%n", accuracy, seconds);
                assertTrue(accuracy >= 0.95, "validation accuracy " + accuracy + ", history " + history);
            }
        }
    }
}
