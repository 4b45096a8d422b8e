package dev.graft.optimizers;

import dev.graft.tensor.Engine;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * The Adam update with Keras' numerics, shared by {@link Adam} and {@link AdamW}. With
 * {@code t = iterations + 1}, for gradient {@code g}:
 * <pre>
 * m += (g - m) * (1 - beta1)
 * v += (g^2 - v) * (1 - beta2)
 * alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 * var -= alpha * m / (sqrt(v) + epsilon)
 * </pre>
 * Unlike PyTorch's {@code Adam}, {@code v} itself is not bias-corrected: epsilon is added to
 * {@code sqrt(v)}, not to {@code sqrt(v / (1 - beta2^t))}, so early in training it weighs
 * {@code 1 / sqrt(1 - beta2^t)} times more. With {@code amsgrad}, the running maximum of {@code v} replaces
 * {@code v} in the last line.
 *
 * <p>State per variable: {@code momentum}, {@code velocity} and, with amsgrad, {@code velocity_hat}.
 *
 * <p>All variables of a step go to the engine's fused Adam kernel at once ({@link Engine#adamUpdate}), which
 * reads and writes each variable and its state once, in place. On libtorch that is PyTorch's own kernel,
 * given {@code epsilon / sqrt(1 - beta2^t)} so that its placement of epsilon gives Keras' update.
 */
public abstract class BaseAdam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final boolean amsgrad;

    /** Reads and checks the Adam options. */
    protected BaseAdam(Builder<?> builder) {
        super(builder);
        checkBeta("beta1", builder.beta1);
        checkBeta("beta2", builder.beta2);
        if (!Double.isFinite(builder.epsilon) || builder.epsilon < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs a finite epsilon >= 0, received "
                    + builder.epsilon);
        }
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
        this.amsgrad = builder.amsgrad;
    }

    private void checkBeta(String option, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs " + option + " in [0, 1), received "
                    + beta);
        }
    }

    public final double beta1() {
        return beta1;
    }

    public final double beta2() {
        return beta2;
    }

    public final double epsilon() {
        return epsilon;
    }

    public final boolean amsgrad() {
        return amsgrad;
    }

    @Override
    protected final List<String> slotNames() {
        return amsgrad ? List.of("momentum", "velocity", "velocity_hat") : List.of("momentum", "velocity");
    }

    /** Hands every variable and its state to the engine's fused Adam kernel at once: one pass over each. */
    @Override
    protected final void updateSteps(List<Variable> variables, List<Tensor> gradients, List<List<Variable>> slots,
                                     double learningRate) {
        List<Tensor> values = new ArrayList<>(variables.size());
        List<Tensor> momentums = new ArrayList<>(variables.size());
        List<Tensor> velocities = new ArrayList<>(variables.size());
        List<Tensor> velocityMaxima = amsgrad ? new ArrayList<>(variables.size()) : null;
        for (int i = 0; i < variables.size(); i++) {
            values.add(variables.get(i).value());
            List<Variable> state = slots.get(i);
            momentums.add(state.get(0).value());
            velocities.add(state.get(1).value());
            if (amsgrad) {
                velocityMaxima.add(state.get(2).value());
            }
        }
        Engine.get().adamUpdate(values, gradients, momentums, velocities, velocityMaxima, iterations() + 1,
                learningRate, beta1, beta2, epsilon);
    }

    /** The same fused kernel as {@link #updateSteps}, for one variable. */
    @Override
    protected final void updateStep(Variable variable, Tensor gradient, List<Variable> slots, double learningRate) {
        updateSteps(List.of(variable), List.of(gradient), List.of(slots), learningRate);
    }

    @Override
    protected String hyperparameters() {
        return "beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + ", amsgrad=" + amsgrad;
    }

    /** The Adam options, with Keras' defaults. */
    public abstract static class Builder<B extends Builder<B>> extends Optimizer.Builder<B> {
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-7;
        private boolean amsgrad;

        protected Builder(String defaultName) {
            super(defaultName, 1e-3);
        }

        /** The decay rate of the first-moment (mean) estimate, in [0, 1); default 0.9. */
        public B optBeta1(double beta1) {
            this.beta1 = beta1;
            return self();
        }

        /** The decay rate of the second-moment estimate, in [0, 1); default 0.999. */
        public B optBeta2(double beta2) {
            this.beta2 = beta2;
            return self();
        }

        /** Added to {@code sqrt(v)} for numerical stability; default 1e-7. */
        public B optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return self();
        }

        /** Whether to use the AMSGrad variant (the running maximum of {@code v}); default false. */
        public B optAmsgrad(boolean amsgrad) {
            this.amsgrad = amsgrad;
            return self();
        }
    }
}
