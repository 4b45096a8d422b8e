package dev.graft.callbacks;

import static dev.graft.callbacks.CallbackFixtures.compiledModel;
import static dev.graft.callbacks.CallbackFixtures.logs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.callbacks.CallbackFixtures.Captured;
import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReduceLROnPlateauTest {
    private Model model;

    @BeforeEach
    void createModel() {
        model = compiledModel(1.0);
    }

    @AfterEach
    void closeModel() {
        model.close();
    }

    /**
     * Runs one training of {@code values.length} epochs, {@code monitor} taking {@code values[epoch]}.
     *
     * @return {@code [2 * epochs]}: for each epoch the {@code learning_rate} logged, then the rate after the epoch
     */
    private double[] train(ReduceLROnPlateau callback, String monitor, double... values) {
        callback.setModel(model);
        callback.onTrainBegin(logs());
        double[] rates = new double[2 * values.length];
        for (int epoch = 0; epoch < values.length; epoch++) {
            Map<String, Double> logs = logs(monitor, values[epoch]);
            callback.onEpochEnd(epoch, logs);
            rates[2 * epoch] = logs.get("learning_rate");
            rates[2 * epoch + 1] = model.optimizer().learningRate();
        }
        callback.onTrainEnd(logs());
        return rates;
    }

    @Test
    void reducesByFactorAfterPatienceEpochsWithoutImprovement() {
        ReduceLROnPlateau reduce = ReduceLROnPlateau.builder().optMonitor("loss").optFactor(0.5).optPatience(2)
                .build();
        // Epoch 0 is the best; epochs 1-2 wait, epoch 2 reduces 1.0 -> 0.5 and restarts the wait; epoch 4
        // reduces 0.5 -> 0.25. The logged rate is the one in force during the epoch.
        double[] rates = train(reduce, "loss", 1, 1, 1, 1, 1);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25}, rates, 0);
    }

    @Test
    void improvementsSmallerThanMinDeltaDoNotCount() {
        // Default minDelta 1e-4: 0.99995 is not below 1 - 1e-4, so patience 1 reduces at epoch 1.
        ReduceLROnPlateau byDefault = new ReduceLROnPlateau("loss", 0.1, 1);
        assertEquals(1 * 0.1, train(byDefault, "loss", 1, 0.99995)[3], 0);
        // With minDelta 0 the same drop is an improvement.
        model.optimizer().setLearningRate(1.0);
        ReduceLROnPlateau exact = ReduceLROnPlateau.builder().optMonitor("loss").optPatience(1).optMinDelta(0).build();
        assertEquals(1.0, train(exact, "loss", 1, 0.99995)[3], 0);
    }

    @Test
    void cooldownSkipsEpochsAfterAReduction() {
        ReduceLROnPlateau reduce = ReduceLROnPlateau.builder().optMonitor("loss").optFactor(0.5).optPatience(1)
                .optCooldown(2).build();
        // Flat loss: epoch 1 reduces and starts a cooldown of 2; epoch 2 counts it down to 1 and is skipped;
        // epoch 3 counts it down to 0, so its wait counts again and reduces; likewise epoch 5.
        double[] rates = train(reduce, "loss", 1, 1, 1, 1, 1, 1, 1);
        double[] after = {rates[1], rates[3], rates[5], rates[7], rates[9], rates[11], rates[13]};
        assertArrayEquals(new double[] {1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125}, after, 0);
        // Without cooldown, every epoch after the first reduces.
        model.optimizer().setLearningRate(1.0);
        double[] plain = train(new ReduceLROnPlateau("loss", 0.5, 1), "loss", 1, 1, 1, 1);
        assertArrayEquals(new double[] {1, 0.5, 0.25, 0.125}, new double[] {plain[1], plain[3], plain[5], plain[7]},
                0);
    }

    @Test
    void neverGoesBelowMinLrAndStopsReducingThere() {
        Captured out = new Captured();
        ReduceLROnPlateau reduce = ReduceLROnPlateau.builder().optMonitor("loss").optFactor(0.1).optPatience(1)
                .optMinLr(0.05).optVerbose(true).optOutput(out.stream).build();
        // 1.0 -> max(1.0 * 0.1, 0.05) = 0.1 -> max(0.1 * 0.1, 0.05) = 0.05, then no more reductions.
        double[] rates = train(reduce, "loss", 1, 1, 1, 1, 1);
        assertArrayEquals(new double[] {1, 1.0 * 0.1, 0.05, 0.05, 0.05},
                new double[] {rates[1], rates[3], rates[5], rates[7], rates[9]}, 0);
        assertEquals("\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.1.\n"
                + "\nEpoch 3: ReduceLROnPlateau reducing learning rate to 0.05.\n", out.text());
    }

    @Test
    void accuracyIsMaximisedInAutoModeAndModesCanBeForced() {
        ReduceLROnPlateau auto = new ReduceLROnPlateau("val_accuracy", 0.5, 1);
        assertEquals(1.0, train(auto, "val_accuracy", 0.5, 0.6, 0.7)[5], 0, "rising accuracy improves");
        assertEquals(0.5, train(auto, "val_accuracy", 0.5, 0.4)[3], 0, "falling accuracy reduces");
        model.optimizer().setLearningRate(1.0);
        ReduceLROnPlateau forcedMax = ReduceLROnPlateau.builder().optMonitor("loss").optFactor(0.5).optPatience(1)
                .optMode(MonitorMode.MAX).build();
        assertEquals(0.5, train(forcedMax, "loss", 0.5, 0.4)[3], 0, "falling value in max mode reduces");
    }

    @Test
    void aMissingMonitorWarnsAndStillLogsTheRate() {
        Captured out = new Captured();
        ReduceLROnPlateau reduce = ReduceLROnPlateau.builder().optPatience(0).optOutput(out.stream).build();
        reduce.setModel(model);
        reduce.onTrainBegin(logs());
        for (int epoch = 0; epoch < 2; epoch++) {
            Map<String, Double> logs = logs("loss", 1.0);
            reduce.onEpochEnd(epoch, logs);
            assertEquals(1.0, logs.get("learning_rate"), 0);
        }
        assertEquals(1.0, model.optimizer().learningRate(), 0);
        assertEquals("WARNING: Learning rate reduction is conditioned on metric `val_loss` which is not available. "
                + "Available metrics are: loss,learning_rate.\n", out.text());
    }

    @Test
    void trainBeginResetsTheBestValue() {
        ReduceLROnPlateau reduce = new ReduceLROnPlateau("loss", 0.5, 1);
        train(reduce, "loss", 0.1);
        // A fresh run accepts 5.0 as its first best rather than comparing it with 0.1.
        assertEquals(1.0, train(reduce, "loss", 5.0, 4.0)[3], 0);
    }

    @Test
    void invalidOptionsAreRejectedWithTheValueReceived() {
        IllegalArgumentException factor = assertThrows(IllegalArgumentException.class,
                () -> new ReduceLROnPlateau("loss", 1.0, 3));
        assertTrue(factor.getMessage().contains("factor >= 1.0. Received factor=1.0"), factor.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("loss", 0.0, 3));
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().optPatience(-1).build());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().optCooldown(-1).build());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().optMinLr(-1e-3).build());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().optMinDelta(-1).build());
    }

    @Test
    void anUncompiledModelIsReportedWithTheFix() {
        SymbolicTensor in = Input.of(3);
        try (Model uncompiled = new Model(in, new Dense(1).call(in))) {
            ReduceLROnPlateau reduce = new ReduceLROnPlateau();
            reduce.setModel(uncompiled);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> reduce.onEpochEnd(0, logs("val_loss", 1.0)));
            assertTrue(e.getMessage().contains("compile"), e.getMessage());
        }
    }
}
