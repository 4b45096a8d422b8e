package dev.graft.metrics;

import dev.graft.tensor.Tensor;

/**
 * A stateful metric, like Keras' {@code Metric}: accumulates over batches until reset. The state lives in
 * Java doubles; each update computes under {@link dev.graft.tensor.NoGrad} inside its own
 * {@link dev.graft.tensor.TensorScope}, so it joins no gradient graph and leaves no tensor behind.
 */
public abstract class Metric {
    private final String name;

    /** @param name the name used in logs */
    protected Metric(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A metric needs a non-blank name, received '" + name + "'");
        }
        this.name = name;
    }

    /** Accumulates one batch of targets and predictions. */
    public abstract void updateState(Tensor yTrue, Tensor yPred);

    /** The value over everything accumulated since the last reset. */
    public abstract double result();

    /** Forgets everything accumulated. */
    public abstract void resetState();

    /** The name used in logs, e.g. {@code binary_accuracy}. */
    public final String name() {
        return name;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + name + ", result=" + result() + ")";
    }
}
