package dev.graft.optimizers.schedules;

/**
 * A learning rate that changes with the optimizer step, like Keras'
 * {@code keras.optimizers.schedules.LearningRateSchedule}. An optimizer given a schedule asks it, before
 * each update, for the rate at its current {@code iterations()} count (0 for the first update).
 * <pre>{@code
 * Optimizer sgd = new SGD(new ExponentialDecay(0.1, 1000, 0.96));
 * Optimizer custom = new Adam(step -> 1e-3 / (step + 1));
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate for optimizer step {@code step} (counted from 0). */
    double at(long step);
}
