package dev.graft.metrics;

/**
 * Keras' {@code Recall}: true positives / (true positives + false negatives); see {@link ThresholdRatioMetric}.
 * 0 while no target was positive. With logits, set the threshold to 0.
 */
public final class Recall extends ThresholdRatioMetric {

    /** Threshold 0.5; named {@code recall}, then {@code recall_1}, ... as Keras names them. */
    public Recall() {
        this(builder());
    }

    /** {@code Recall(thresholds=threshold)}. */
    public Recall(double threshold) {
        this(builder().optThreshold(threshold));
    }

    private Recall(Builder b) {
        super(b.name, "recall", b.threshold);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    double errors(ConfusionCounts counts) {
        return counts.falseNegatives()[0];
    }

    /** Builds a {@link Recall}; every option has a default. */
    public static final class Builder extends ThresholdRatioMetric.Builder<Builder> {
        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Recall build() {
            return new Recall(this);
        }
    }
}
