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

    /**
     * What this metric has accumulated, as numbers (the values of Keras' metric variables), so that a
     * checkpoint taken in the middle of an epoch can restore it with {@link #setStateValues}. Every Graft
     * metric has one; a metric of your own overrides both methods to be saved mid-epoch.
     *
     * @throws UnsupportedOperationException if this metric does not expose its state
     */
    public double[] getStateValues() {
        throw new UnsupportedOperationException("Metric " + name() + " (" + getClass().getName() + ") does not "
                + "expose its accumulated state, which a checkpoint in the middle of an epoch and a distributed "
                + "fit's sum over the workers need; override getStateValues() and setStateValues(), or (without "
                + "a distributed strategy) back up at the end of each epoch only");
    }

    /**
     * Puts back what {@link #getStateValues} returned.
     *
     * @throws IllegalArgumentException if {@code values} has the wrong length for this metric
     * @throws UnsupportedOperationException if this metric does not expose its state
     */
    public void setStateValues(double[] values) {
        throw new UnsupportedOperationException("Metric " + name() + " (" + getClass().getName() + ") cannot "
                + "restore an accumulated state; override getStateValues() and setStateValues()");
    }

    /** {@code values}, after checking that it holds {@code expected} numbers for this metric. */
    protected final double[] checkStateLength(double[] values, int expected) {
        if (values == null || values.length != expected) {
            throw new IllegalArgumentException("Metric " + name() + " keeps " + expected + " state values, received "
                    + (values == null ? "null" : values.length) + "; restore a state taken from the same metric");
        }
        return values;
    }

    /** The name used in logs, e.g. {@code binary_accuracy}. */
    public final String name() {
        return name;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + name + ", result=" + result() + ")";
    }
}
