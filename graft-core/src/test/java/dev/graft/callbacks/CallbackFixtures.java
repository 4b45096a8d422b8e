package dev.graft.callbacks;

import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.MeanSquaredError;
import dev.graft.models.Model;
import dev.graft.optimizers.SGD;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A small compiled model, logs and captured output for driving callbacks by hand. */
final class CallbackFixtures {
    private CallbackFixtures() {
    }

    /** Input(3) -> Dense(2) -> Dense(1), compiled with SGD at {@code learningRate}. */
    static Model compiledModel(double learningRate) {
        SymbolicTensor in = Input.of(3);
        Model model = new Model(in, new Dense(1).call(new Dense(2).call(in)));
        model.compile(new SGD(learningRate), new MeanSquaredError());
        return model;
    }

    /**
     * Drives {@code callback} as fit does for one run: {@code monitor} takes {@code values[epoch]} at the end
     * of each epoch, whose weights are first all set to the epoch number; it stops early when the model asks.
     *
     * @return the number of epochs run
     */
    static int fit(Callback callback, Model model, String monitor, double... values) {
        callback.setModel(model);
        model.setStopTraining(false);
        callback.onTrainBegin(logs());
        int epoch = 0;
        for (; epoch < values.length && !model.stopTraining(); epoch++) {
            callback.onEpochBegin(epoch, logs());
            fillWeights(model, epoch);
            callback.onEpochEnd(epoch, logs(monitor, values[epoch]));
        }
        callback.onTrainEnd(logs());
        return epoch;
    }

    /** Every weight of {@code model} filled with {@code value}, so each epoch's weights are recognisable. */
    static void fillWeights(Model model, float value) {
        model.setWeights(model.getWeights().stream().map(w -> {
            float[] data = new float[w.data().length];
            Arrays.fill(data, value);
            return new HostArray(data, w.shape());
        }).collect(Collectors.toList()));
    }

    /** A mutable logs map from alternating names and values. */
    static Map<String, Double> logs(Object... namesAndValues) {
        Map<String, Double> logs = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            logs.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).doubleValue());
        }
        return logs;
    }

    /** A PrintStream whose text can be read back. */
    static final class Captured {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        /** Everything printed so far, with line ends written {@code \n}. */
        String text() {
            return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        }
    }
}
