package dev.graft.metrics;

import dev.graft.losses.RankAlignment;
import dev.graft.tensor.DType;
import dev.graft.tensor.NoGrad;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;

/**
 * The weighted confusion counts of one batch at each of several thresholds, as Keras'
 * {@code update_confusion_matrix_variables}: a prediction is positive at threshold {@code t} when
 * {@code prediction > t}; a target is positive when it is not 0. Every element of the (rank-aligned) targets
 * and predictions counts as one data point.
 *
 * @param truePositives  per threshold
 * @param falsePositives per threshold
 * @param trueNegatives  per threshold
 * @param falseNegatives per threshold
 */
record ConfusionCounts(double[] truePositives, double[] falsePositives, double[] trueNegatives,
                       double[] falseNegatives) {

    /**
     * Counts one batch.
     *
     * @param metric       the metric's name, for errors
     * @param thresholds   the thresholds, compared in float32 as Keras does
     * @param clip         whether predictions are first clipped to [0, 1] (Keras' evenly spaced threshold
     *                     path, which AUC uses)
     * @param sampleWeight null, a scalar, one weight per sample ({@code [batch]}) or per element
     */
    static ConfusionCounts of(String metric, Tensor yTrue, Tensor yPred, Tensor sampleWeight, float[] thresholds,
                              boolean clip) {
        try (TensorScope scope = TensorScope.open(); NoGrad noGrad = NoGrad.open()) {
            RankAlignment.Aligned aligned =
                    RankAlignment.squeezeOrExpand(yPred.toType(DType.FLOAT32), yTrue.toType(DType.FLOAT64));
            Tensor pred = aligned.first();
            Tensor truth = aligned.second();
            if (!pred.shape().equals(truth.shape())) {
                throw new IllegalArgumentException("Metric " + metric + " needs targets and predictions of the same "
                        + "shape, e.g. [batch, 1], received yTrue of shape " + yTrue.shape() + " and yPred of shape "
                        + yPred.shape());
            }
            if (clip) {
                pred = pred.clip(0, 1);
            }
            Tensor positive = truth.abs().greaterThan(0).toType(DType.FLOAT64);
            Tensor negative = positive.neg().add(1);
            if (sampleWeight != null) {
                Tensor weight = alignWeight(metric, sampleWeight.toType(DType.FLOAT64), truth.shape());
                positive = positive.mul(weight);
                negative = negative.mul(weight);
            }
            // [thresholds, 1] against [1, elements]: one row of 0/1 "predicted positive" per threshold.
            Tensor above = pred.reshape(1, -1)
                    .greaterThan(Tensor.of(thresholds, thresholds.length, 1))
                    .toType(DType.FLOAT64);
            double[] tp = above.mul(positive.reshape(1, -1)).sum(new int[] {1}, false).toDoubleArray();
            double[] fp = above.mul(negative.reshape(1, -1)).sum(new int[] {1}, false).toDoubleArray();
            double allPositive = positive.sum().item();
            double allNegative = negative.sum().item();
            double[] tn = new double[thresholds.length];
            double[] fn = new double[thresholds.length];
            for (int i = 0; i < thresholds.length; i++) {
                tn[i] = allNegative - fp[i];
                fn[i] = allPositive - tp[i];
            }
            return new ConfusionCounts(tp, fp, tn, fn);
        }
    }

    /**
     * Keras expands per-sample weights by one axis when they have one axis less than the targets; they must
     * then broadcast to the targets' shape.
     */
    private static Tensor alignWeight(String metric, Tensor weight, Shape target) {
        Tensor w = weight.rank() == target.rank() - 1 ? weight.expandDims(-1) : weight;
        boolean ok = w.rank() == 0 || w.rank() == target.rank();
        for (int i = 0; ok && i < w.rank(); i++) {
            ok = w.shape().get(i) == target.get(i) || w.shape().get(i) == 1;
        }
        if (!ok) {
            throw new IllegalArgumentException("Metric " + metric + ": sample weights of shape " + weight.shape()
                    + " do not broadcast to targets of shape " + target + "; pass one weight per sample, e.g. [batch]");
        }
        return w;
    }

    /** Adds these counts into the running totals, threshold by threshold. */
    void addTo(double[] tp, double[] fp, double[] tn, double[] fn) {
        for (int i = 0; i < tp.length; i++) {
            tp[i] += truePositives[i];
            fp[i] += falsePositives[i];
            tn[i] += trueNegatives[i];
            fn[i] += falseNegatives[i];
        }
    }
}
