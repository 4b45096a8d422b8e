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

/** {@link Precision} and {@link Recall}: confusion counts at one threshold, accumulated over batches. */
class PrecisionTest {
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

    // Targets 0, 1, 1, 1 and predictions 1, 0, 1, 1: TP at 2 and 3, FP at 0, FN at 1.
    private static Tensor yTrue() {
        return f32(s(4), 0, 1, 1, 1);
    }

    private static Tensor yPred() {
        return f32(s(4), 1, 0, 1, 1);
    }

    @Test
    void precisionAndRecallOfOneBatch() {
        Precision precision = new Precision();
        Recall recall = new Recall();
        precision.updateState(yTrue(), yPred());
        recall.updateState(yTrue(), yPred());
        assertEquals(2 / (2 + 1.0), precision.result(), EPS);
        assertEquals(2 / (2 + 1.0), recall.result(), EPS);
    }

    @Test
    void countsAccumulateOverBatchesUntilReset() {
        Precision precision = new Precision();
        Recall recall = new Recall();
        // Batch 2: targets 1, 0, 1 and probabilities 0.9, 0.8, 0.3 -> TP 1, FP 1, FN 1.
        for (Metric m : new Metric[] {precision, recall}) {
            m.updateState(yTrue(), yPred());
            m.updateState(f32(s(3, 1), 1, 0, 1), f32(s(3, 1), 0.9, 0.8, 0.3));
        }
        assertEquals(3 / (3 + 2.0), precision.result(), EPS);
        assertEquals(3 / (3 + 2.0), recall.result(), EPS);
        precision.resetState();
        recall.resetState();
        assertEquals(0, precision.result());
        precision.updateState(f32(s(2), 1, 0), f32(s(2), 0.9, 0.1));
        assertEquals(1, precision.result(), EPS);
    }

    @Test
    void theThresholdIsStrict() {
        Precision precision = new Precision();
        // 0.5 is not above 0.5: only the 0.6 counts, and it is a false positive.
        precision.updateState(f32(s(2), 1, 0), f32(s(2), 0.5, 0.6));
        assertEquals(0, precision.result(), EPS);
        // Threshold 0 for logits: -1 is negative, 0.1 positive.
        Recall recall = new Recall(0);
        recall.updateState(f32(s(2), 1, 1), f32(s(2), -1, 0.1));
        assertEquals(0.5, recall.result(), EPS);
    }

    @Test
    void emptyDenominatorsGiveZero() {
        Precision precision = new Precision();
        Recall recall = new Recall();
        // Nothing predicted positive: precision 0 / 0 -> 0. No positive target: recall 0 / 0 -> 0.
        precision.updateState(f32(s(3), 1, 0, 1), f32(s(3), 0.1, 0.2, 0.3));
        recall.updateState(f32(s(3), 0, 0, 0), f32(s(3), 0.9, 0.2, 0.7));
        assertEquals(0, precision.result());
        assertEquals(0, recall.result());
    }

    @Test
    void sampleWeights() {
        Precision precision = new Precision();
        Recall recall = new Recall();
        // Only sample 2 (a true positive) weighs anything.
        precision.updateState(yTrue(), yPred(), f32(s(4), 0, 0, 1, 0));
        recall.updateState(yTrue(), yPred(), f32(s(4), 0, 0, 1, 0));
        assertEquals(1, precision.result(), EPS);
        assertEquals(1, recall.result(), EPS);
        // Weights 2, 1, 1, 1: TP 1 + 1, FP 2 -> precision 2 / 4.
        Precision weighted = new Precision();
        weighted.updateState(f32(s(4, 1), 0, 1, 1, 1), f32(s(4, 1), 1, 0, 1, 1), f32(s(4), 2, 1, 1, 1));
        assertEquals(2 / 4.0, weighted.result(), EPS);
    }

    @Test
    void namesAndValidation() {
        assertTrue(new Precision().name().matches("precision(_\\d+)?"), new Precision().name());
        assertTrue(new Recall().name().matches("recall(_\\d+)?"));
        assertEquals("p", Precision.builder().optName("p").build().name());
        assertEquals(0.3, Recall.builder().optThreshold(0.3).build().threshold());
        assertThrows(IllegalArgumentException.class, () -> new Precision(1.5));
        assertThrows(IllegalArgumentException.class, () -> Recall.builder().optThreshold(-0.1).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Precision.builder().optName("prec").build().updateState(f32(s(3), 1, 0, 1), yPred()));
        assertTrue(e.getMessage().contains("prec") && e.getMessage().contains("(3,)")
                && e.getMessage().contains("(4,)"), e.getMessage());
    }
}
