package dev.graft.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graft.activations.ActivationFunction;
import dev.graft.callbacks.Callback;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.Flatten;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SymbolicTensor;
import dev.graft.layers.preprocessing.RandomFlip;
import dev.graft.losses.BinaryCrossentropy;
import dev.graft.metrics.BinaryAccuracy;
import dev.graft.models.Model;
import dev.graft.optimizers.Adam;
import dev.graft.tensor.DType;
import dev.graft.tensor.Engine;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import dev.graft.testing.ResidentMemory;
import dev.graft.testing.TestJvm;
import dev.graft.utils.RandomSeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code fit} reuses the frozen prefix's outputs across epochs ({@link FitOptions.Builder#optReuseFrozenPrefix}):
 * the same weights and logs as without reuse, bit for bit, while the base runs only in the first epoch.
 * The models are the guide's shape at toy size: {@code Rescaling -> frozen base(training=false) ->
 * GlobalAveragePooling2D -> Dropout -> Dense}, the base holding a layer that counts the samples it sees.
 */
class FrozenPrefixReuseTest {
    private static final int SIZE = 8;
    /** 70 samples, a fifth held out: 56 for training in batches of 16, 16, 16 and 8, and 14 for validation. */
    private static final int SAMPLES = 70;
    private static final int EPOCHS = 4;

    private TensorScope scope;
    private Tensor x;
    private Tensor y;
    private int threads;

    @BeforeEach
    void data() {
        // One kernel thread, as in FitMemoryTest: on a shared 2-core machine, libtorch's parallel regions can
        // stall for seconds waiting for a descheduled peer.
        threads = Engine.get().numThreads();
        Engine.get().setNumThreads(1);
        scope = TensorScope.open();
        try (SeedGenerator g = SeedGenerator.of(21)) {
            x = Tensor.randomNormal(Shape.of(SAMPLES, SIZE, SIZE, 3), 0, 1, DType.FLOAT32, g);
            y = Tensor.randomUniform(Shape.of(SAMPLES, 1), 0, 1, DType.FLOAT32, g).greaterThan(0.5)
                    .toType(DType.FLOAT32);
        }
    }

    @AfterEach
    void free() {
        scope.close();
        Engine.get().setNumThreads(threads);
    }

    /** A weightless layer that passes its input on and counts the samples it sees. */
    static final class SampleCounter extends Layer {
        long samples;

        SampleCounter() {
            super(null, DType.FLOAT32);
        }

        @Override
        public Shape computeOutputShape(Shape inputShape) {
            return inputShape;
        }

        @Override
        protected Tensor forward(Tensor input, boolean training) {
            samples += input.shape().get(0);
            return input.reshape(input.shape().dims());
        }
    }

    /** What a run leaves: final weights, logs, and the samples through the base in each epoch. */
    private record Run(List<HostArray> weights, Map<String, List<Double>> history, List<Long> baseSamples) {
    }

    /** The guide's phase-one model, the same weights and dropout seeds for the same {@code seed}. */
    private static Model guideModel(long seed, SampleCounter counter, boolean augment) {
        RandomSeed.set(seed);
        SymbolicTensor baseIn = Input.of(SIZE, SIZE, 3);
        SymbolicTensor b = counter.call(new Conv2D(8, 3).call(baseIn));
        b = Conv2D.builder().setFilters(12).setKernelSize(3).optActivation(ActivationFunction.RELU).build()
                .call(new BatchNormalization().call(b));
        Model base = new Model(baseIn, b);
        base.setTrainable(false);
        SymbolicTensor in = Input.of(SIZE, SIZE, 3);
        SymbolicTensor x = new Rescaling(0.5, 0.1).call(in);
        if (augment) {
            x = new RandomFlip("horizontal").call(x);
        }
        x = new Dropout(0.3).call(new GlobalAveragePooling2D().call(base.call(x, false)));
        Model model = new Model(in, new Dense(1).call(x));
        model.compile(new Adam(1e-2), new BinaryCrossentropy(true), new BinaryAccuracy());
        return model;
    }

