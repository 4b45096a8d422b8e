package dev.graft.metrics;

import dev.graft.losses.RankAlignment;
import dev.graft.tensor.DType;
import dev.graft.tensor.Tensor;

/**
 * Keras' {@code BinaryAccuracy}: how often {@code yPred > threshold} (as 1 or 0) equals the 0/1 target,
 * averaged over the last axis per sample and then over all samples. The raw prediction is compared, so with
 * logits the default threshold 0.5 stands for a probability of about 0.62, as in Keras.
 */
public final class BinaryAccuracy extends MeanMetricWrapper {
    private final double threshold;

    /** Threshold 0.5, name {@code binary_accuracy}. */
    public BinaryAccuracy() {
        this(builder());
    }

    /** {@code BinaryAccuracy(threshold=threshold)}. */
    public BinaryAccuracy(double threshold) {
        this(builder().optThreshold(threshold));
    }

    private BinaryAccuracy(Builder b) {
        super(b.name != null ? b.name : "binary_accuracy");
        if (!(b.threshold > 0 && b.threshold < 1)) {
            throw new IllegalArgumentException("Metric " + name() + " needs a threshold in (0, 1) (optThreshold), "
                    + "received " + b.threshold);
        }
        this.threshold = b.threshold;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Predictions above this count as 1. */
    public double threshold() {
        return threshold;
    }

    @Override
    protected Tensor perSampleValues(Tensor yTrue, Tensor yPred) {
        RankAlignment.Aligned aligned = RankAlignment.squeezeOrExpand(yTrue, yPred);
        Tensor truth = aligned.first();
        Tensor pred = aligned.second();
        if (!truth.shape().equals(pred.shape()) || pred.rank() == 0) {
            throw shapeMismatch(yTrue, yPred, "targets and predictions of the same shape, e.g. [batch, 1]");
        }
        // Keras casts the thresholded prediction to the targets' type and compares exactly.
        Tensor predicted = pred.greaterThan(threshold).toType(truth.dtype());
        return truth.equal(predicted).toType(DType.FLOAT64).mean(new int[] {-1}, false);
    }

    /** Builds a {@link BinaryAccuracy}; every option has a default. */
    public static final class Builder {
        private double threshold = 0.5;
        private String name;

        /** Predictions above this count as 1; in (0, 1), default 0.5. */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** The name used in logs (default {@code binary_accuracy}). */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        public BinaryAccuracy build() {
            return new BinaryAccuracy(this);
        }
    }
}
