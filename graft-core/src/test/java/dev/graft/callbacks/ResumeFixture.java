package dev.graft.callbacks;

import dev.graft.activations.ActivationFunction;
import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.MeanSquaredError;
import dev.graft.metrics.BinaryAccuracy;
import dev.graft.models.Model;
import dev.graft.optimizers.Adam;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.Tensor;
import dev.graft.training.FitOptions;
import dev.graft.utils.RandomSeed;
import java.util.List;
import java.util.Random;

/**
 * A small training run with everything a checkpoint must carry: Dropout, a seeded shuffle, Adam, a running
 * metric, validation, and callbacks with state (ReduceLROnPlateau changes the learning rate). Every call
 * builds the same model and data, as a restarted process would.
 */
final class ResumeFixture {
    static final int SAMPLES = 120;
    static final int FEATURES = 8;
    static final int BATCH = 16;

    private ResumeFixture() {
    }

    /** The model, its weights drawn from a fixed global seed, compiled with a fresh Adam. */
    static Model model() {
        RandomSeed.set(11);
        SymbolicTensor in = Input.of(FEATURES);
        SymbolicTensor h = Dense.builder().setUnits(32).optActivation(ActivationFunction.RELU).build().call(in);
        h = Dropout.builder().setRate(0.3).optSeed(5).build().call(h);
        Model model = new Model(in, new Dense(1).call(h));
        model.compile(new Adam(0.02), new MeanSquaredError(), new BinaryAccuracy());
        return model;
    }

    /** Inputs {@code [SAMPLES, FEATURES]}. */
    static Tensor x() {
        Random random = new Random(21);
        float[] values = new float[SAMPLES * FEATURES];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Tensor.of(values, SAMPLES, FEATURES);
    }

    /** Targets {@code [SAMPLES, 1]}: 1 where the first two features sum above 0. */
    static Tensor y(Tensor x) {
        float[] in = x.toFloatArray();
        float[] values = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            values[i] = in[i * FEATURES] + in[i * FEATURES + 1] > 0 ? 1 : 0;
        }
        return Tensor.of(values, SAMPLES, 1);
    }

    /** Callbacks with state: the learning rate halves after an epoch without improvement of the loss. */
    static List<Callback> statefulCallbacks() {
        return List.of(ReduceLROnPlateau.builder().optMonitor("loss").optFactor(0.5).optPatience(1).build(),
                EarlyStopping.builder().optMonitor("val_loss").optPatience(100).build());
    }

    /** Shuffled with a fixed seed, a quarter held out for validation, silent. */
    static FitOptions.Builder options(int epochs) {
        return FitOptions.builder().optEpochs(epochs).optBatchSize(BATCH).optSeed(3).optValidationSplit(0.25)
                .optVerbose(0);
    }

    /** The bits of every weight value, for comparisons that must be exact. */
    static int[] weightBits(Model model) {
        List<HostArray> weights = model.getWeights();
        int n = weights.stream().mapToInt(w -> w.data().length).sum();
        int[] bits = new int[n];
        int k = 0;
        for (HostArray w : weights) {
            for (float f : w.data()) {
                bits[k++] = Float.floatToRawIntBits(f);
            }
        }
        return bits;
    }
}
