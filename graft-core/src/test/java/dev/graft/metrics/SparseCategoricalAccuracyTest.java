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

/** {@link SparseCategoricalAccuracy}: argmax of the prediction against an integer label. */
class SparseCategoricalAccuracyTest {
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

    private static Tensor predictions() {
        // argmax: 1 and 1.
        return f32(s(2, 3), 0.1, 0.6, 0.3, 0.05, 0.95, 0);
    }

    @Test
    void labelsAsBatchOrBatchByOne() {
        SparseCategoricalAccuracy accuracy = new SparseCategoricalAccuracy();
        // Labels 2 and 1: one of two.
        accuracy.updateState(Tensor.of(new long[] {2, 1}, 2, 1), predictions());
        assertEquals(0.5, accuracy.result(), EPS);
        // [batch] labels, both right: 3 of 4.
        accuracy.updateState(Tensor.of(new long[] {1, 1}, 2), predictions());
        assertEquals(3 / 4.0, accuracy.result(), EPS);
        // Float labels compare with the predicted class as a float: 4 of 6.
        accuracy.updateState(f32(s(2), 1, 0), predictions());
        assertEquals(4 / 6.0, accuracy.result(), EPS);
        accuracy.resetState();
        accuracy.updateState(Tensor.of(new long[] {2, 1}, 2, 1), predictions(), f32(s(2), 0.7, 0.3));
        assertEquals(0.3, accuracy.result(), EPS);
    }

    @Test
    void namesAndShapes() {
        assertEquals("sparse_categorical_accuracy", new SparseCategoricalAccuracy().name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalAccuracy().updateState(Tensor.of(new long[] {1, 2, 0}, 3), predictions()));
        assertTrue(e.getMessage().contains("sparse_categorical_accuracy") && e.getMessage().contains("(3,)")
                && e.getMessage().contains("(2, 3)"), e.getMessage());
    }
}
