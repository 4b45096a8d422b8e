package dev.graft.data;

import java.util.List;

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

    /**
     * A pass over {@code stored}, handing each element out as a fresh handle, so the stored tensors stay valid
     * for later passes.
     */
    static <T> Cursor<T> replaying(List<T> stored) {
        return new Cursor<>() {
            private int next;

            @Override
            public T pull() {
                if (next >= stored.size()) {
                    return null;
                }
                T element = stored.get(next++);
                return Elements.produce(() -> Elements.alias(element));
            }

            @Override
            public void close() {
                next = stored.size();
            }
        };
    }
}
