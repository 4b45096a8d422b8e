package dev.graft.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** ExponentialDecay against {@code lr * rate^(step / decaySteps)}, with the exponent floored for staircase. */
class ExponentialDecayTest {
    private static final double EXACT = 1e-15;

    @Test
    void decaysSmoothly() {
        ExponentialDecay schedule = new ExponentialDecay(0.1, 10, 0.5);
        assertEquals(0.1, schedule.at(0), EXACT);
        assertEquals(0.1 * Math.pow(0.5, 0.5), schedule.at(5), EXACT);
        assertEquals(0.05, schedule.at(10), EXACT);
        assertEquals(0.1 * Math.pow(0.5, 2.5), schedule.at(25), EXACT);
    }

    @Test
    void staircaseDecaysOnlyEveryDecaySteps() {
        ExponentialDecay schedule = new ExponentialDecay(0.1, 10, 0.5, true);
        assertEquals(0.1, schedule.at(0), EXACT);
        assertEquals(0.1, schedule.at(9), EXACT);
        assertEquals(0.05, schedule.at(10), EXACT);
        assertEquals(0.05, schedule.at(19), EXACT);
        assertEquals(0.025, schedule.at(20), EXACT);
    }

    @Test
    void rejectsBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExponentialDecay(0.1, 0, 0.5));
        assertEquals("ExponentialDecay needs decaySteps > 0, received 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(-0.1, 10, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(0.1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(0.1, 10, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(0.1, 10, 0.5).at(-1));
    }
}
