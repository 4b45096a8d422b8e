package dev.graft.callbacks;

import static dev.graft.callbacks.CallbackFixtures.compiledModel;
import static dev.graft.callbacks.CallbackFixtures.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.callbacks.CallbackFixtures.Captured;
import dev.graft.models.Model;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.FitOptions;
import dev.graft.training.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TerminateOnNaNTest {
    private Model model;
    private final Captured out = new Captured();

    @BeforeEach
    void createModel() {
        model = compiledModel(0.01);
    }

    @AfterEach
    void closeModel() {
        model.close();
    }

    @Test
    void finiteLossesAndBatchesWithoutALossLetTrainingGoOn() {
        TerminateOnNaN callback = new TerminateOnNaN(false, out.stream);
        callback.setModel(model);
        callback.onEpochBegin(0, logs());
        callback.onTrainBatchEnd(0, logs("loss", 0.7));
        callback.onTrainBatchEnd(1, logs("loss", Double.MAX_VALUE));
        callback.onTrainBatchEnd(2, logs("accuracy", Double.NaN));
        assertFalse(model.stopTraining());
        assertEquals("", out.text());
    }

    @Test
    void aNaNLossStopsTrainingAndNamesTheBatchAndEpoch() {
        TerminateOnNaN callback = new TerminateOnNaN(false, out.stream);
        callback.setModel(model);
        callback.onEpochBegin(0, logs());
        callback.onTrainBatchEnd(0, logs("loss", 0.7));
        callback.onEpochBegin(1, logs());
        callback.onTrainBatchEnd(2, logs("loss", 0.6));
        assertFalse(model.stopTraining());
        callback.onTrainBatchEnd(3, logs("loss", Double.NaN));
        assertTrue(model.stopTraining());
        assertEquals("Batch 3: Invalid loss, terminating training (epoch 2)\n", out.text());
    }

    @Test
    void anInfiniteLossStopsTrainingToo() {
        TerminateOnNaN callback = new TerminateOnNaN(false, out.stream);
        callback.setModel(model);
        callback.onEpochBegin(0, logs());
        callback.onTrainBatchEnd(5, logs("loss", Double.NEGATIVE_INFINITY));
        assertTrue(model.stopTraining());
        assertEquals("Batch 5: Invalid loss, terminating training (epoch 1)\n", out.text());
    }

    @Test
    void raiseErrorThrowsInsteadOfStopping() {
        TerminateOnNaN callback = new TerminateOnNaN(true, out.stream);
        callback.setModel(model);
        callback.onEpochBegin(4, logs());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> callback.onTrainBatchEnd(7, logs("loss", Double.POSITIVE_INFINITY)));
        assertEquals("NaN or Inf loss encountered at batch 7 of epoch 5. Loss value: inf. Terminating training "
                + "immediately.", e.getMessage());
        assertFalse(model.stopTraining());
        assertEquals("", out.text());
    }

    /** x of 8 rows of 3 features, all finite but row {@code nanRow}, which holds a NaN. */
    private static Tensor inputsWithNaN(int nanRow) {
        float[] x = new float[8 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 5) * 0.1f;
        }
        x[nanRow * 3 + 1] = Float.NaN;
        return Tensor.of(x, 8, 3);
    }

    private static FitOptions fitOptions(Callback... callbacks) {
        return FitOptions.builder().optEpochs(3).optBatchSize(2).optShuffle(false).optVerbose(0)
                .optCallbacks(callbacks).build();
    }

    @Test
    void inARealFitANaNInputStopsTrainingAtTheBatchThatMetIt() {
        List<Integer> batchesRun = new ArrayList<>();
        Callback counter = new Callback() {
            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                batchesRun.add(batch);
            }
        };
        try (TensorScope scope = TensorScope.open()) {
            // Row 5 lies in batch 2 (rows 4 and 5) of epoch 1: training stops there, not at the epoch's end.
            History history = model.fit(inputsWithNaN(5), Tensor.of(new float[8], 8, 1),
                    fitOptions(new TerminateOnNaN(false, out.stream), counter));
            assertEquals(List.of(0, 1, 2), batchesRun);
            assertEquals("Batch 2: Invalid loss, terminating training (epoch 1)\n", out.text());
            assertTrue(model.stopTraining());
            // As in Keras, the epoch that stopped still ends (its logs are recorded) and no other begins.
            assertEquals(1, history.history().get("loss").size(), history.history().toString());
        }
    }

    @Test
    void inARealFitRaiseErrorNamesTheBatchAndEpoch() {
        try (TensorScope scope = TensorScope.open()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.fit(inputsWithNaN(2),
                    Tensor.of(new float[8], 8, 1), fitOptions(new TerminateOnNaN(true, out.stream))));
            assertEquals("NaN or Inf loss encountered at batch 1 of epoch 1. Loss value: nan. Terminating training "
                    + "immediately.", e.getMessage());
        }
    }
}
