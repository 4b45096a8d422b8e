package dev.graft.training;

import dev.graft.callbacks.Callback;
import dev.graft.metrics.Metric;
import dev.graft.models.Model;
import java.util.List;

/**
 * The live state of one {@code fit} run, as a {@link FitStateCallback} sees it: where the loop is (epoch,
 * steps done in it, the training data's pass), the running metrics of the epoch, the other callbacks, and
 * the data to seek when resuming. During {@code onTrainBegin} the callback may move the start of the loop
 * with {@link #resumeAt}.
 */
public final class FitState {
    private final Model model;
    private final int epochs;
    private final List<Callback> callbacks;
    private final List<Metric> runningMetrics;
    private final SeekableData trainingData;
    private final SeekableData validationData;
    private int epoch;
    private long step;
    private long epochPass = -1;
    private double epochStartLearningRate = Double.NaN;
    private int startEpoch;
    private long startStep;
    private boolean loopStarted;

    FitState(Model model, int initialEpoch, int epochs, List<Callback> callbacks, List<Metric> runningMetrics,
            Iterable<Batch> trainingData, Iterable<Batch> validationData) {
        this.model = model;
        this.epochs = epochs;
        this.callbacks = List.copyOf(callbacks);
        this.runningMetrics = List.copyOf(runningMetrics);
        this.trainingData = trainingData instanceof SeekableData s ? s : null;
        this.validationData = validationData instanceof SeekableData s ? s : null;
        this.startEpoch = initialEpoch;
        this.epoch = initialEpoch;
    }

    /** The model being trained. */
    public Model model() {
        return model;
    }

    /** The epoch the loop stops before ({@code FitOptions.epochs()}). */
    public int epochs() {
        return epochs;
    }

    /**
     * The run's other callbacks in the order {@code fit} calls them (the progress logger, the user's, then the
     * {@link History}), without the {@link FitStateCallback}s.
     */
    public List<Callback> callbacks() {
        return callbacks;
    }

    /** The epoch's running means, the loss first, then the compiled metrics; reset at each epoch's start. */
    public List<Metric> runningMetrics() {
        return runningMetrics;
    }

    /** The training data when it can replay its passes, else null. */
    public SeekableData trainingData() {
        return trainingData;
    }

    /** The validation data when there is some and it can replay its passes, else null. */
    public SeekableData validationData() {
        return validationData;
    }

    /** The current epoch (counting from 0); before the loop, the one it starts at. */
    public int epoch() {
        return epoch;
    }

    /** The training steps finished in the current epoch, skipped ones of a resumed epoch included. */
    public long step() {
        return step;
    }

    /** The training data's pass that the current epoch reads, or -1 when the data cannot replay passes. */
    public long epochPass() {
        return epochPass;
    }

    /** The optimizer's learning rate just before the current epoch's {@code onEpochBegin}. */
    public double epochStartLearningRate() {
        return epochStartLearningRate;
    }

    /**
     * Starts the loop at {@code epoch} with its first {@code step} batches skipped (read and dropped, so any
     * randomness in the data is drawn as in the first run): for a checkpoint taken after {@code step} steps of
     * that epoch. An {@code epoch} at or past {@link #epochs()} runs no epoch.
     *
     * @throws IllegalStateException    outside {@code onTrainBegin}
     * @throws IllegalArgumentException if {@code epoch} or {@code step} is negative
     */
    public void resumeAt(int epoch, long step) {
        if (loopStarted) {
            throw new IllegalStateException("resumeAt() moves the start of fit's loop, so it must be called during "
                    + "onTrainBegin; the loop is at epoch " + this.epoch);
        }
        if (epoch < 0 || step < 0) {
            throw new IllegalArgumentException("resumeAt needs epoch >= 0 and step >= 0, received epoch=" + epoch
                    + ", step=" + step);
        }
        this.startEpoch = epoch;
        this.startStep = step;
        this.epoch = epoch;
    }

    int startEpoch() {
        return startEpoch;
    }

    long startStep() {
        return startStep;
    }

    void startLoop() {
        loopStarted = true;
    }

    void beginEpoch(int epoch, double learningRate) {
        this.epoch = epoch;
        this.step = 0;
        this.epochPass = trainingData != null ? trainingData.nextPass() : -1;
        this.epochStartLearningRate = learningRate;
    }

    void stepDone(long step) {
        this.step = step;
    }
}
