package dev.graft.metrics;

import static dev.graft.metrics.MetricTesting.f32;
import static dev.graft.metrics.MetricTesting.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link BinaryAccuracy}: the fraction of {@code (yPred > threshold) == yTrue}. */
class BinaryAccuracyTest {
    private static final double EPS = 1e-6;
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    @Test
    void fractionOfCorrectThresholdedPredictions() {
        BinaryAccuracy accuracy = new BinaryAccuracy();
        // > 0.5: 1, 1, 0, 1 against 1, 1, 0, 0: three of four right.
        accuracy.updateState(f32(s(4, 1), 1, 1, 0, 0), f32(s(4, 1), 0.98, 1, 0, 0.6));
        assertEquals(3 / 4.0, accuracy.result(), EPS);
        // A second batch of two, one right: 4 of 6 over both.
        accuracy.updateState(f32(s(2, 1), 1, 0), f32(s(2, 1), 0.5, 0.1));
        assertEquals(4 / 6.0, accuracy.result(), EPS);
        accuracy.resetState();
        assertEquals(0, accuracy.result());
        accuracy.updateState(f32(s(2, 1), 1, 0), f32(s(2, 1), 0.7, 0.2));
        assertEquals(1, accuracy.result(), EPS);
    }

    @Test
    void rawOutputsAreComparedSoLogitsUseTheSameThreshold() {
        BinaryAccuracy accuracy = new BinaryAccuracy();
        // Logits -2, 0.4, 0.7, 3 are "positive" only above 0.5: 0, 0, 1, 1 against 0, 1, 1, 1.
        accuracy.updateState(Tensor.of(new long[] {0, 1, 1, 1}, 4), f32(s(4, 1), -2, 0.4, 0.7, 3));
        assertEquals(3 / 4.0, accuracy.result(), EPS);
    }

    @Test
    void sampleWeightsAndOtherThresholds() {
        BinaryAccuracy accuracy = new BinaryAccuracy();
        // Right, right, right, wrong with weights 1, 0, 0, 1: (1 + 0) / 2.
        accuracy.updateState(f32(s(4, 1), 1, 1, 0, 0), f32(s(4, 1), 0.98, 1, 0, 0.6), f32(s(4), 1, 0, 0, 1));
        assertEquals(0.5, accuracy.result(), EPS);
        BinaryAccuracy strict = new BinaryAccuracy(0.7);
        strict.updateState(f32(s(4, 1), 1, 1, 0, 0), f32(s(4, 1), 0.98, 0.65, 0, 0.6));
        // > 0.7: 1, 0, 0, 0 against 1, 1, 0, 0.
        assertEquals(3 / 4.0, strict.result(), EPS);
    }

    @Test
    void severalOutputsPerSampleAreAveragedFirst() {
        BinaryAccuracy accuracy = new BinaryAccuracy();
        // Sample 0: both right (1); sample 1: one of two right (0.5).
        accuracy.updateState(f32(s(2, 2), 1, 0, 1, 1), f32(s(2, 2), 0.9, 0.1, 0.2, 0.8));
        assertEquals((1 + 0.5) / 2, accuracy.result(), EPS);
    }

    @Test
    void optionsAndValidation() {
        assertEquals("binary_accuracy", new BinaryAccuracy().name());
        assertEquals("acc", BinaryAccuracy.builder().optName("acc").build().name());
        assertEquals(0.5, new BinaryAccuracy().threshold());
        assertThrows(IllegalArgumentException.class, () -> new BinaryAccuracy(0));
        assertThrows(IllegalArgumentException.class, () -> BinaryAccuracy.builder().optThreshold(1).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BinaryAccuracy().updateState(f32(s(3), 1, 0, 1), f32(s(2, 1), 0.9, 0.1)));
        assertTrue(e.getMessage().contains("binary_accuracy") && e.getMessage().contains("(3,)")
                && e.getMessage().contains("(2, 1)"), e.getMessage());
    }
}
