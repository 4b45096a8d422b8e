package dev.graft.callbacks;

/**
 * A callback whose state a checkpoint keeps ({@link BackupAndRestore}), so that a resumed {@code fit} goes on
 * as if it had never stopped: {@link EarlyStopping}'s best value and patience count,
 * {@link ReduceLROnPlateau}'s, the rows {@link CSVLogger} has written, the {@code History} so far. Each
 * callback writes and reads its own state; a callback that keeps nothing between hooks need not implement it.
 */
public interface StatefulCallback extends Callback {

    /** Writes what this callback has accumulated so far into {@code state}. */
    void saveState(CallbackState state);

    /**
     * Puts back what {@link #saveState} wrote. It is called after this callback's {@code onTrainBegin} (which
     * may have reset it) or, for a checkpoint taken in the middle of an epoch, after that epoch's
     * {@code onEpochBegin}.
     *
     * @throws IllegalArgumentException if {@code state} lacks a value this callback saves (the message names it)
     */
    void restoreState(CallbackState state);
}
