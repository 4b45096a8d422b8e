package dev.graft.metrics;

import dev.graft.tensor.Tensor;
import dev.graft.utils.Names;

/**
 * The base of {@link Precision} and {@link Recall}: true positives / (true positives + one kind of error) over
 * everything seen since the last reset, where a prediction is positive when {@code prediction > threshold} and
 * a target when it is not 0; 0 while the denominator is 0 (Keras' {@code divide_no_nan}).
 */
public abstract sealed class ThresholdRatioMetric extends Metric permits Precision, Recall {
    private final double threshold;
    private double truePositives;
    private double errors;

    /**
     * @param name      the name, or null for {@code defaultName} made unique ({@code precision_1}, ...) as Keras
     * @param threshold predictions above it count as positive; in [0, 1]
     */
    ThresholdRatioMetric(String name, String defaultName, double threshold) {
        super(name != null ? name : Names.unique(defaultName));
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("Metric " + name() + " needs a threshold in [0, 1] (optThreshold), "
                    + "received " + threshold);
        }
        this.threshold = threshold;
    }

    /** The errors in the denominator: false positives for precision, false negatives for recall. */
    abstract double errors(ConfusionCounts counts);

    /** Predictions above this count as positive. */
    public final double threshold() {
        return threshold;
    }

    /** Accumulates one batch of 0/1 targets and predictions of the same shape, e.g. {@code [batch, 1]}. */
    @Override
    public final void updateState(Tensor yTrue, Tensor yPred) {
        updateState(yTrue, yPred, null);
    }

    /**
     * Accumulates one batch with weights: a scalar, one per sample ({@code [batch]}) or one per element;
     * null for 1 each.
     */
    public final void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        ConfusionCounts counts =
                ConfusionCounts.of(name(), yTrue, yPred, sampleWeight, new float[] {(float) threshold}, false);
        truePositives += counts.truePositives()[0];
        errors += errors(counts);
    }

    @Override
    public final double result() {
        double denominator = truePositives + errors;
        return denominator == 0 ? 0 : truePositives / denominator;
    }

    @Override
    public final void resetState() {
        truePositives = 0;
        errors = 0;
    }

    /** {@code [truePositives, errors]}. */
    @Override
    public final double[] getStateValues() {
        return new double[] {truePositives, errors};
    }

    @Override
    public final void setStateValues(double[] values) {
        checkStateLength(values, 2);
        truePositives = values[0];
        errors = values[1];
    }

    /** Options shared by {@link Precision} and {@link Recall}. */
    public abstract static class Builder<B extends Builder<B>> {
        double threshold = 0.5;
        String name;

        /** Predictions above this count as positive; in [0, 1], default 0.5. */
        public B optThreshold(double threshold) {
            this.threshold = threshold;
            return self();
        }

        /** The name used in logs (by default the metric's Keras name, made unique as Keras does). */
        public B optName(String name) {
            this.name = name;
            return self();
        }

        protected abstract B self();
    }
}
