package dev.graft.metrics;

import dev.graft.tensor.NoGrad;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;

/**
 * Keras' {@code MeanMetricWrapper}: a metric that computes one value per sample (e.g. 1 for a correct
 * prediction, 0 otherwise) and reports their mean over every sample seen since the last reset, as a
 * {@link Mean} does.
 */
public abstract class MeanMetricWrapper extends Metric {
    private final Mean mean;

    /** @param name the name used in logs */
    protected MeanMetricWrapper(String name) {
        super(name);
        this.mean = new Mean(name);
    }

    /** Accumulates one batch, every sample weighing 1. */
    @Override
    public final void updateState(Tensor yTrue, Tensor yPred) {
        updateState(yTrue, yPred, null);
    }

    /**
     * Accumulates one batch.
     *
     * @param sampleWeight one weight per sample, e.g. {@code [batch]}, or null for 1 each; weighed as
     *                     {@link Mean#updateState(Tensor, Tensor)} does
     */
    public final void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        try (TensorScope scope = TensorScope.open(); NoGrad noGrad = NoGrad.open()) {
            mean.updateState(perSampleValues(yTrue, yPred), sampleWeight);
        }
    }

    /**
     * The metric of each sample, e.g. {@code [batch]}; values of higher rank are averaged over their later
     * axes. Runs under {@link NoGrad} inside a {@link TensorScope} that frees what it creates.
     */
    protected abstract Tensor perSampleValues(Tensor yTrue, Tensor yPred);

    /** The mean of the per-sample values seen so far (0 before any). */
    @Override
    public final double result() {
        return mean.result();
    }

    @Override
    public final void resetState() {
        mean.resetState();
    }

    /** {@code [total, count]} of the per-sample values. */
    @Override
    public final double[] getStateValues() {
        return mean.getStateValues();
    }

    @Override
    public final void setStateValues(double[] values) {
        mean.setStateValues(checkStateLength(values, 2));
    }

    /** An error naming this metric and both shapes, for targets that do not fit the predictions. */
    protected final IllegalArgumentException shapeMismatch(Tensor yTrue, Tensor yPred, String expected) {
        return new IllegalArgumentException("Metric " + name() + " needs " + expected + ", received yTrue of shape "
                + yTrue.shape() + " and yPred of shape " + yPred.shape());
    }
}
