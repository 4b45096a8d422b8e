package dev.graft.optimizers;

import dev.graft.optimizers.schedules.LearningRateSchedule;

/**
 * Keras' {@code AdamW}: the Adam update of {@link BaseAdam} with decoupled weight decay (Loshchilov and
 * Hutter), which before each update shrinks every variable by {@code var -= var * weightDecay * lr}.
 * Defaults as in Keras: {@code learningRate 1e-3, weightDecay 0.004}, and Adam's
 * {@code beta1 0.9, beta2 0.999, epsilon 1e-7}. Biases and normalization parameters can be left out with
 * {@link Builder#optExcludeFromWeightDecay(String...)}.
 */
public final class AdamW extends BaseAdam {

    /** AdamW with Keras' defaults. */
    public AdamW() {
        this(builder());
    }

    /** AdamW with a constant learning rate and Keras' other defaults. */
    public AdamW(double learningRate) {
        this(builder().optLearningRate(learningRate));
    }

    /** AdamW whose learning rate follows {@code schedule}, with Keras' other defaults. */
    public AdamW(LearningRateSchedule schedule) {
        this(builder().optLearningRate(schedule));
    }

    private AdamW(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AdamW}; every option has Keras' default, weight decay 0.004 included. */
    public static final class Builder extends BaseAdam.Builder<Builder> {
        private Builder() {
            super("adamw");
            optWeightDecay(0.004);
        }

        public AdamW build() {
            return new AdamW(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