    private Run fit(boolean reuse, boolean augment, Consumer<FitOptions.Builder> extra, Callback... more) {
        SampleCounter counter = new SampleCounter();
        try (Model model = guideModel(1234, counter, augment)) {
            List<Long> perEpoch = new ArrayList<>();
            Callback count = new Callback() {
                private long before;

                @Override
                public void onEpochBegin(int epoch, Map<String, Double> logs) {
                    before = counter.samples;
                }

                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    perEpoch.add(counter.samples - before);
                }
            };
            List<Callback> callbacks = new ArrayList<>(List.of(more));
            callbacks.add(0, count);
            FitOptions.Builder options = FitOptions.builder().optEpochs(EPOCHS).optBatchSize(16).optVerbose(0)
                    .optSeed(99).optValidationSplit(0.2).optCallbacks(callbacks).optReuseFrozenPrefix(reuse);
            extra.accept(options);
            History history = model.fit(x, y, options.build());
            return new Run(model.getWeights(), history.history(), perEpoch);
        }
    }

    private static void assertSameTraining(Run expected, Run actual) {
        assertEquals(expected.weights(), actual.weights(), "final weights, bit for bit");
        assertEquals(expected.history(), actual.history(), "every logged loss and metric, bit for bit");
    }

    /**
     * Reuse on and off: identical weights and logs, with shuffling and a last partial batch, and the base
     * sees each of the 70 samples (56 training, 14 validation) once, in the first epoch.
     */
    @Test
    void reuseGivesIdenticalResultsAndRunsTheBaseOnlyInTheFirstEpoch() {
        Run off = fit(false, false, o -> { });
        Run on = fit(true, false, o -> { });
        assertSameTraining(off, on);
        assertEquals(List.of(70L, 70L, 70L, 70L), off.baseSamples());
        assertEquals(List.of(70L, 0L, 0L, 0L), on.baseSamples());
    }

    /**
     * A callback that assigns a new kernel to the frozen base after the second epoch: the stored outputs are
     * dropped, the base runs again in the third epoch only, and training matches the run without reuse.
     */
    @Test
    void assigningAPrefixWeightInvalidatesTheStore() {
        Callback retune = new Callback() {
            private Model model;

            @Override
            public void setModel(Model model) {
                this.model = model;
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                if (epoch == 1) {
                    Variable kernel = model.layers().stream().filter(l -> l instanceof Model).findFirst()
                            .orElseThrow().weights().get(0);
                    try (TensorScope step = TensorScope.open()) {
                        kernel.assign(kernel.value().mul(1.5));
                    }
                }
            }
        };
        Run off = fit(false, false, o -> { }, retune);
        Run on = fit(true, false, o -> { }, retune);
        assertSameTraining(off, on);
        assertEquals(List.of(70L, 0L, 70L, 0L), on.baseSamples());
    }

    /** Augmentation in the model before the base: nothing is reused, and training is as without reuse. */
    @Test
    void augmentationBeforeTheBaseTrainsAsWithoutReuse() {
        Run off = fit(false, true, o -> { });
        Run on = fit(true, true, o -> { });
        assertSameTraining(off, on);
        assertEquals(List.of(70L, 70L, 70L, 70L), on.baseSamples());
    }

    /**
     * A budget of 20 samples' pooled features (12 float32 each): the rest is recomputed, batches holding an
     * unstored sample are computed whole, and training is still identical. No batch of the second epoch is
     * fully stored (20 of 70 samples, shuffled), so reuse stops for the run. A budget of 0 stores nothing.
     */
    @Test
    void tinyBudgetStillTrainsIdentically() {
        Run off = fit(false, false, o -> { });
        Run tiny = fit(true, false, o -> o.optFrozenPrefixMemory(20 * 12 * 4));
        assertSameTraining(off, tiny);
        assertEquals(List.of(70L, 70L, 70L, 70L), tiny.baseSamples());
        Run none = fit(true, false, o -> o.optFrozenPrefixMemory(0));
        assertSameTraining(off, none);
    }

    /** On by default, within 1 GiB; a negative budget is refused. */
    @Test
    void optionsDefaultToReuseWithinOneGibibyte() {
        FitOptions defaults = FitOptions.builder().build();
        assertTrue(defaults.reuseFrozenPrefix());
        assertEquals(1L << 30, defaults.frozenPrefixMemory());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FitOptions.builder().optFrozenPrefixMemory(-1).build());
        assertTrue(e.getMessage().contains("frozenPrefixMemory") && e.getMessage().contains("-1"), e.getMessage());
    }

    /**
     * Epoch times of a small convolutional base over 256 32x32 images, printed for the reader (not asserted:
     * the machine is shared): the first epoch runs the base, the later ones only the head.
     */
    @Test
    void printsEpochTimesOfASmallConvBase() {
        RandomSeed.set(5);
        SampleCounter counter = new SampleCounter();
        SymbolicTensor in = Input.of(32, 32, 3);
        SymbolicTensor b = in;
        for (int filters : new int[] {32, 64, 64}) {
            b = Conv2D.builder().setFilters(filters).setKernelSize(3).optPadding("same").optActivation(ActivationFunction.RELU)
                    .build().call(b);
        }
        Model base = new Model(in, counter.call(b));
        base.setTrainable(false);
        SymbolicTensor images = Input.of(32, 32, 3);
        SymbolicTensor head = new Dense(1).call(new Dropout(0.2).call(
                new GlobalAveragePooling2D().call(base.call(images, false))));
        try (Model model = new Model(images, head); SeedGenerator g = SeedGenerator.of(8)) {
            model.compile(new Adam(1e-3), new BinaryCrossentropy(true));
            Tensor xs = Tensor.randomUniform(Shape.of(256, 32, 32, 3), 0, 1, DType.FLOAT32, g);
            Tensor ys = Tensor.randomUniform(Shape.of(256, 1), 0, 1, DType.FLOAT32, g).greaterThan(0.5)
                    .toType(DType.FLOAT32);
            List<Double> seconds = new ArrayList<>();
            Callback timer = new Callback() {
                private long start;

                @Override
                public void onEpochBegin(int epoch, Map<String, Double> logs) {
                    start = System.nanoTime();
                }

                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    seconds.add((System.nanoTime() - start) / 1e9);
                }
            };
            model.fit(xs, ys, FitOptions.builder().optEpochs(3).optBatchSize(32).optVerbose(0).optSeed(1)
                    .optCallbacks(timer).build());
            System.out.printf("frozen prefix reuse, 3 conv layers over 256 images 32x32: epoch times %s s%n",
                    seconds.stream().map(s -> String.format("%.3f", s)).toList());
            assertEquals(256, counter.samples, "the base ran in the first epoch only");
        }
    }

    /**
     * A frozen Conv2D -> BatchNormalization pair in the fitted graph itself runs folded on every path (the
     * normal call, the prefix, the rest), so reuse still gives the same bits.
     */
    @Test
    void foldedConvolutionsInTheOuterGraphGiveTheSameResults() {
        List<List<HostArray>> weights = new ArrayList<>();
        List<Map<String, List<Double>>> histories = new ArrayList<>();
        for (boolean reuse : new boolean[] {true, false}) {
            RandomSeed.set(21);
            SymbolicTensor in = Input.of(12, 12, 3);
            Conv2D conv = Conv2D.builder().setFilters(6).setKernelSize(3).optTrainable(false).build();
            BatchNormalization bn = BatchNormalization.builder().optTrainable(false).build();
            SymbolicTensor x = new GlobalAveragePooling2D().call(bn.call(conv.call(in)));
            try (Model model = new Model(in, new Dense(1).call(new Dropout(0.2).call(x)));
                 SeedGenerator g = SeedGenerator.of(8)) {
                try (TensorScope scope = TensorScope.open()) {
                    bn.movingMean().assign(Tensor.randomUniform(Shape.of(6), -1, 1, DType.FLOAT32, g));
                    bn.movingVariance().assign(Tensor.randomUniform(Shape.of(6), 0.5, 2, DType.FLOAT32, g));
                }
                model.compile(new Adam(1e-2), new BinaryCrossentropy(true));
                Tensor xs = Tensor.randomUniform(Shape.of(70, 12, 12, 3), 0, 1, DType.FLOAT32, g);
                Tensor ys = xs.mean(new int[] {1, 2, 3}, false).greaterThan(0.5).toType(DType.FLOAT32).reshape(70, 1);
                History history = model.fit(xs, ys, FitOptions.builder().optEpochs(3).optBatchSize(16).optSeed(5)
                        .optVerbose(0).optReuseFrozenPrefix(reuse).build());
                weights.add(model.weights().stream().map(Variable::toHostArray).toList());
                histories.add(history.history());
                xs.close();
                ys.close();
            }
        }
        assertEquals(weights.get(1), weights.get(0), "final weights with and without reuse");
        assertEquals(histories.get(1), histories.get(0), "History with and without reuse");
    }

    /**
     * The stored outputs (64 MiB: 1,024 samples of 32x32x16 float32 features) are freed when fit returns,
     * and when it ends with an exception: the resident memory drops by most of it at once, with no garbage
     * collection in between (which would free unreachable tensors anyway). It runs in a JVM of its own, as
     * {@code MemoryStabilityTest} explains.
     */
    @Test
    void storedOutputsAreFreedWhenFitEnds() throws IOException, InterruptedException {
        assumeTrue(ResidentMemory.isAvailable(), "Skipped: resident memory is read from /proc/self/status (Linux only)");
        TestJvm.runStatic(TestJvm.MEMORY_OPTIONS, FrozenPrefixReuseTest.class, "fitTwiceWithAStore", 300);
    }

    private static void fitTwiceWithAStore() throws IOException {
        long storeBytes = 1024L * 32 * 32 * 16 * 4;
        RandomSeed.set(3);
        SymbolicTensor in = Input.of(32, 32, 3);
        Conv2D frozen = Conv2D.builder().setFilters(16).setKernelSize(3).optPadding("same").optTrainable(false)
                .build();
        try (Model model = new Model(in, new Dense(1).call(new Flatten().call(frozen.call(in))));
                SeedGenerator g = SeedGenerator.of(4)) {
            model.compile(new Adam(1e-3), new BinaryCrossentropy(true));
            Tensor xs = Tensor.randomUniform(Shape.of(1024, 32, 32, 3), 0, 1, DType.FLOAT32, g);
            Tensor ys = Tensor.zeros(Shape.of(1024, 1), DType.FLOAT32);
            for (boolean failing : new boolean[] {false, true}) {
                long[] full = new long[1];
                Callback probe = new Callback() {
                    @Override
                    public void onEpochEnd(int epoch, Map<String, Double> logs) {
                        try {
                            full[0] = ResidentMemory.settled();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        if (failing) {
                            throw new IllegalStateException("stop");
                        }
                    }
                };
                FitOptions options = FitOptions.builder().optEpochs(1).optBatchSize(128).optVerbose(0).optSeed(1)
                        .optCallbacks(probe).build();
                if (failing) {
                    assertThrows(IllegalStateException.class, () -> model.fit(xs, ys, options));
                } else {
                    model.fit(xs, ys, options);
                }
                long after = ResidentMemory.bytes();
                System.out.printf("frozen prefix store: RSS %.1f MiB with the store, %.1f MiB after fit%s%n",
                        full[0] / 1048576.0, after / 1048576.0, failing ? " failed" : "");
                assertTrue(full[0] - after > storeBytes * 3 / 4, "the " + storeBytes / 1048576 + " MiB store "
                        + "was not freed: RSS " + full[0] + " with it, " + after + " after fit");
            }
        }
    }
}
