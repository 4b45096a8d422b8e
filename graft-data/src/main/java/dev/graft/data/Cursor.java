package dev.graft.data;

import java.util.List;
import java.util.function.BiPredicate;

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

    /**
     * The elements of {@code upstream} that {@code keep} accepts, given each element and its position in
     * {@code upstream} (from 0); the others are freed. If {@code keep} throws, the element is freed first.
     */
    static <T> Cursor<T> selecting(Cursor<T> upstream, BiPredicate<T, Long> keep) {
        return new Cursor<>() {
            private long position;

            @Override
            public T pull() {
                while (true) {
                    T element = upstream.pull();
                    if (element == null) {
                        return null;
                    }
                    boolean kept;
                    try {
                        kept = keep.test(element, position++);
                    } catch (RuntimeException e) {
                        Elements.close(element);
                        throw e;
                    }
                    if (kept) {
                        return element;
                    }
                    Elements.close(element);
                }
            }

            @Override
            public void close() {
                upstream.close();
            }
        };
    }
}
