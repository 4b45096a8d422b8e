package dev.graft.metrics;

import dev.graft.tensor.Tensor;

/** A stateful metric, like Keras' {@code Metric}: accumulates over batches until reset. */
public abstract class Metric {

    /** Accumulates one batch of targets and predictions. */
    public abstract void updateState(Tensor yTrue, Tensor yPred);

    /** The value over everything accumulated since the last reset. */
    public abstract double result();

    /** Forgets everything accumulated. */
    public abstract void resetState();

    /** The name used in logs, e.g. {@code binary_accuracy}. */
    public abstract String name();
}
