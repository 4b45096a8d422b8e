package dev.graft.metrics;

import dev.graft.tensor.Tensor;
import dev.graft.utils.Names;

/**
 * Keras' {@code Precision}: true positives / (true positives + false positives) over everything seen since the last reset, where a prediction is
 * positive when {@code prediction > threshold} and a target when it is not 0; 0 while nothing was predicted positive
 * (Keras' {@code divide_no_nan}). With logits, set the threshold to 0.
 */
public final class Precision extends Metric {
    private final double threshold;
    private double truePositives;
    private double falsePositives;

    /** Threshold 0.5; named {@code precision}, then {@code precision_1}, ... as Keras names them. */
    public Precision() {
        this(builder());
    }

    /** {@code Precision(thresholds=threshold)}. */
    public Precision(double threshold) {
        this(builder().optThreshold(threshold));
    }

    private Precision(Builder b) {
        super(b.name != null ? b.name : Names.unique("precision"));
        if (!(b.threshold >= 0 && b.threshold <= 1)) {
            throw new IllegalArgumentException("Metric " + name() + " needs a threshold in [0, 1] (optThreshold), "
                    + "received " + b.threshold);
        }
        this.threshold = b.threshold;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Predictions above this count as positive. */
    public double threshold() {
        return threshold;
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
        ConfusionCounts counts =
                ConfusionCounts.of(name(), yTrue, yPred, sampleWeight, new float[] {(float) threshold}, false);
        truePositives += counts.truePositives()[0];
        falsePositives += counts.falsePositives()[0];
    }

    @Override
    public double result() {
        double denominator = truePositives + falsePositives;
        return denominator == 0 ? 0 : truePositives / denominator;
    }

    @Override
    public void resetState() {
        truePositives = 0;
        falsePositives = 0;
    }

    /** Builds a {@link Precision}; every option has a default. */
    public static final class Builder {
        private double threshold = 0.5;
        private String name;

        /** Predictions above this count as positive; in [0, 1], default 0.5. */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** The name used in logs (default {@code precision}, made unique as Keras does). */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        public Precision build() {
            return new Precision(this);
        }
    }
}
