package dev.graft.callbacks;

import static dev.graft.callbacks.CallbackFixtures.compiledModel;
import static dev.graft.callbacks.CallbackFixtures.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.callbacks.CallbackFixtures.Captured;
import dev.graft.models.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LearningRateSchedulerTest {
    private Model model;

    @BeforeEach
    void createModel() {
        model = compiledModel(0.1);
    }

    @AfterEach
    void closeModel() {
        model.close();
    }

    @Test
    void setsTheRateAtEachEpochBeginAndLogsItAtTheEnd() {
        Captured out = new Captured();
        List<Double> seenByTheSchedule = new ArrayList<>();
        LearningRateScheduler scheduler = new LearningRateScheduler((epoch, lr) -> {
            seenByTheSchedule.add(lr);
            return epoch < 2 ? lr : lr * 0.5;
        }, true, out.stream);
        scheduler.setModel(model);
        scheduler.onTrainBegin(logs());
        // lr_e = lr_{e-1} for e < 2, then lr_{e-1} / 2: 0.1, 0.1, 0.05, 0.025.
        double[] expected = {0.1, 0.1, 0.1 * 0.5, 0.1 * 0.5 * 0.5};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            scheduler.onEpochBegin(epoch, logs());
            assertEquals(expected[epoch], model.optimizer().learningRate(), 0, "epoch " + epoch);
            Map<String, Double> logs = logs("loss", 1.0);
            scheduler.onEpochEnd(epoch, logs);
            assertEquals(expected[epoch], logs.get("learning_rate"), 0);
        }
        assertEquals(List.of(0.1, 0.1, 0.1, 0.1 * 0.5), seenByTheSchedule);
        assertEquals("\nEpoch 1: LearningRateScheduler setting learning rate to 0.1.\n"
                + "\nEpoch 2: LearningRateScheduler setting learning rate to 0.1.\n"
                + "\nEpoch 3: LearningRateScheduler setting learning rate to 0.05.\n"
                + "\nEpoch 4: LearningRateScheduler setting learning rate to 0.025.\n", out.text());
    }

    @Test
    void theLoggedRateIsTheOptimizersAtEpochEnd() {
        LearningRateScheduler scheduler = new LearningRateScheduler((epoch, lr) -> 0.2);
        scheduler.setModel(model);
        scheduler.onEpochBegin(0, logs());
        // Another callback changing the rate during the epoch shows in the logs.
        model.optimizer().setLearningRate(0.3);
        Map<String, Double> logs = logs("loss", 1.0);
        scheduler.onEpochEnd(0, logs);
        assertEquals(0.3, logs.get("learning_rate"), 0);
    }

    @Test
    void aNegativeOrNonFiniteRateIsAnErrorNamingTheEpoch() {
        LearningRateScheduler negative = new LearningRateScheduler((epoch, lr) -> epoch == 2 ? -1e-3 : lr);
        negative.setModel(model);
        negative.onEpochBegin(0, logs());
        negative.onEpochBegin(1, logs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> negative.onEpochBegin(2, logs()));
        assertTrue(e.getMessage().contains("-0.001") && e.getMessage().contains("epoch 2"), e.getMessage());
        assertEquals(0.1, model.optimizer().learningRate(), 0, "the rate is left alone");

        LearningRateScheduler nan = new LearningRateScheduler((epoch, lr) -> Double.NaN);
        nan.setModel(model);
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> nan.onEpochBegin(0, logs()));
        assertTrue(n.getMessage().contains("NaN") && n.getMessage().contains("epoch 0"), n.getMessage());
        LearningRateScheduler inf = new LearningRateScheduler((epoch, lr) -> Double.POSITIVE_INFINITY);
        inf.setModel(model);
        assertThrows(IllegalArgumentException.class, () -> inf.onEpochBegin(0, logs()));
    }

    @Test
    void silentByDefault() {
        Captured out = new Captured();
        LearningRateScheduler scheduler = new LearningRateScheduler((epoch, lr) -> lr / 2, false, out.stream);
        scheduler.setModel(model);
        scheduler.onEpochBegin(0, logs());
        assertEquals(0.05, model.optimizer().learningRate(), 0);
        assertEquals("", out.text());
    }

    @Test
    void withoutAModelItSaysHowToGiveOne() {
        LearningRateScheduler scheduler = new LearningRateScheduler((epoch, lr) -> lr);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scheduler.onEpochBegin(0, logs()));
        assertTrue(e.getMessage().contains("setModel"), e.getMessage());
    }
}
