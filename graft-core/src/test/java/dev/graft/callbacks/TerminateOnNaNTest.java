package dev.graft.callbacks;

import static dev.graft.callbacks.CallbackFixtures.compiledModel;
import static dev.graft.callbacks.CallbackFixtures.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.callbacks.CallbackFixtures.Captured;
import dev.graft.models.Model;
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
}
