package dev.graft.data;

/**
 * One pass of one stage, as the stages call each other. A cursor is used by one thread at a time.
 *
 * @param <T> the element type
 */
interface Cursor<T> extends AutoCloseable {

    /**
     * The next element, owned by the caller (tracked by no {@link dev.graft.tensor.TensorScope}), or null
     * after the last one.
     */
    T pull();

    /** Ends the pass early or after the last element, releasing what it holds. Idempotent. */
    @Override
    void close();
}
