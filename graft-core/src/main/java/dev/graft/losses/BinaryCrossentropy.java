package dev.graft.losses;

import dev.graft.tensor.Tensor;

/**
 * Keras' {@code BinaryCrossentropy}: for targets {@code z} in [0, 1] and predictions {@code [batch, d]} (most
 * often {@code [batch, 1]}), the mean over the last axis of the elementwise crossentropy.
 * <ul>
 *   <li>From logits {@code x}: the stable {@code max(x, 0) - x * z + log(1 + exp(-|x|))}, finite for any
 *       logit, with finite gradients.</li>
 *   <li>From probabilities {@code p}: {@code p} is clipped to {@code [1e-7, 1 - 1e-7]}, then
 *       {@code -(z * log(p) + (1 - z) * log(1 - p))}, as Keras' TensorFlow backend does.</li>
 * </ul>
 * Label smoothing {@code s} replaces the targets by {@code z * (1 - s) + 0.5 * s}.
 */
public final class BinaryCrossentropy extends Loss {
    /** Keras' {@code backend.epsilon()}. */
    static final double EPSILON = 1e-7;

    private final boolean fromLogits;
    private final double labelSmoothing;

    /** Crossentropy of probabilities, no label smoothing. */
    public BinaryCrossentropy() {
        this(builder());
    }

    /** {@code BinaryCrossentropy(from_logits=fromLogits)}. */
    public BinaryCrossentropy(boolean fromLogits) {
        this(builder().optFromLogits(fromLogits));
    }

    /** {@code BinaryCrossentropy(from_logits=fromLogits, label_smoothing=labelSmoothing)}. */
    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
        this(builder().optFromLogits(fromLogits).optLabelSmoothing(labelSmoothing));
    }

    private BinaryCrossentropy(Builder b) {
        super("binary_crossentropy", b);
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
        Tensor z = labelSmoothing > 0 ? yTrue.mul(1 - labelSmoothing).add(0.5 * labelSmoothing) : yTrue;
        Tensor elementwise = fromLogits ? fromLogits(z, yPred) : fromProbabilities(z, yPred);
        return elementwise.mean(new int[] {-1}, false);
    }

    private static Tensor fromLogits(Tensor z, Tensor x) {
        // -|x| written as where(x > 0, -x, x) rather than abs(): at x == 0 the gradient of abs() is 0, which
        // would make the gradient -z there instead of sigmoid(0) - z. With this branch relu'(0) = 0 and
        // d/dx log(1 + exp(x)) = 1/2 at 0, which adds up to the true 1/2 - z.
        Tensor negAbs = x.greaterThan(0).where(x.neg(), x);
        return x.relu().sub(x.mul(z)).add(negAbs.exp().log1p());
    }

    private static Tensor fromProbabilities(Tensor z, Tensor p) {
        Tensor clipped = p.clip(EPSILON, 1 - EPSILON);
        Tensor positive = z.mul(clipped.log());
        Tensor negative = z.neg().add(1).mul(clipped.neg().add(1).log());
        return positive.add(negative).neg();
    }

    /** Builds a {@link BinaryCrossentropy}; every option has a default. */
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

        public BinaryCrossentropy build() {
            return new BinaryCrossentropy(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
