package dev.graft.metrics;

import static dev.graft.metrics.MetricTesting.f32;
import static dev.graft.metrics.MetricTesting.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CategoricalAccuracy}: argmax of the prediction against argmax of the one-hot target. */
class CategoricalAccuracyTest {
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
    void argmaxMatches() {
        CategoricalAccuracy accuracy = new CategoricalAccuracy();
        // Classes 2 and 1; predicted argmax 1 and 1: one of two.
        accuracy.updateState(f32(s(2, 3), 0, 0, 1, 0, 1, 0), f32(s(2, 3), 0.1, 0.9, 0.8, 0.05, 0.95, 0));
        assertEquals(0.5, accuracy.result(), EPS);
        // Logits work as well: argmax 0 and 2 against 0 and 2: 3 of 4 overall.
        accuracy.updateState(f32(s(2, 3), 1, 0, 0, 0, 0, 1), f32(s(2, 3), 3, -1, 2, -5, -4, -3));
        assertEquals(3 / 4.0, accuracy.result(), EPS);
        accuracy.resetState();
        // Weights 0.7 on the wrong sample, 0.3 on the right one.
        accuracy.updateState(f32(s(2, 3), 0, 0, 1, 0, 1, 0), f32(s(2, 3), 0.1, 0.9, 0.8, 0.05, 0.95, 0),
                f32(s(2), 0.7, 0.3));
        assertEquals(0.3, accuracy.result(), EPS);
    }

    @Test
    void namesAndShapes() {
        assertEquals("categorical_accuracy", new CategoricalAccuracy().name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CategoricalAccuracy().updateState(f32(s(2), 2, 1), f32(s(2, 3), 0, 0, 1, 0, 1, 0)));
        assertTrue(e.getMessage().contains("categorical_accuracy") && e.getMessage().contains("(2, 3)"),
                e.getMessage());
    }
}
