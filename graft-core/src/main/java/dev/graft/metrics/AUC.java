package dev.graft.metrics;

import dev.graft.tensor.NoGrad;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.utils.Names;
import java.util.Arrays;

/**
 * Keras' {@code AUC}: the area under the ROC curve (default) or the precision-recall curve, approximated from
 * confusion counts at {@code numThresholds} thresholds (default 200): {@code -1e-7}, then
 * {@code i / (numThresholds - 1)} for {@code i = 1 .. numThresholds - 2}, then {@code 1 + 1e-7}, so that the
 * first threshold classifies every prediction as positive and the last none. Predictions are probabilities
 * (clipped to [0, 1]), or logits with {@link Builder#optFromLogits}; targets are positive when not 0.
 *
 * <p>The area uses Keras' 'interpolation' summation: trapezoids for ROC; for PR, Davis and Goadrich's
 * interpolation, in which true and false positives (not precision) vary linearly between thresholds.
 */
public final class AUC extends Metric {

    /** The curve whose area is computed. */
    public enum Curve {
        /** Recall (true positive rate) against false positive rate. */
        ROC,
        /** Precision against recall. */
        PR
    }

    /** Keras' {@code backend.epsilon()}, which moves the end thresholds just outside [0, 1]. */
    private static final double EPSILON = 1e-7;

    private final int numThresholds;
    private final Curve curve;
    private final boolean fromLogits;
    private final float[] thresholds;
    private final double[] truePositives;
    private final double[] falsePositives;
    private final double[] trueNegatives;
    private final double[] falseNegatives;

    /** ROC, 200 thresholds, probabilities; named {@code auc}, then {@code auc_1}, ... as Keras names them. */
    public AUC() {
        this(builder());
    }

    private AUC(Builder b) {
        super(b.name != null ? b.name : Names.unique("auc"));
        if (b.numThresholds <= 1) {
            throw new IllegalArgumentException("Metric " + name() + " needs more than one threshold "
                    + "(optNumThresholds), received " + b.numThresholds);
        }
        if (b.curve == null) {
            throw new IllegalArgumentException("Metric " + name() + " needs a curve (optCurve: ROC or PR), received null");
        }
        this.numThresholds = b.numThresholds;
        this.curve = b.curve;
        this.fromLogits = b.fromLogits;
        this.thresholds = new float[numThresholds];
        thresholds[0] = (float) (0.0 - EPSILON);
        for (int i = 1; i < numThresholds - 1; i++) {
            thresholds[i] = (float) (i * 1.0 / (numThresholds - 1));
        }
        thresholds[numThresholds - 1] = (float) (1.0 + EPSILON);
        this.truePositives = new double[numThresholds];
        this.falsePositives = new double[numThresholds];
        this.trueNegatives = new double[numThresholds];
        this.falseNegatives = new double[numThresholds];
    }

    public static Builder builder() {
        return new Builder();
    }

    public int numThresholds() {
        return numThresholds;
    }

    public Curve curve() {
        return curve;
    }

    /** Whether predictions are logits, passed through a sigmoid before thresholding. */
    public boolean fromLogits() {
        return fromLogits;
    }

    /** The thresholds, in increasing order, as compared (float32). */
    public float[] thresholds() {
        return thresholds.clone();
    }

