package dev.graft.optimizers.schedules;

/**
 * Keras' {@code ExponentialDecay}: {@code initialLearningRate * decayRate ^ (step / decaySteps)}, where the
 * exponent is rounded down when {@code staircase} is set, so the rate drops once every {@code decaySteps}
 * steps instead of a little at every step.
 */
public final class ExponentialDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;

    /** A smooth decay (no staircase). */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    /**
     * @param initialLearningRate the rate at step 0, finite and {@code >= 0}
     * @param decaySteps          the steps over which the rate is multiplied by {@code decayRate}, {@code > 0}
     * @param decayRate           the factor per {@code decaySteps}, finite and {@code > 0}
     * @param staircase           whether to decay in whole multiples of {@code decaySteps}
     */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        if (!Double.isFinite(initialLearningRate) || initialLearningRate < 0) {
            throw new IllegalArgumentException("ExponentialDecay needs a finite initialLearningRate >= 0, received "
                    + initialLearningRate);
        }
        if (decaySteps <= 0) {
            throw new IllegalArgumentException("ExponentialDecay needs decaySteps > 0, received " + decaySteps);
        }
        if (!Double.isFinite(decayRate) || decayRate <= 0) {
            throw new IllegalArgumentException("ExponentialDecay needs a finite decayRate > 0, received " + decayRate
                    + " (use a value below 1 to decay, e.g. 0.96)");
        }
        this.initialLearningRate = initialLearningRate;
        this.decaySteps = decaySteps;
        this.decayRate = decayRate;
        this.staircase = staircase;
    }

    @Override
    public double at(long step) {
        Schedules.checkStep(step);
        double exponent = (double) step / decaySteps;
        if (staircase) {
            exponent = Math.floor(exponent);
        }
        return initialLearningRate * Math.pow(decayRate, exponent);
    }

    @Override
    public String toString() {
        return "ExponentialDecay(initialLearningRate=" + initialLearningRate + ", decaySteps=" + decaySteps
                + ", decayRate=" + decayRate + ", staircase=" + staircase + ")";
    }
}
