package dev.graft.optimizers;

import dev.graft.optimizers.schedules.LearningRateSchedule;
import dev.graft.tensor.Engine;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;
import java.util.List;

/**
 * RMSprop, with Keras' update rule. For gradient {@code g}:
 * <pre>
 * velocity = rho * velocity + (1 - rho) * g^2
 * average  = rho * average + (1 - rho) * g                  (centered only)
 * increment = lr * g / sqrt(velocity - average^2 + epsilon)  (without "- average^2" if not centered)
 * var -= increment, or with momentum: m = momentum * m + increment; var -= m
 * </pre>
 * Defaults as in Keras: {@code learningRate 1e-3, rho 0.9, momentum 0, epsilon 1e-7, centered false}.
 * State per variable: {@code velocity}, {@code momentum} (momentum &gt; 0 only) and
 * {@code average_gradient} (centered only).
 */
public final class RMSprop extends Optimizer {
    private final double rho;
    private final double momentum;
    private final double epsilon;
    private final boolean centered;

    /** RMSprop with Keras' defaults. */
    public RMSprop() {
        this(builder());
    }

    /** RMSprop with a constant learning rate and Keras' other defaults. */
    public RMSprop(double learningRate) {
        this(builder().optLearningRate(learningRate));
    }

    /** RMSprop whose learning rate follows {@code schedule}, with Keras' other defaults. */
    public RMSprop(LearningRateSchedule schedule) {
        this(builder().optLearningRate(schedule));
    }

    private RMSprop(Builder builder) {
        super(builder);
        if (!(builder.rho >= 0 && builder.rho <= 1)) {
            throw new IllegalArgumentException("RMSprop needs rho in [0, 1], received " + builder.rho);
        }
        if (!(builder.momentum >= 0 && builder.momentum <= 1)) {
            throw new IllegalArgumentException("RMSprop needs momentum in [0, 1], received " + builder.momentum);
        }
        if (!Double.isFinite(builder.epsilon) || builder.epsilon < 0) {
            throw new IllegalArgumentException("RMSprop needs a finite epsilon >= 0, received " + builder.epsilon);
        }
        this.rho = builder.rho;
        this.momentum = builder.momentum;
        this.epsilon = builder.epsilon;
        this.centered = builder.centered;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double rho() {
        return rho;
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    public boolean centered() {
        return centered;
    }

    @Override
    protected List<String> slotNames() {
        if (momentum > 0) {
            return centered ? List.of("velocity", "momentum", "average_gradient") : List.of("velocity", "momentum");
        }
        return centered ? List.of("velocity", "average_gradient") : List.of("velocity");
    }

    @Override
    protected void updateStep(Variable variable, Tensor gradient, List<Variable> slots, double learningRate) {
        Engine engine = Engine.get();
        Tensor velocity = slots.get(0).value();
        engine.scaleInPlace(velocity, rho);
        engine.addProductInPlace(velocity, gradient, gradient, 1 - rho); // v = rho v + (1 - rho) g^2
        // The one temporary of the step: sqrt(v + epsilon), or sqrt(v - avg^2 + epsilon) when centered.
        Tensor denominator = velocity.add(epsilon);
        if (centered) {
            Tensor average = slots.get(slots.size() - 1).value();
            engine.scaleInPlace(average, rho);
            engine.addInPlace(average, gradient, 1 - rho); // avg = rho avg + (1 - rho) g
            engine.addProductInPlace(denominator, average, average, -1);
        }
        engine.sqrtInPlace(denominator);
        if (momentum > 0) {
            Tensor m = slots.get(1).value();
            engine.scaleInPlace(m, momentum);
            engine.addQuotientInPlace(m, gradient, denominator, learningRate); // m = momentum m + lr g / denominator
            variable.assignSub(m);
        } else {
            engine.addQuotientInPlace(variable.value(), gradient, denominator, -learningRate);
        }
    }

    @Override
    protected String hyperparameters() {
        return "rho=" + rho + ", momentum=" + momentum + ", epsilon=" + epsilon + ", centered=" + centered;
    }

    /** Builds an {@link RMSprop}; every option has Keras' default. */
    public static final class Builder extends Optimizer.Builder<Builder> {
        private double rho = 0.9;
        private double momentum;
        private double epsilon = 1e-7;
        private boolean centered;

        private Builder() {
            super("rmsprop", 1e-3);
        }

        /** The decay rate of the moving average of squared gradients, in [0, 1]; default 0.9. */
        public Builder optRho(double rho) {
            this.rho = rho;
            return this;
        }

        /** The momentum, in [0, 1]; default 0 (none). */
        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Added under the square root for numerical stability; default 1e-7. */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Whether to normalize by the estimated variance instead of the second moment; default false. */
        public Builder optCentered(boolean centered) {
            this.centered = centered;
            return this;
        }

        public RMSprop build() {
            return new RMSprop(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
