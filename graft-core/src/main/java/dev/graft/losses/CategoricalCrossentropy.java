package dev.graft.losses;

import dev.graft.tensor.Tensor;

/**
 * Keras' {@code CategoricalCrossentropy}: for one-hot (or soft) targets {@code [batch, classes]} and
 * predictions of the same shape, {@code -sum(target * log(probability))} over the classes, one value per
 * sample.
 * <ul>
 *   <li>From logits: {@code -sum(target * logSoftmax(logits))}, finite for any logits.</li>
 *   <li>From probabilities: each row is divided by its sum, clipped to {@code [1e-7, 1 - 1e-7]}, then
 *       logged, as Keras' TensorFlow backend does.</li>
 * </ul>
 * Label smoothing {@code s} replaces the targets by {@code target * (1 - s) + s / classes}.
 */
public final class CategoricalCrossentropy extends Loss {
    private final boolean fromLogits;
    private final double labelSmoothing;

    /** Crossentropy of probabilities, no label smoothing. */
    public CategoricalCrossentropy() {
        this(builder());
    }

    /** {@code CategoricalCrossentropy(from_logits=fromLogits)}. */
    public CategoricalCrossentropy(boolean fromLogits) {
        this(builder().optFromLogits(fromLogits));
    }

    /** {@code CategoricalCrossentropy(from_logits=fromLogits, label_smoothing=labelSmoothing)}. */
    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        this(builder().optFromLogits(fromLogits).optLabelSmoothing(labelSmoothing));
    }

    private CategoricalCrossentropy(Builder b) {
        super("categorical_crossentropy", b);
        this.fromLogits = b.fromLogits;
        this.labelSmoothing = LabelSmoothing.check(name(), b.labelSmoothing);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether predictions are logits rather than probabilities. */
    public boolean fromLogits() {
        return fromLogits;
    }

    /** The label smoothing factor in [0, 1]. */
    public double labelSmoothing() {
        return labelSmoothing;
    }

    @Override
    protected Tensor perSampleLoss(Tensor yTrue, Tensor yPred) {
        Tensor target = yTrue;
        if (labelSmoothing > 0) {
            target = yTrue.mul(1 - labelSmoothing).add(labelSmoothing / yTrue.shape().last());
        }
        Tensor logProbabilities;
        if (fromLogits) {
            logProbabilities = yPred.logSoftmax(-1);
        } else {
            Tensor normalized = yPred.div(yPred.sum(new int[] {-1}, true));
            logProbabilities = normalized.clip(BinaryCrossentropy.EPSILON, 1 - BinaryCrossentropy.EPSILON).log();
        }
        return target.mul(logProbabilities).sum(new int[] {-1}, false).neg();
    }

    /** Builds a {@link CategoricalCrossentropy}; every option has a default. */
    public static final class Builder extends Loss.Builder<Builder> {
        private boolean fromLogits;
        private double labelSmoothing;

        /** Whether predictions are logits (default false: probabilities). */
        public Builder optFromLogits(boolean fromLogits) {
            this.fromLogits = fromLogits;
            return this;
        }

        /** Label smoothing in [0, 1] (default 0). */
        public Builder optLabelSmoothing(double labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        public CategoricalCrossentropy build() {
            return new CategoricalCrossentropy(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
