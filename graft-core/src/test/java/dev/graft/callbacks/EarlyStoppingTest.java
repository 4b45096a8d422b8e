package dev.graft.callbacks;

import static dev.graft.callbacks.CallbackFixtures.compiledModel;
import static dev.graft.callbacks.CallbackFixtures.fit;
import static dev.graft.callbacks.CallbackFixtures.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.callbacks.CallbackFixtures.Captured;
import dev.graft.models.Model;
import dev.graft.tensor.HostArray;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    private Model model;

    @BeforeEach
    void createModel() {
        model = compiledModel(0.01);
    }

    @AfterEach
    void closeModel() {
        model.close();
    }

    /** True when every weight value of the model equals {@code value}. */
    private boolean allWeightsEqual(float value) {
        List<HostArray> weights = model.getWeights();
        for (HostArray w : weights) {
            for (float v : w.data()) {
                if (v != value) {
                    return false;
                }
            }
        }
        return !weights.isEmpty();
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        EarlyStopping stop = new EarlyStopping("loss", 2);
        // Best at epoch 1 (0.9); epochs 2 and 3 do not improve: the wait reaches patience 2 at epoch 3.
        int epochs = fit(stop, model, "loss", 1.0, 0.9, 0.95, 0.92, 0.5, 0.4);
        assertEquals(4, epochs);
        assertTrue(model.stopTraining());
        assertEquals(3, stop.stoppedEpoch());
        assertEquals(1, stop.bestEpoch());
    }

    @Test
    void anImprovementRestartsThePatienceCount() {
        EarlyStopping stop = new EarlyStopping("loss", 2);
        // Each non-improving pair is broken by a new best, so the wait never reaches 2.
        int epochs = fit(stop, model, "loss", 1.0, 1.1, 0.9, 0.95, 0.8, 0.85);
        assertEquals(6, epochs);
        assertFalse(model.stopTraining());
        assertEquals(0, stop.stoppedEpoch());
        assertEquals(4, stop.bestEpoch());
    }

    @Test
    void defaultsMonitorValLossWithPatienceZero() {
        EarlyStopping stop = new EarlyStopping();
        assertEquals(2, fit(stop, model, "val_loss", 0.5, 0.6, 0.4));
        assertEquals(1, stop.stoppedEpoch());
    }

    @Test
    void changesSmallerThanMinDeltaAreNotImprovements() {
        // In min mode an improvement needs current + minDelta < best: 0.95 + 0.1 = 1.05 is not below 1.0.
        EarlyStopping coarse = EarlyStopping.builder().optMonitor("loss").optMinDelta(0.1).optPatience(1).build();
        assertEquals(2, fit(coarse, model, "loss", 1.0, 0.95, 0.9));
        assertEquals(0, coarse.bestEpoch());
        // Keras uses |minDelta|: a negative one behaves the same.
        EarlyStopping negative = EarlyStopping.builder().optMonitor("loss").optMinDelta(-0.1).optPatience(1).build();
        assertEquals(2, fit(negative, model, "loss", 1.0, 0.95, 0.9));
        // 0.95 + 0.01 = 0.96 < 1.0 and 0.9 + 0.01 < 0.95: both are improvements.
        EarlyStopping fine = EarlyStopping.builder().optMonitor("loss").optMinDelta(0.01).optPatience(1).build();
        assertEquals(3, fit(fine, model, "loss", 1.0, 0.95, 0.9));
        assertEquals(2, fine.bestEpoch());
    }

    @Test
    void maxModeNeedsIncreasesAndAutoInfersItFromTheName() {
        // Accuracy-like names are maximised: 0.55 after 0.6 is no improvement.
        EarlyStopping auto = new EarlyStopping("val_accuracy", 0);
        assertEquals(3, fit(auto, model, "val_accuracy", 0.5, 0.6, 0.55, 0.7));
        assertEquals(1, auto.bestEpoch());
        EarlyStopping auc = new EarlyStopping("val_auc", 0);
        assertEquals(2, fit(auc, model, "val_auc", 0.7, 0.6, 0.8));
        // Forced min mode treats the rising accuracy as getting worse.
        EarlyStopping min = EarlyStopping.builder().optMonitor("val_accuracy").optMode(MonitorMode.MIN).build();
        assertEquals(2, fit(min, model, "val_accuracy", 0.5, 0.6, 0.4));
        // Forced max mode on a loss.
        EarlyStopping max = EarlyStopping.builder().optMonitor("loss").optMode(MonitorMode.MAX).build();
        assertEquals(2, fit(max, model, "loss", 0.5, 0.4, 0.6));
        // In max mode an improvement needs current - minDelta > best: 0.65 - 0.1 is not above 0.6.
        EarlyStopping delta = EarlyStopping.builder().optMonitor("acc").optMinDelta(0.1).build();
        assertEquals(2, fit(delta, model, "acc", 0.6, 0.65, 0.9));
    }

    @Test
    void autoModeRule() {
        assertTrue(MonitorMode.AUTO.isMaximizing("accuracy"));
        assertTrue(MonitorMode.AUTO.isMaximizing("val_acc"));
        assertTrue(MonitorMode.AUTO.isMaximizing("val_binary_accuracy"));
        assertTrue(MonitorMode.AUTO.isMaximizing("auc"));
        assertFalse(MonitorMode.AUTO.isMaximizing("val_loss"));
        assertFalse(MonitorMode.AUTO.isMaximizing("mean_absolute_error"));
        assertTrue(MonitorMode.MAX.isMaximizing("loss"));
        assertFalse(MonitorMode.MIN.isMaximizing("accuracy"));
    }

    @Test
    void withABaselineOnlyValuesBeatingItRestartThePatienceCount() {
        // Without a baseline: epoch 0 is the best, epoch 1 waits 1 < patience 2.
        EarlyStopping plain = new EarlyStopping("loss", 2);
        assertEquals(3, fit(plain, model, "loss", 0.9, 0.95, 0.85));
        // Baseline 0.5 is never beaten: epoch 0 improves on "no best" but leaves the wait at 1, so epoch 1
        // brings it to 2 = patience.
        EarlyStopping baseline = EarlyStopping.builder().optMonitor("loss").optPatience(2).optBaseline(0.5).build();
        assertEquals(2, fit(baseline, model, "loss", 0.9, 0.95, 0.85));
        assertEquals(1, baseline.stoppedEpoch());
        // Improving epochs never stop training even above the baseline; the first non-improving one, with the
        // wait at 4 >= 2, does.
        EarlyStopping improving = EarlyStopping.builder().optMonitor("loss").optPatience(2).optBaseline(0.5).build();
        assertEquals(4, fit(improving, model, "loss", 0.9, 0.8, 0.7, 0.75, 0.6));
        // Beating the baseline at epoch 1 restarts the count: stops 2 epochs later.
        EarlyStopping beaten = EarlyStopping.builder().optMonitor("loss").optPatience(2).optBaseline(0.5).build();
        assertEquals(4, fit(beaten, model, "loss", 0.9, 0.4, 0.45, 0.46, 0.47));
        assertEquals(1, beaten.bestEpoch());
    }

    @Test
    void epochsBeforeStartFromEpochAreIgnored() {
        // Without warm-up the rise at epoch 1 stops training at once.
        EarlyStopping noWarmUp = new EarlyStopping("loss", 0);
        assertEquals(2, fit(noWarmUp, model, "loss", 1, 2, 3, 2.5, 2.6));
        // Epochs 0 and 1 are skipped; epoch 2 (3.0) is the first best, 2.5 improves, 2.6 stops.
        EarlyStopping warmUp = EarlyStopping.builder().optMonitor("loss").optStartFromEpoch(2).build();
        assertEquals(5, fit(warmUp, model, "loss", 1, 2, 3, 2.5, 2.6));
        assertEquals(4, warmUp.stoppedEpoch());
        assertEquals(3, warmUp.bestEpoch());
    }

    @Test
    void restoresExactlyTheBestEpochsWeightsWhenStopping() {
        Captured out = new Captured();
        EarlyStopping stop = EarlyStopping.builder().optMonitor("loss").optPatience(2).optRestoreBestWeights(true)
                .optVerbose(true).optOutput(out.stream).build();
        // fit() sets every weight to the epoch number before each epoch's end: the best epoch is 1.
        assertEquals(4, fit(stop, model, "loss", 1.0, 0.5, 0.7, 0.8, 0.1));
        assertTrue(allWeightsEqual(1f), "weights of epoch 1 restored");
        assertEquals("Epoch 4: early stopping\nRestoring model weights from the end of the best epoch: 2.\n",
                out.text());
    }

    @Test
    void restoresTheBestWeightsEvenWithoutStoppingEarly() {
        EarlyStopping stop = EarlyStopping.builder().optMonitor("loss").optPatience(5).optRestoreBestWeights(true)
                .build();
        assertEquals(4, fit(stop, model, "loss", 1.0, 0.2, 0.7, 0.9));
        assertFalse(model.stopTraining());
        assertTrue(allWeightsEqual(1f), "Keras 3 restores the best epoch at the end of every run");

        EarlyStopping keep = EarlyStopping.builder().optMonitor("loss").optPatience(1).build();
        assertEquals(3, fit(keep, model, "loss", 1.0, 0.2, 0.7, 0.9));
        assertTrue(allWeightsEqual(2f), "without restoreBestWeights the last epoch's weights stay");
    }

    @Test
    void silentUnlessVerbose() {
        Captured out = new Captured();
        EarlyStopping stop = EarlyStopping.builder().optMonitor("loss").optRestoreBestWeights(true)
                .optOutput(out.stream).build();
        assertEquals(2, fit(stop, model, "loss", 1.0, 2.0));
        assertEquals("", out.text());
    }

    @Test
    void aMissingMonitorWarnsOnceWithTheAvailableKeysAndNeverStops() {
        Captured out = new Captured();
        EarlyStopping stop = EarlyStopping.builder().optOutput(out.stream).build();
        stop.setModel(model);
        stop.onTrainBegin(logs());
        for (int epoch = 0; epoch < 3; epoch++) {
            stop.onEpochEnd(epoch, logs("loss", 1.0 + epoch, "accuracy", 0.5));
        }
        stop.onTrainEnd(logs());
        assertFalse(model.stopTraining());
        assertEquals("WARNING: Early stopping conditioned on metric `val_loss` which is not available. "
                + "Available metrics are: loss,accuracy\n", out.text());
    }

    @Test
    void trainBeginResetsForReuse() {
        EarlyStopping stop = new EarlyStopping("loss", 1);
        assertEquals(2, fit(stop, model, "loss", 0.1, 0.2, 0.3));
        assertEquals(1, stop.stoppedEpoch());
        // A new run starts from no best: 5.0 is accepted as the first best although it is above 0.1.
        assertEquals(3, fit(stop, model, "loss", 5.0, 4.0, 3.0));
        assertEquals(0, stop.stoppedEpoch());
        assertEquals(2, stop.bestEpoch());
    }

    @Test
    void invalidOptionsAreRejectedWithTheValueReceived() {
        IllegalArgumentException patience = assertThrows(IllegalArgumentException.class,
                () -> EarlyStopping.builder().optPatience(-1).build());
        assertTrue(patience.getMessage().contains("patience >= 0, received -1"), patience.getMessage());
        IllegalArgumentException start = assertThrows(IllegalArgumentException.class,
                () -> EarlyStopping.builder().optStartFromEpoch(-2).build());
        assertTrue(start.getMessage().contains("-2"), start.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().optMonitor("").build());
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().optMinDelta(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().optBaseline(Double.NaN).build());
    }

    @Test
    void withoutAModelItSaysHowToGiveOne() {
        EarlyStopping stop = EarlyStopping.builder().optMonitor("loss").optRestoreBestWeights(true).build();
        stop.onTrainBegin(logs());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> stop.onEpochEnd(0, logs("loss", 1.0)));
        assertTrue(e.getMessage().contains("setModel"), e.getMessage());
    }
}
