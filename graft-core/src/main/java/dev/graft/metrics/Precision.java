package dev.graft.metrics;

/**
 * Keras' {@code Precision}: true positives / (true positives + false positives); see {@link ThresholdRatioMetric}.
 * 0 while nothing was predicted positive. With logits, set the threshold to 0.
 */
public final class Precision extends ThresholdRatioMetric {

    /** Threshold 0.5; named {@code precision}, then {@code precision_1}, ... as Keras names them. */
    public Precision() {
        this(builder());
    }

    /** {@code Precision(thresholds=threshold)}. */
    public Precision(double threshold) {
        this(builder().optThreshold(threshold));
    }

    private Precision(Builder b) {
        super(b.name, "precision", b.threshold);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    double errors(ConfusionCounts counts) {
        return counts.falsePositives()[0];
    }

    /** Builds a {@link Precision}; every option has a default. */
    public static final class Builder extends ThresholdRatioMetric.Builder<Builder> {
        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Precision build() {
            return new Precision(this);
        }
    }
}
