package dev.graft.training;

/**
 * Data whose passes can be replayed from any point, so that a resumed {@code fit} reads what the
 * interrupted run would have read. A pass is one {@code iterator()}; a seeded shuffle draws a new order per
 * pass, so the order of an epoch depends on how many passes came before it. {@code fit} records
 * {@link #nextPass()} in its checkpoints and, when resuming, calls {@link #seekPass} on fresh data, whose
 * next pass then gives exactly the elements, in the same order, as pass {@code k} of the first run.
 *
 * <p>{@link TensorBatches} and graft-data's {@code Dataset} implement it. Data that does not is read as it
 * comes: exact for data without per-pass randomness, such as an unshuffled list of batches.
 */
public interface SeekableData {

    /** How many passes have been started, counting from 0: the index of the pass the next iterator starts. */
    long nextPass();

    /**
     * Makes the next iterator start pass {@code pass} (counting from 0), as if {@code pass} passes had been
     * read before it; passes already started do not matter.
     *
     * @throws IllegalArgumentException if {@code pass} is negative
     * @throws IllegalStateException    if this data cannot replay that pass (a message says why)
     */
    void seekPass(long pass);
}
