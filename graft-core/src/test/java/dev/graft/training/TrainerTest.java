package dev.graft.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.callbacks.Callback;
import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.MeanSquaredError;
import dev.graft.models.Model;
import dev.graft.optimizers.SGD;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.utils.Names;
import dev.graft.utils.RandomSeed;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private TensorScope scope;
    private Model model;
    private Tensor x;
    private Tensor y;

    @BeforeEach
    void setUp() {
        Names.clearSession();
        RandomSeed.set(42);
        scope = TensorScope.open();
        SymbolicTensor in = Input.of(2);
        model = new Model(in, new Dense(1).call(in));
        // y = 3 a - 2 b + 1 on a grid of 20 points.
        float[] xs = new float[40];
        float[] ys = new float[20];
        for (int i = 0; i < 20; i++) {
            xs[2 * i] = (i % 5) / 4f;
            xs[2 * i + 1] = (i / 5) / 3f;
            ys[i] = 3 * xs[2 * i] - 2 * xs[2 * i + 1] + 1;
        }
        x = Tensor.of(xs, 20, 2);
        y = Tensor.of(ys, 20, 1);
    }

    @AfterEach
    void tearDown() {
        model.close();
        scope.close();
    }

    private static FitOptions.Builder quiet(int epochs) {
        return FitOptions.builder().optEpochs(epochs).optBatchSize(5).optVerbose(0).optSeed(1);
    }

    /** Records the hooks it sees, as "name:index". */
    private static final class Recorder implements Callback {
        final List<String> events = new ArrayList<>();
        Model model;

        @Override
        public void setModel(Model model) {
            this.model = model;
        }

        @Override
        public void onTrainBegin(Map<String, Double> logs) {
            events.add("trainBegin");
        }

        @Override
        public void onTrainEnd(Map<String, Double> logs) {
            events.add("trainEnd");
        }

        @Override
        public void onEpochBegin(int epoch, Map<String, Double> logs) {
            events.add("epochBegin:" + epoch);
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            events.add("epochEnd:" + epoch + logs.keySet());
        }

        @Override
        public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
            events.add("batchBegin:" + batch);
        }

        @Override
        public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            events.add("batchEnd:" + batch);
        }

        @Override
        public void onTestBegin(Map<String, Double> logs) {
            events.add("testBegin");
        }

        @Override
        public void onTestEnd(Map<String, Double> logs) {
            events.add("testEnd");
        }
    }

    @Test
    void learnsALinearFunctionAndLossIsTheBatchWeightedMean() {
        model.compile(new SGD(0.1), new MeanSquaredError());
        History history = model.fit(x, y, quiet(200).build());
        assertTrue(history.last("loss") < 1e-4, "loss " + history.last("loss"));
        Tensor prediction = model.predict(Tensor.of(new float[] {1, 0}, 1, 2),
                InferenceOptions.builder().optVerbose(0).build());
        assertEquals(4.0, prediction.item(), 0.02);
    }

    @Test
    void epochLossIsTheMeanOverBatchesWeightedByBatchSize() {
        // Batches of 8, 8 and 4 with a learning rate of 0: the epoch loss weighs the last batch by 4, as
        // Keras' loss tracker does, so it equals the loss over all 20 samples at once.
        model.compile(new SGD(0.0), new MeanSquaredError());
        History history = model.fit(x, y, quiet(1).optBatchSize(8).optShuffle(false).build());
        Map<String, Double> whole = model.evaluate(x, y, InferenceOptions.builder().optVerbose(0).build());
        assertEquals(whole.get("loss"), history.last("loss"), 1e-6);
    }

    @Test
    void callbacksSeeKerasOrderAndTheModel() {
        model.compile(new SGD(0.01), new MeanSquaredError());
        Recorder recorder = new Recorder();
        TensorBatches validation = new TensorBatches(x, y, 10, false, 0);
        model.fit(x, y, quiet(2).optBatchSize(10).optValidationData(validation).optCallbacks(recorder).build());
        assertEquals(model, recorder.model);
        assertEquals(List.of("trainBegin",
                "epochBegin:0", "batchBegin:0", "batchEnd:0", "batchBegin:1", "batchEnd:1", "testBegin", "testEnd",
                "epochEnd:0[loss, val_loss]",
                "epochBegin:1", "batchBegin:0", "batchEnd:0", "batchBegin:1", "batchEnd:1", "testBegin", "testEnd",
                "epochEnd:1[loss, val_loss]", "trainEnd"), recorder.events);
    }

    @Test
    void stopTrainingEndsTheRunAfterTheCurrentBatch() {
        model.compile(new SGD(0.01), new MeanSquaredError());
        History history = model.fit(x, y, quiet(10).optCallbacks(new Callback() {
            private Model trained;

            @Override
            public void setModel(Model m) {
                trained = m;
            }

            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                if (batch == 1) {
                    trained.setStopTraining(true);
                }
            }
        }).build());
        assertEquals(List.of(0), history.epochs());
        assertEquals(2, model.optimizer().iterations());
    }

    @Test
    void initialEpochAndStepsPerEpoch() {
        model.compile(new SGD(0.01), new MeanSquaredError());
        History history = model.fit(x, y, quiet(5).optInitialEpoch(3).optStepsPerEpoch(2).build());
        assertEquals(List.of(3, 4), history.epochs());
        assertEquals(4, model.optimizer().iterations());
    }

    @Test
    void dataOfUnknownSizeIsReadToTheEnd() {
        model.compile(new SGD(0.01), new MeanSquaredError());
        TensorBatches batches = new TensorBatches(x, y, 6, false, 0);
        Iterable<Batch> unsized = batches::iterator;
        assertEquals(-1, unsized.spliterator().getExactSizeIfKnown());
        model.fit(unsized, quiet(2).build());
        assertEquals(8, model.optimizer().iterations());
    }

    @Test
    void infiniteDataNeedsStepsPerEpoch() {
        model.compile(new SGD(0.01), new MeanSquaredError());
        TensorBatches batches = new TensorBatches(x, y, 5, false, 0);
        Iterable<Batch> endless = new Iterable<>() {
            @Override
            public Iterator<Batch> iterator() {
                return java.util.stream.Stream.generate(() -> batches.iterator().next()).iterator();
            }

            @Override
            public java.util.Spliterator<Batch> spliterator() {
                return java.util.Spliterators.spliterator(iterator(), Long.MAX_VALUE, java.util.Spliterator.SIZED);
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(endless, quiet(1).build()));
        assertTrue(e.getMessage().contains("optStepsPerEpoch"), e.getMessage());
        model.fit(endless, quiet(2).optStepsPerEpoch(3).build());
        assertEquals(6, model.optimizer().iterations());
    }

    @Test
    void emptyDataAndMissingTargetsAreClearErrors() {
        model.compile(new SGD(0.01), new MeanSquaredError());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> model.fit(List.<Batch>of(), quiet(1).build()));
        assertTrue(empty.getMessage().contains("gave no batches in epoch 1"), empty.getMessage());
        IllegalArgumentException noTargets = assertThrows(IllegalArgumentException.class,
                () -> model.fit(List.of(Batch.of(x)), quiet(1).build()));
        assertTrue(noTargets.getMessage().contains("fit() needs targets"), noTargets.getMessage());
    }

    @Test
    void fitAndEvaluateNeedCompilePredictDoesNot() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.fit(x, y, quiet(1).build()));
        assertEquals("Model '" + model.name() + "' must be compiled before fit(): call model.compile(optimizer, "
                + "loss, metrics...) first", e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> model.evaluate(x, y, InferenceOptions.builder().optVerbose(0).build()));
        Tensor out = model.predict(x, InferenceOptions.builder().optBatchSize(7).optVerbose(0).build());
        assertEquals(Shape.of(20, 1), out.shape());
    }

    @Test
    void predictConcatenatesBatchesInOrderAndMatchesCall() {
        Tensor whole = model.call(x);
        Tensor batched = model.predict(x, InferenceOptions.builder().optBatchSize(3).optVerbose(0).build());
        float[] a = whole.toFloatArray();
        float[] b = batched.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-6);
        }
    }

    @Test
    void validationSplitHoldsOutTheLastSamples() {
        model.compile(new SGD(0.0), new MeanSquaredError());
        History history = model.fit(x, y, quiet(1).optValidationSplit(0.25).build());
        Map<String, Double> tail = model.evaluate(x.slice(0, 15, 20), y.slice(0, 15, 20),
                InferenceOptions.builder().optVerbose(0).build());
        assertEquals(tail.get("loss"), history.last("val_loss"), 1e-6);
    }

    @Test
    void stepsRunInTheirOwnScopes() {
        model.compile(new SGD(0.01), new MeanSquaredError());
        int before = scope.trackedCount();
        model.fit(x, y, quiet(3).build());
        model.evaluate(x, y, InferenceOptions.builder().optVerbose(0).build());
        assertEquals(before, scope.trackedCount(), "fit and evaluate leave no tensors in the caller's scope");
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().optEpochs(0).build());
        assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().optEpochs(2).optInitialEpoch(2).build());
        assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().optVerbose(3).build());
        assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().optValidationSplit(1).build());
        assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().optStepsPerEpoch(0).build());
        assertThrows(IllegalArgumentException.class, () -> InferenceOptions.builder().optBatchSize(0).build());
    }

    @Test
    void iteratorsThatCloseAreClosedEachEpoch() {
        model.compile(new SGD(0.01), new MeanSquaredError());
        TensorBatches batches = new TensorBatches(x, y, 10, false, 0);
        int[] closed = {0};
        Iterable<Batch> closing = () -> new ClosingIterator(batches.iterator(), closed);
        model.fit(closing, quiet(3).build());
        assertEquals(3, closed[0]);
    }

    private record ClosingIterator(Iterator<Batch> inner, int[] closed) implements Iterator<Batch>, AutoCloseable {
        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public Batch next() {
            return inner.next();
        }

        @Override
        public void close() {
            closed[0]++;
        }
    }
}
