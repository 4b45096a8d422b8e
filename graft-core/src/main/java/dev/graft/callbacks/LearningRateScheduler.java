package dev.graft.callbacks;

import dev.graft.models.Model;
import dev.graft.optimizers.Optimizer;
import java.io.PrintStream;
import java.util.Map;

/**
 * Sets the optimizer's learning rate at the start of every epoch from a function of the epoch and the
 * current rate, like Keras' {@code LearningRateScheduler}; each epoch's logs get the rate as
 * {@code learning_rate}.
 * <pre>{@code
 * // Keep the rate for 10 epochs, then decay it by e^-0.1 per epoch.
 * new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1));
 * }</pre>
 */
public final class LearningRateScheduler implements Callback {
    private final Schedule schedule;
    private final boolean verbose;
    private final PrintStream out;
    private Model model;

    /** The rate for an epoch. */
    @FunctionalInterface
    public interface Schedule {
        /**
         * @param epoch        the epoch about to start, from 0
         * @param learningRate the optimizer's current rate
         * @return the rate for this epoch: finite and >= 0
         */
        double apply(int epoch, double learningRate);
    }

    /** A silent scheduler. */
    public LearningRateScheduler(Schedule schedule) {
        this(schedule, false, System.out);
    }

    /** A scheduler that prints the rate it sets at each epoch to {@code System.out} when {@code verbose}. */
    public LearningRateScheduler(Schedule schedule, boolean verbose) {
        this(schedule, verbose, System.out);
    }

    /**
     * @param verbose whether to print the rate set at each epoch
     * @param out     where that message goes
     */
    public LearningRateScheduler(Schedule schedule, boolean verbose, PrintStream out) {
        if (schedule == null || out == null) {
            throw new IllegalArgumentException("LearningRateScheduler needs a schedule and an output stream, "
                    + "received schedule=" + schedule + ", output=" + out);
        }
        this.schedule = schedule;
        this.verbose = verbose;
        this.out = out;
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        Optimizer optimizer = CallbackSupport.requireOptimizer(model, "LearningRateScheduler");
        double current = optimizer.learningRate();
        double learningRate = schedule.apply(epoch, current);
        if (!Double.isFinite(learningRate) || learningRate < 0) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule returned learning rate "
                    + learningRate + " for epoch " + epoch + " (0-based; current rate " + current
                    + "); it must return a finite rate >= 0");
        }
        optimizer.setLearningRate(learningRate);
        if (verbose) {
            out.println("\nEpoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to "
                    + PythonFloats.repr(learningRate) + ".");
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("learning_rate", CallbackSupport.requireOptimizer(model, "LearningRateScheduler").learningRate());
    }
}
