package dev.graft.optimizers;

import dev.graft.optimizers.schedules.LearningRateSchedule;

/**
 * Keras' {@code Adam}: adaptive moment estimation (Kingma and Ba), with the update rule of
 * {@link BaseAdam}. Defaults as in Keras: {@code learningRate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-7,
 * amsgrad false}, no weight decay.
 */
public final class Adam extends BaseAdam {

    /** Adam with Keras' defaults. */
    public Adam() {
        this(builder());
    }

    /** Adam with a constant learning rate and Keras' other defaults. */
    public Adam(double learningRate) {
        this(builder().optLearningRate(learningRate));
    }

    /** Adam whose learning rate follows {@code schedule}, with Keras' other defaults. */
    public Adam(LearningRateSchedule schedule) {
        this(builder().optLearningRate(schedule));
    }

    private Adam(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link Adam}; every option has Keras' default. */
    public static final class Builder extends BaseAdam.Builder<Builder> {
        private Builder() {
            super("adam");
        }

        public Adam build() {
            return new Adam(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
