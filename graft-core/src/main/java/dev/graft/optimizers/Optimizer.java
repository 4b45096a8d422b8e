package dev.graft.optimizers;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;
import java.util.List;

/**
 * Updates variables from their gradients, like Keras' {@code Optimizer}.
 */
public abstract class Optimizer {

    /**
     * Applies one update step: {@code grads.get(i)} is the gradient of {@code variables.get(i)}; a null
     * gradient leaves its variable alone.
     */
    public abstract void applyGradients(List<Tensor> grads, List<Variable> variables);

    /** The learning rate the next step will use. */
    public abstract double learningRate();

    /** Sets a constant learning rate. */
    public abstract void setLearningRate(double learningRate);

    /** The number of update steps applied so far. */
    public abstract long iterations();
}
