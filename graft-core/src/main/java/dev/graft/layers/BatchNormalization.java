package dev.graft.layers;

import dev.graft.initializers.Constant;
import dev.graft.initializers.Initializer;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.List;

/**
 * Batch normalization over the last (channels) axis, as Keras' {@code BatchNormalization}: for an input
 * {@code [batch, height, width, channels]} (or any rank >= 2, channels last) it computes
 * {@code (x - mean) / sqrt(variance + epsilon) * gamma + beta} per channel.
 *
 * <p>Weights, each {@code [channels]}, in this order: {@code gamma} (ones, trainable, if {@code scale}),
 * {@code beta} (zeros, trainable, if {@code center}), {@code moving_mean} (zeros) and
 * {@code moving_variance} (ones), both non-trainable.
 *
 * <p>Only when called with {@code training == true} <em>and</em> {@link #isTrainable()} does it normalize
 * with the statistics of the batch, and then it updates the moving statistics:
 * {@code moving = moving * momentum + batch * (1 - momentum)}, with the biased batch variance. Otherwise
 * (inference, or a frozen layer whatever {@code training} says) it normalizes with the moving statistics
 * and leaves them unchanged. This is the one layer where {@code trainable} changes the computation.
 */
public final class BatchNormalization extends Layer {
    private final int axis;
    private final double momentum;
    private final double epsilon;
    private final boolean center;
    private final boolean scale;
    private final Initializer gammaInitializer;
    private final Initializer betaInitializer;
    private final Initializer movingMeanInitializer;
    private final Initializer movingVarianceInitializer;
    private Variable gamma;
    private Variable beta;
    private Variable movingMean;
    private Variable movingVariance;

    /** {@code BatchNormalization()} with Keras' defaults: momentum 0.99, epsilon 1e-3, center and scale. */
    public BatchNormalization() {
        this(builder());
    }

