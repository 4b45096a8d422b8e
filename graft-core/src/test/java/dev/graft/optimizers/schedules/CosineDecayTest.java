package dev.graft.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * CosineDecay against Keras' formulas: warmup {@code (target - lr) * step / warmupSteps + lr}, then
 * {@code from * ((1 - alpha) * 0.5 * (1 + cos(pi * min(s, decaySteps) / decaySteps)) + alpha)}, with s counted
 * from the end of the warmup.
 */
class CosineDecayTest {
    private static final double EXACT = 1e-15;

    private static double cosine(double from, double alpha, double s, double decaySteps) {
        return from * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * Math.min(s, decaySteps) / decaySteps)) + alpha);
    }

    @Test
    void decaysToZeroAndStaysThere() {
        CosineDecay schedule = new CosineDecay(1.0, 10);
        assertEquals(1.0, schedule.at(0), EXACT);
        assertEquals(cosine(1.0, 0, 3, 10), schedule.at(3), EXACT);
        assertEquals(0.5, schedule.at(5), EXACT);
        assertEquals(0.0, schedule.at(10), EXACT);
        assertEquals(0.0, schedule.at(1000), EXACT);
    }

    @Test
    void alphaIsTheFinalFraction() {
        CosineDecay schedule = new CosineDecay(0.2, 10, 0.1);
        assertEquals(0.2 * (0.9 * 0.5 + 0.1), schedule.at(5), EXACT);
        assertEquals(0.02, schedule.at(10), EXACT);
        assertEquals(0.02, schedule.at(50), EXACT);
    }

    @Test
    void warmsUpLinearlyThenDecaysFromTheTarget() {
        CosineDecay schedule = new CosineDecay(0.2, 10, 0.0, 1.0, 4);
        assertEquals(0.2, schedule.at(0), EXACT);
        assertEquals((1.0 - 0.2) * 0.25 + 0.2, schedule.at(1), EXACT);
        assertEquals((1.0 - 0.2) * 0.75 + 0.2, schedule.at(3), EXACT);
        assertEquals(1.0, schedule.at(4), EXACT);
        assertEquals(cosine(1.0, 0, 3, 10), schedule.at(7), EXACT);
        assertEquals(0.5, schedule.at(9), EXACT);
        assertEquals(0.0, schedule.at(14), EXACT);
        assertEquals(0.0, schedule.at(100), EXACT);
    }

    @Test
    void zeroWarmupStepsDecayFromTheTarget() {
        CosineDecay schedule = new CosineDecay(0.0, 10, 0.5, 2.0, 0);
        assertEquals(2.0, schedule.at(0), EXACT);
        assertEquals(cosine(2.0, 0.5, 5, 10), schedule.at(5), EXACT);
        assertEquals(1.0, schedule.at(10), EXACT);
    }

    @Test
    void rejectsBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, -5));
        assertEquals("CosineDecay needs decaySteps > 0, received -5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CosineDecay(Double.POSITIVE_INFINITY, 10));
        assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 10, 0, -1, 5));
        assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 10, 0, 1, -5));
        assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 10).at(-1));
    }
}
