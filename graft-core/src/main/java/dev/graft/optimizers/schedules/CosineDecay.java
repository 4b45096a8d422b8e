package dev.graft.optimizers.schedules;

/**
 * Keras' {@code CosineDecay}: an optional linear warmup, then a cosine decay (SGDR without restarts).
 *
 * <p>Without warmup the rate goes from {@code initialLearningRate} to {@code initialLearningRate * alpha}
 * over {@code decaySteps} steps and stays there:
 * {@code lr * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decaySteps) / decaySteps)) + alpha)}.
 *
 * <p>With warmup the rate first rises linearly from {@code initialLearningRate} to {@code warmupTarget}
 * during {@code warmupSteps} steps, then decays from {@code warmupTarget} as above, counting steps from the
 * end of the warmup.
 */
public final class CosineDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double alpha;
    private final boolean warmup;
    private final double warmupTarget;
    private final long warmupSteps;

    /** A decay to 0 over {@code decaySteps} steps, without warmup. */
    public CosineDecay(double initialLearningRate, long decaySteps) {
        this(initialLearningRate, decaySteps, 0.0);
    }

    /** A decay to {@code initialLearningRate * alpha} over {@code decaySteps} steps, without warmup. */
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha) {
        this(initialLearningRate, decaySteps, alpha, false, initialLearningRate, 0);
    }

    /**
     * A warmup from {@code initialLearningRate} to {@code warmupTarget} over {@code warmupSteps} steps, then a
     * decay to {@code warmupTarget * alpha} over {@code decaySteps} steps.
     *
     * @param initialLearningRate the rate at step 0, finite and {@code >= 0}
     * @param decaySteps          the length of the decay, {@code > 0}
     * @param alpha               the final rate as a fraction of the rate the decay starts from, in [0, 1]
     * @param warmupTarget        the rate reached at the end of the warmup, finite and {@code >= 0}
     * @param warmupSteps         the length of the warmup, {@code >= 0}
     */
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha, double warmupTarget,
                       long warmupSteps) {
        this(initialLearningRate, decaySteps, alpha, true, warmupTarget, warmupSteps);
    }

    private CosineDecay(double initialLearningRate, long decaySteps, double alpha, boolean warmup,
                        double warmupTarget, long warmupSteps) {
        if (!Double.isFinite(initialLearningRate) || initialLearningRate < 0) {
            throw new IllegalArgumentException("CosineDecay needs a finite initialLearningRate >= 0, received "
                    + initialLearningRate);
        }
        if (decaySteps <= 0) {
            throw new IllegalArgumentException("CosineDecay needs decaySteps > 0, received " + decaySteps);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("CosineDecay needs alpha in [0, 1] (the final rate as a fraction of "
                    + "the starting one), received " + alpha);
        }
        if (!Double.isFinite(warmupTarget) || warmupTarget < 0) {
            throw new IllegalArgumentException("CosineDecay needs a finite warmupTarget >= 0, received "
                    + warmupTarget);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("CosineDecay needs warmupSteps >= 0, received " + warmupSteps);
        }
        this.initialLearningRate = initialLearningRate;
        this.decaySteps = decaySteps;
        this.alpha = alpha;
        this.warmup = warmup;
        this.warmupTarget = warmupTarget;
        this.warmupSteps = warmupSteps;
    }

    @Override
    public double at(long step) {
        Schedules.checkStep(step);
        if (!warmup) {
            return decayed(Math.min(step, decaySteps), initialLearningRate);
        }
        long clamped = Math.min(step, decaySteps + warmupSteps);
        if (clamped < warmupSteps) {
            double completedFraction = (double) clamped / warmupSteps;
            return (warmupTarget - initialLearningRate) * completedFraction + initialLearningRate;
        }
        return decayed(clamped - warmupSteps, warmupTarget);
    }

    private double decayed(long decayStep, double decayFrom) {
        double completedFraction = (double) decayStep / decaySteps;
        double cosineDecayed = 0.5 * (1.0 + Math.cos(Math.PI * completedFraction));
        return decayFrom * ((1 - alpha) * cosineDecayed + alpha);
    }

    @Override
    public String toString() {
        String base = "CosineDecay(initialLearningRate=" + initialLearningRate + ", decaySteps=" + decaySteps
                + ", alpha=" + alpha;
        return warmup ? base + ", warmupTarget=" + warmupTarget + ", warmupSteps=" + warmupSteps + ")" : base + ")";
    }
}