    /** Accumulates one batch of 0/1 targets and predictions of the same shape, e.g. {@code [batch, 1]}. */
    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        updateState(yTrue, yPred, null);
    }

    /**
     * Accumulates one batch with weights: a scalar, one per sample ({@code [batch]}) or one per element;
     * null for 1 each.
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        try (TensorScope scope = TensorScope.open(); NoGrad noGrad = NoGrad.open()) {
            Tensor probabilities = fromLogits ? yPred.sigmoid() : yPred;
            ConfusionCounts.of(name(), yTrue, probabilities, sampleWeight, thresholds, true)
                    .addTo(truePositives, falsePositives, trueNegatives, falseNegatives);
        }
    }

    @Override
    public double result() {
        return curve == Curve.ROC ? rocArea() : interpolatedPrArea();
    }

    /** Trapezoids under recall as a function of the false positive rate. */
    private double rocArea() {
        double area = 0;
        for (int i = 0; i < numThresholds - 1; i++) {
            double fprDrop = falsePositiveRate(i) - falsePositiveRate(i + 1);
            area += fprDrop * (recall(i) + recall(i + 1)) / 2;
        }
        return area;
    }

    private double recall(int i) {
        return divideNoNan(truePositives[i], truePositives[i] + falseNegatives[i]);
    }

    private double falsePositiveRate(int i) {
        return divideNoNan(falsePositives[i], falsePositives[i] + trueNegatives[i]);
    }

    /**
     * Keras' {@code interpolate_pr_auc}: between thresholds A and B, true positives and predicted positives
     * {@code P = TP + FP} vary linearly, so precision is {@code (TP_A + slope * (P - P_A)) / P} and its
     * integral over recall is {@code slope * (dTP + intercept * log(P_A / P_B)) / (TP_B + FN_B)}.
     */
    private double interpolatedPrArea() {
        double area = 0;
        for (int i = 0; i < numThresholds - 1; i++) {
            double dtp = truePositives[i] - truePositives[i + 1];
            double pA = truePositives[i] + falsePositives[i];
            double pB = truePositives[i + 1] + falsePositives[i + 1];
            double slope = divideNoNan(dtp, Math.max(pA - pB, 0));
            double intercept = truePositives[i + 1] - slope * pB;
            double pRatio = pA > 0 && pB > 0 ? divideNoNan(pA, Math.max(pB, 0)) : 1;
            area += divideNoNan(slope * (dtp + intercept * Math.log(pRatio)),
                    Math.max(truePositives[i + 1] + falseNegatives[i + 1], 0));
        }
        return area;
    }

    private static double divideNoNan(double numerator, double denominator) {
        return denominator == 0 ? 0 : numerator / denominator;
    }

    @Override
    public void resetState() {
        Arrays.fill(truePositives, 0);
        Arrays.fill(falsePositives, 0);
        Arrays.fill(trueNegatives, 0);
        Arrays.fill(falseNegatives, 0);
    }

    /** The true positives, false positives, true negatives and false negatives per threshold, one after another. */
    @Override
    public double[] getStateValues() {
        int n = thresholds.length;
        double[] values = new double[4 * n];
        System.arraycopy(truePositives, 0, values, 0, n);
        System.arraycopy(falsePositives, 0, values, n, n);
        System.arraycopy(trueNegatives, 0, values, 2 * n, n);
        System.arraycopy(falseNegatives, 0, values, 3 * n, n);
        return values;
    }

    @Override
    public void setStateValues(double[] values) {
        int n = thresholds.length;
        checkStateLength(values, 4 * n);
        System.arraycopy(values, 0, truePositives, 0, n);
        System.arraycopy(values, n, falsePositives, 0, n);
        System.arraycopy(values, 2 * n, trueNegatives, 0, n);
        System.arraycopy(values, 3 * n, falseNegatives, 0, n);
    }

    /** Builds an {@link AUC}; every option has a default. */
    public static final class Builder {
        private int numThresholds = 200;
        private Curve curve = Curve.ROC;
        private boolean fromLogits;
        private String name;

        /** The number of thresholds, more than 1 (default 200). */
        public Builder optNumThresholds(int numThresholds) {
            this.numThresholds = numThresholds;
            return this;
        }

        /** ROC (default) or PR. */
        public Builder optCurve(Curve curve) {
            this.curve = curve;
            return this;
        }

        /** Whether predictions are logits (default false: probabilities). */
        public Builder optFromLogits(boolean fromLogits) {
            this.fromLogits = fromLogits;
            return this;
        }

        /** The name used in logs (default {@code auc}, made unique as Keras does). */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        public AUC build() {
            return new AUC(this);
        }
    }
}
