package dev.graft.optimizers;

import dev.graft.optimizers.schedules.LearningRateSchedule;
import dev.graft.tensor.Engine;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;
import java.util.List;

/**
 * Gradient descent with optional (Nesterov) momentum, with Keras' update rule. Without momentum:
 * {@code var -= lr * g}. With momentum, the velocity {@code m} (state {@code momentum}) is updated as
 * {@code m = momentum * m - lr * g}, then {@code var += m}, or with Nesterov
 * {@code var += momentum * m - lr * g}.
 *
 * <p>Defaults as in Keras: {@code learningRate 0.01, momentum 0, nesterov false}. Named {@code SGD}, as in
 * Keras.
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final boolean nesterov;

    /** SGD with Keras' defaults. */
    public SGD() {
        this(builder());
    }

    /** Plain SGD with a constant learning rate. */
    public SGD(double learningRate) {
        this(builder().optLearningRate(learningRate));
    }

    /** Plain SGD whose learning rate follows {@code schedule}. */
    public SGD(LearningRateSchedule schedule) {
        this(builder().optLearningRate(schedule));
    }

    private SGD(Builder builder) {
        super(builder);
        if (!(builder.momentum >= 0 && builder.momentum <= 1)) {
            throw new IllegalArgumentException("SGD needs momentum in [0, 1], received " + builder.momentum);
        }
        this.momentum = builder.momentum;
        this.nesterov = builder.nesterov;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    @Override
    protected List<String> slotNames() {
        return momentum != 0 ? List.of("momentum") : List.of();
    }

    @Override
    protected void updateStep(Variable variable, Tensor gradient, List<Variable> slots, double learningRate) {
        Engine engine = Engine.get();
        Tensor value = variable.value();
        if (momentum == 0) {
            engine.addInPlace(value, gradient, -learningRate); // var -= lr * g
            return;
        }
        Tensor m = slots.get(0).value();
        engine.scaleInPlace(m, momentum);
        engine.addInPlace(m, gradient, -learningRate); // m = momentum * m - lr * g
        if (nesterov) {
            engine.addInPlace(value, m, momentum);
            engine.addInPlace(value, gradient, -learningRate); // var += momentum * m - lr * g
        } else {
            variable.assignAdd(m); // var += m
        }
    }

    @Override
    protected String hyperparameters() {
        return "momentum=" + momentum + ", nesterov=" + nesterov;
    }

    /** Builds an {@link SGD}; every option has Keras' default. */
    public static final class Builder extends Optimizer.Builder<Builder> {
        private double momentum;
        private boolean nesterov;

        private Builder() {
            super("SGD", 0.01);
        }

        /** The momentum, in [0, 1]; default 0 (plain gradient descent). */
        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Whether to use Nesterov momentum; default false. */
        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        public SGD build() {
            return new SGD(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