    private BatchNormalization(Builder b) {
        super(b);
        if (!(b.momentum >= 0 && b.momentum <= 1)) {
            throw new IllegalArgumentException("BatchNormalization needs momentum in [0, 1] (optMomentum), received "
                    + b.momentum);
        }
        if (!(b.epsilon > 0) || Double.isInfinite(b.epsilon)) {
            throw new IllegalArgumentException("BatchNormalization needs epsilon > 0 (optEpsilon), received "
                    + b.epsilon);
        }
        this.axis = b.axis;
        this.momentum = b.momentum;
        this.epsilon = b.epsilon;
        this.center = b.center;
        this.scale = b.scale;
        this.gammaInitializer = b.gammaInitializer;
        this.betaInitializer = b.betaInitializer;
        this.movingMeanInitializer = b.movingMeanInitializer;
        this.movingVarianceInitializer = b.movingVarianceInitializer;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    /** The moving mean, updated by training-mode calls; null before the layer is built. */
    public Variable movingMean() {
        return movingMean;
    }

    /** The moving variance, updated by training-mode calls; null before the layer is built. */
    public Variable movingVariance() {
        return movingVariance;
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("axis", axis).put("momentum", momentum).put("epsilon", epsilon).put("center", center)
                .put("scale", scale)
                .putInitializer("beta_initializer", betaInitializer)
                .putInitializer("gamma_initializer", gammaInitializer)
                .putInitializer("moving_mean_initializer", movingMeanInitializer)
                .putInitializer("moving_variance_initializer", movingVarianceInitializer)
                .putNull("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")
                .put("synchronized", false);
    }

    /**
     * The layer {@link #getConfig()} describes (Keras' {@code BatchNormalization.from_config}), without weights.
     * {@code synchronized} (cross-device statistics) changes nothing on one device and is ignored; batch
     * renormalization is refused.
     */
    public static BatchNormalization fromConfig(LayerConfig c) {
        Builder b = c.common(builder());
        b.optAxis(c.getInt("axis", b.axis))
                .optMomentum(c.getDouble("momentum", b.momentum))
                .optEpsilon(c.getDouble("epsilon", b.epsilon))
                .optCenter(c.getBoolean("center", b.center))
                .optScale(c.getBoolean("scale", b.scale))
                .optBetaInitializer(c.getInitializer("beta_initializer", b.betaInitializer))
                .optGammaInitializer(c.getInitializer("gamma_initializer", b.gammaInitializer))
                .optMovingMeanInitializer(c.getInitializer("moving_mean_initializer", b.movingMeanInitializer))
                .optMovingVarianceInitializer(c.getInitializer("moving_variance_initializer",
                        b.movingVarianceInitializer));
        // renorm_momentum only matters with renorm, which must be off.
        c.expect("renorm", false).ignore("synchronized", "renorm_momentum");
        return b.build();
    }

    @Override
    protected void onBuild(Shape inputShape) {
        Shape params = Shape.of(channels(inputShape));
        // Keras' order, which pretrained weight files rely on: gamma, beta, moving_mean, moving_variance.
        if (scale) {
            gamma = addWeight("gamma", params, gammaInitializer, true);
        }
        if (center) {
            beta = addWeight("beta", params, betaInitializer, true);
        }
        movingMean = addWeight("moving_mean", params, movingMeanInitializer, false);
        movingVariance = addWeight("moving_variance", params, movingVarianceInitializer, false);
    }

    private long channels(Shape inputShape) {
        if (inputShape.rank() < 2) {
            throw shapeError("an input of rank >= 2 ([batch, ..., channels])", inputShape);
        }
        int a = axis < 0 ? axis + inputShape.rank() : axis;
        if (a != inputShape.rank() - 1) {
            throw shapeError("axis " + axis + " to be the last axis (only channels-last normalization, axis=-1, "
                    + "is supported)", inputShape);
        }
        if (inputShape.last() == Shape.UNKNOWN) {
            throw shapeError("an input with a known last (channels) dimension", inputShape);
        }
        return inputShape.last();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long c = channels(inputShape);
        if (movingMean != null && c != movingMean.shape().get(0)) {
            throw shapeError("an input with " + movingMean.shape().get(0) + " channels (last dimension)",
                    inputShape);
        }
        return inputShape;
    }

    /**
     * Whether a call in this mode normalizes with the moving statistics (and updates nothing): always, except
     * in a training call of a trainable layer (Keras' {@code training and self.trainable}).
     */
    public boolean usesMovingStatistics(boolean training) {
        return !(training && isTrainable());
    }

    /**
     * The inference-mode normalization as a per-channel affine map {@code y = x * scale + shift}, both
     * {@code [channels]}: {@code scale = gamma / sqrt(movingVariance + epsilon)},
     * {@code shift = beta - movingMean * scale}. Differentiable with respect to gamma and beta.
     */
    public List<Tensor> inferenceAffine() {
        Tensor scale = movingVariance.value().add(epsilon).pow(-0.5);
        if (gamma != null) {
            scale = scale.mul(gamma.value());
        }
        Tensor shift = movingMean.value().mul(scale).neg();
        if (beta != null) {
            shift = shift.add(beta.value());
        }
        return List.of(scale, shift);
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        Tensor g = gamma == null ? null : gamma.value();
        Tensor b = beta == null ? null : beta.value();
        // A frozen layer runs in inference mode even in a training call (Keras' fine-tuning semantics).
        if (usesMovingStatistics(training)) {
            return input.batchNorm(movingMean.value(), movingVariance.value(), g, b, epsilon);
        }
        List<Tensor> r = input.batchNormTraining(g, b, epsilon);
        Tensor batchMean = r.get(1);
        Tensor batchVariance = r.get(2);
        try (TensorScope scope = TensorScope.open()) {
            // The batch statistics come detached and the moving ones are non-trainable; assign() writes
            // outside any gradient graph, so this update is never differentiated.
            movingMean.assign(movingMean.value().mul(momentum).add(batchMean.mul(1 - momentum)));
            movingVariance.assign(movingVariance.value().mul(momentum).add(batchVariance.mul(1 - momentum)));
        } finally {
            batchMean.close();
            batchVariance.close();
        }
        return r.get(0);
    }

    /**
     * Only when it normalizes with the moving statistics (inference mode, or a frozen layer in any mode) and
     * has no trainable weight: a training call uses the batch's statistics, which mix the samples, and
     * updates the moving ones.
     */
    @Override
    public boolean isFrozenFunction(boolean training) {
        return !(training && isTrainable()) && super.isFrozenFunction(training);
    }

    /** Builds a {@link BatchNormalization}; every setting is optional. */
    public static final class Builder extends Layer.Builder<Builder> {
        private int axis = -1;
        private double momentum = 0.99;
        private double epsilon = 1e-3;
        private boolean center = true;
        private boolean scale = true;
        private Initializer gammaInitializer = Constant.ONES;
        private Initializer betaInitializer = Constant.ZEROS;
        private Initializer movingMeanInitializer = Constant.ZEROS;
        private Initializer movingVarianceInitializer = Constant.ONES;

        /** The channels axis (default -1); only the last axis is supported. */
        public Builder optAxis(int axis) {
            this.axis = axis;
            return this;
        }

        /** The weight of the old value in the moving statistics' update (default 0.99). */
        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Added to the variance before the square root (default 1e-3). */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Whether to add the learned offset {@code beta} (default true). */
        public Builder optCenter(boolean center) {
            this.center = center;
            return this;
        }

        /** Whether to multiply by the learned scale {@code gamma} (default true). */
        public Builder optScale(boolean scale) {
            this.scale = scale;
            return this;
        }

        public Builder optGammaInitializer(Initializer initializer) {
            this.gammaInitializer = initializer;
            return this;
        }

        public Builder optBetaInitializer(Initializer initializer) {
            this.betaInitializer = initializer;
            return this;
        }

        public Builder optMovingMeanInitializer(Initializer initializer) {
            this.movingMeanInitializer = initializer;
            return this;
        }

        public Builder optMovingVarianceInitializer(Initializer initializer) {
            this.movingVarianceInitializer = initializer;
            return this;
        }

        public BatchNormalization build() {
            return new BatchNormalization(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
