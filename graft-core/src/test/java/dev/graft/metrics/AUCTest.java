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

/** {@link AUC}: ROC and PR areas from thresholded confusion counts, against hand-worked curves. */
class AUCTest {
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

    private static AUC threeThresholds(AUC.Curve curve) {
        return AUC.builder().optNumThresholds(3).optCurve(curve).build();
    }

    // Targets 0, 0, 1, 1; predictions 0, 0.5, 0.3, 0.9. Thresholds -1e-7, 0.5, 1 + 1e-7 (prediction > t):
    //   t = -1e-7: all four positive  -> TP 2, FP 2, FN 0, TN 0
    //   t = 0.5:   only 0.9 positive  -> TP 1, FP 0, FN 1, TN 2
    //   t = 1+:    none positive      -> TP 0, FP 0, FN 2, TN 2
    private static Tensor yTrue() {
        return f32(s(4), 0, 0, 1, 1);
    }

    private static Tensor yPred() {
        return f32(s(4), 0, 0.5, 0.3, 0.9);
    }

    @Test
    void handWorkedRocCurve() {
        AUC auc = threeThresholds(AUC.Curve.ROC);
        auc.updateState(yTrue(), yPred());
        // Recall (TP / (TP + FN)): 1, 0.5, 0. False positive rate (FP / (FP + TN)): 1, 0, 0.
        // Trapezoids: (1 - 0) * (1 + 0.5) / 2 + (0 - 0) * (0.5 + 0) / 2.
        assertEquals((1 - 0) * (1 + 0.5) / 2 + 0, auc.result(), EPS);
    }

    @Test
    void handWorkedPrCurve() {
        AUC auc = threeThresholds(AUC.Curve.PR);
        auc.updateState(yTrue(), yPred());
        // Davis-Goadrich between thresholds A and B with P = TP + FP (4, 1, 0) and TP (2, 1, 0):
        //   slope = dTP / dP, intercept = TP_B - slope * P_B,
        //   area = slope * (dTP + intercept * ln(P_A / P_B)) / (TP_B + FN_B), ln-term 0 when P_B = 0.
        double slope0 = (2 - 1) / (4 - 1.0);
        double intercept0 = 1 - slope0 * 1;
        double area0 = slope0 * (1 + intercept0 * Math.log(4 / 1.0)) / (1 + 1);
        double slope1 = (1 - 0) / (1 - 0.0);
        double area1 = slope1 * (1 + 0) / (0 + 2);
        assertEquals(area0 + area1, auc.result(), EPS);
    }

    @Test
    void sampleWeights() {
        AUC auc = threeThresholds(AUC.Curve.ROC);
        // Weights 1, 0, 0, 1 keep the negative at 0 and the positive at 0.9: perfectly separated.
        auc.updateState(yTrue(), yPred(), f32(s(4), 1, 0, 0, 1));
        assertEquals(1, auc.result(), EPS);
    }

    @Test
    void perfectAndInverseClassifiers() {
        Tensor labels = f32(s(4, 1), 0, 0, 1, 1);
        for (AUC.Curve curve : AUC.Curve.values()) {
            AUC perfect = AUC.builder().optCurve(curve).build();
            perfect.updateState(labels, f32(s(4, 1), 0.1, 0.2, 0.8, 0.9));
            assertEquals(1, perfect.result(), EPS, curve + " perfect");
        }
        AUC inverse = new AUC();
        inverse.updateState(labels, f32(s(4, 1), 0.9, 0.8, 0.2, 0.1));
        assertEquals(0, inverse.result(), EPS);
    }

    @Test
    void rocAreaIsTheFractionOfCorrectlyOrderedPairs() {
        // With 200 thresholds every two of these predictions are separated by a threshold, so the ROC area is
        // exactly P(score of a positive > score of a negative).
        double[] y = {0, 1, 0, 1, 1, 0, 1, 0};
        double[] p = {0.1, 0.35, 0.4, 0.8, 0.55, 0.7, 0.05, 0.25};
        int ordered = 0;
        int pairs = 0;
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y.length; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    ordered += p[i] > p[j] ? 1 : 0;
                }
            }
        }
        AUC auc = new AUC();
        // In two batches: the counts add up.
        auc.updateState(f32(s(5), 0, 1, 0, 1, 1), f32(s(5), 0.1, 0.35, 0.4, 0.8, 0.55));
        auc.updateState(f32(s(3), 0, 1, 0), f32(s(3), 0.7, 0.05, 0.25));
        assertEquals(ordered / (double) pairs, auc.result(), EPS);
        auc.resetState();
        assertEquals(0, auc.result());
        auc.updateState(f32(s(8), y), f32(s(8), p));
        assertEquals(ordered / (double) pairs, auc.result(), EPS);
    }

    @Test
    void logitsAndOutOfRangePredictions() {
        double[] logits = {-2, 0.3, -0.1, 1.5, 0.2, 0.9};
        double[] probabilities = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = 1 / (1 + Math.exp(-logits[i]));
        }
        Tensor labels = f32(s(6), 0, 1, 0, 1, 0, 1);
        AUC fromLogits = AUC.builder().optFromLogits(true).build();
        fromLogits.updateState(labels, f32(s(6), logits));
        AUC fromProbabilities = new AUC();
        fromProbabilities.updateState(labels, f32(s(6), probabilities));
        assertEquals(fromProbabilities.result(), fromLogits.result(), EPS);
        // Predictions are clipped to [0, 1]: 3 counts as 1 and -2 as 0, so these two tie with the 1 and 0.
        AUC clipped = new AUC();
        clipped.updateState(f32(s(4), 1, 1, 0, 0), f32(s(4), 3, 1, -2, 0));
        AUC inRange = new AUC();
        inRange.updateState(f32(s(4), 1, 1, 0, 0), f32(s(4), 1, 1, 0, 0));
        assertEquals(inRange.result(), clipped.result(), EPS);
        assertEquals(1, clipped.result(), EPS);
    }

    @Test
    void thresholdsNamesAndValidation() {
        float[] t = new AUC().thresholds();
        assertEquals(200, t.length);
        assertEquals((float) -1e-7, t[0]);
        assertEquals((float) (1 / 199.0), t[1]);
        assertEquals((float) (198 / 199.0), t[198]);
        assertEquals((float) (1 + 1e-7), t[199]);
        assertTrue(t[199] > 1, "the last threshold lies above every clipped prediction");
        assertTrue(new AUC().name().matches("auc(_\\d+)?"));
        assertEquals("roc", AUC.builder().optName("roc").build().name());
        assertEquals(AUC.Curve.ROC, new AUC().curve());
        assertThrows(IllegalArgumentException.class, () -> AUC.builder().optNumThresholds(1).build());
        assertThrows(IllegalArgumentException.class, () -> AUC.builder().optCurve(null).build());
        assertThrows(IllegalArgumentException.class,
                () -> new AUC().updateState(f32(s(3), 0, 1, 1), f32(s(2), 0.1, 0.9)));
    }
}
