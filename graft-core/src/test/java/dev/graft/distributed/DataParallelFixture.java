package dev.graft.distributed;

import dev.graft.activations.ActivationFunction;
import dev.graft.callbacks.Callback;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.BinaryCrossentropy;
import dev.graft.metrics.BinaryAccuracy;
import dev.graft.models.Model;
import dev.graft.optimizers.Adam;
import dev.graft.tensor.HostArray;
import dev.graft.training.FitOptions;
import dev.graft.training.History;
import dev.graft.utils.RandomSeed;
import java.util.List;
import java.util.Random;

/**
 * The run {@link DataParallelTest} compares: a small model with a frozen BatchNormalization (inference mode),
 * Adam, 2 epochs of 10 steps on a global batch of 16. Worker {@code rank} of {@code worldSize} trains on its
 * slice of every global batch, so that the workers together see exactly what one process sees.
 */
final class DataParallelFixture {
    static final int FEATURES = 6;
    static final int GLOBAL_BATCH = 16;
    static final int STEPS = 10;
    static final int EPOCHS = 2;

    private DataParallelFixture() {
    }

    static Model model() {
        RandomSeed.set(17);
        SymbolicTensor in = Input.of(FEATURES);
        SymbolicTensor h = Dense.builder().setUnits(24).optActivation(ActivationFunction.RELU).build().call(in);
        BatchNormalization norm = new BatchNormalization();
        h = norm.call(h);
        Model model = new Model(in, new Dense(1).call(h));
        norm.setTrainable(false);
        model.compile(new Adam(0.01), new BinaryCrossentropy(true), new BinaryAccuracy());
        return model;
    }

    /**
     * Trains {@code model} on worker {@code rank}'s part of the data (all of it when {@code strategy} is null)
     * and returns the history.
     */
    static History train(Model model, DistributedStrategy strategy) {
        return train(model, strategy, EPOCHS, List.of());
    }

    /** {@link #train(Model, DistributedStrategy)} for {@code epochs} epochs with {@code callbacks}. */
    static History train(Model model, DistributedStrategy strategy, int epochs, List<Callback> callbacks) {
        int rank = strategy == null ? 0 : strategy.rank();
        int workers = strategy == null ? 1 : strategy.worldSize();
        int local = GLOBAL_BATCH / workers;
        int samples = STEPS * GLOBAL_BATCH;
        Random random = new Random(5);
        float[] x = new float[samples * FEATURES];
        float[] y = new float[samples];
        for (int i = 0; i < samples; i++) {
            double sum = 0;
            for (int f = 0; f < FEATURES; f++) {
                x[i * FEATURES + f] = (float) random.nextGaussian();
                sum += x[i * FEATURES + f] * (f % 2 == 0 ? 1 : -0.5);
            }
            y[i] = sum > 0 ? 1 : 0;
        }
        // This worker's rows: the rank-th slice of each global batch, in order.
        float[] xl = new float[STEPS * local * FEATURES];
        float[] yl = new float[STEPS * local];
        for (int step = 0; step < STEPS; step++) {
            for (int j = 0; j < local; j++) {
                int row = step * GLOBAL_BATCH + rank * local + j;
                int to = step * local + j;
                System.arraycopy(x, row * FEATURES, xl, to * FEATURES, FEATURES);
                yl[to] = y[row];
            }
        }
        try (var tx = dev.graft.tensor.Tensor.of(xl, STEPS * local, FEATURES);
             var ty = dev.graft.tensor.Tensor.of(yl, STEPS * local, 1)) {
            return model.fit(tx, ty, FitOptions.builder().optEpochs(epochs).optBatchSize(local).optShuffle(false)
                    .optVerbose(0).optStrategy(strategy).optCallbacks(callbacks).build());
        }
    }

    /** Every weight value, flattened in the model's order. */
    static float[] weights(Model model) {
        List<HostArray> all = model.getWeights();
        float[] flat = new float[all.stream().mapToInt(w -> w.data().length).sum()];
        int k = 0;
        for (HostArray w : all) {
            System.arraycopy(w.data(), 0, flat, k, w.data().length);
            k += w.data().length;
        }
        return flat;
    }
}
