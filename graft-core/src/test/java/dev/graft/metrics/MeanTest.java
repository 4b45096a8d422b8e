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

/** {@link Mean}: weighted running means of numbers and of tensors. */
class MeanTest {
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
    void weightedNumbersAccumulateUntilReset() {
        Mean mean = new Mean();
        assertEquals(0, mean.result(), "nothing seen yet: 0, not 0 / 0");
        mean.update(2, 1);
        mean.update(4, 3);
        assertEquals((2 * 1 + 4 * 3) / 4.0, mean.result(), EPS);
        mean.update(10);
        assertEquals((2 + 12 + 10) / 5.0, mean.result(), EPS);
        mean.resetState();
        assertEquals(0, mean.result());
        mean.update(7, 0.5);
        assertEquals(7, mean.result(), EPS);
    }

    @Test
    void tensorsCountOneValuePerSample() {
        Mean mean = new Mean();
        mean.updateState(f32(s(4), 1, 3, 5, 7));
        assertEquals(4, mean.result(), EPS);
        // [batch, d]: each sample contributes the mean of its row: 1.5 and 4.
        mean.updateState(f32(s(2, 2), 1, 2, 3, 5));
        assertEquals((1 + 3 + 5 + 7 + 1.5 + 4) / 6, mean.result(), EPS);
        // A scalar is one sample.
        mean.updateState(Tensor.scalar(9));
        assertEquals((16 + 5.5 + 9) / 7, mean.result(), EPS);
        // Integer values are fine.
        Mean ints = new Mean();
        ints.updateState(Tensor.of(new long[] {1, 2}, 2));
        assertEquals(1.5, ints.result(), EPS);
    }

    @Test
    void sampleWeights() {
        Mean mean = new Mean();
        mean.updateState(f32(s(4), 1, 3, 5, 7), f32(s(4), 1, 1, 0, 0));
        assertEquals((1 + 3) / 2.0, mean.result(), EPS);
        // [batch, 1] weights line up with [batch] values.
        mean.updateState(f32(s(2), 10, 20), f32(s(2, 1), 0.5, 1.5));
        assertEquals((1 + 3 + 10 * 0.5 + 20 * 1.5) / (2 + 0.5 + 1.5), mean.result(), EPS);
        // Per-sample weights on [batch, d] values weigh each row's mean.
        Mean rows = new Mean();
        rows.updateState(f32(s(2, 2), 1, 3, 5, 7), f32(s(2), 3, 1));
        assertEquals((2 * 3 + 6 * 1) / 4.0, rows.result(), EPS);
    }

    @Test
    void aScalarWeightCountsTheWholeBatchAsOneValue() {
        Mean mean = new Mean();
        // Keras reduces the values to the weight's rank (a scalar: their mean, 4) and counts the weight once.
        mean.updateState(f32(s(4), 1, 3, 5, 7), Tensor.scalar(2));
        mean.update(1, 2);
        assertEquals((4 * 2 + 1 * 2) / 4.0, mean.result(), EPS);
        // A weight of batch size 1 is broadcast over the samples instead.
        Mean broadcast = new Mean();
        broadcast.updateState(f32(s(4), 1, 3, 5, 7), f32(s(1), 2));
        broadcast.update(1, 2);
        assertEquals((16 * 2 + 1 * 2) / (4 * 2 + 2.0), broadcast.result(), EPS);
    }

    @Test
    void weightsThatDoNotBroadcastAreRejected() {
        Mean mean = new Mean("loss_mean");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mean.updateState(f32(s(4), 1, 3, 5, 7), f32(s(3), 1, 1, 1)));
        assertTrue(e.getMessage().contains("loss_mean") && e.getMessage().contains("(3,)")
                && e.getMessage().contains("(4,)"), e.getMessage());
    }

    @Test
    void names() {
        assertEquals("mean", new Mean().name());
        assertEquals("loss", new Mean("loss").name());
        assertThrows(IllegalArgumentException.class, () -> new Mean(""));
    }
}
