package dev.graft.training;

import dev.graft.callbacks.Callback;

/**
 * A callback that sees the whole state of a {@code fit} run, not just the logs: what a checkpoint needs to
 * continue an interrupted run as if it had never stopped ({@link dev.graft.callbacks.BackupAndRestore}).
 * {@code fit} hands it the run's {@link FitState} before {@code onTrainBegin}, and calls it after every
 * other callback in each hook, so that what it saves includes what they did in that hook and what it
 * restores is not reset by their {@code onTrainBegin}.
 */
public interface FitStateCallback extends Callback {

    /** Called once per {@code fit}, before {@code onTrainBegin}. */
    void setFitState(FitState state);
}
