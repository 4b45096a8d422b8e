package dev.graft.metrics;

import static dev.graft.metrics.MetricTesting.f32;
import static dev.graft.metrics.MetricTesting.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Accuracy}: exact equality of prediction and target. */
class AccuracyTest {
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
    void fractionOfExactMatches() {
        Accuracy accuracy = new Accuracy();
        // 1 vs 0 wrong, the other three equal.
        accuracy.updateState(Tensor.of(new long[] {1, 2, 3, 4}, 4, 1), f32(s(4, 1), 0, 2, 3, 4));
        assertEquals(3 / 4.0, accuracy.result(), EPS);
        // [batch] targets against [batch, 1] predictions; 2 of 2 right: 5 of 6 overall.
        accuracy.updateState(f32(s(2), 7, 8), f32(s(2, 1), 7, 8));
        assertEquals(5 / 6.0, accuracy.result(), EPS);
        accuracy.resetState();
        // Weights 1, 1, 0, 0 keep the wrong first and the right second: 1 / 2.
        accuracy.updateState(Tensor.of(new long[] {1, 2, 3, 4}, 4, 1), f32(s(4, 1), 0, 2, 3, 4), f32(s(4), 1, 1, 0, 0));
        assertEquals(0.5, accuracy.result(), EPS);
    }

    @Test
    void namesAndShapes() {
        assertEquals("accuracy", new Accuracy().name());
        assertEquals("acc", new Accuracy("acc").name());
        assertThrows(IllegalArgumentException.class,
                () -> new Accuracy().updateState(f32(s(2, 2), 1, 2, 3, 4), f32(s(2, 3), 1, 2, 3, 4, 5, 6)));
    }
}
