package dev.graft.utils;

import java.util.Iterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A spliterator over one pass that starts the pass only when first advanced, so reading its size (as
 * {@code fit} does for the steps of an epoch) neither starts a pass nor consumes a shuffle.
 *
 * @param <T> the element type
 */
public final class LazySpliterator<T> extends Spliterators.AbstractSpliterator<T> {
    private final Supplier<? extends Iterator<? extends T>> start;
    private Iterator<? extends T> pass;

    /**
     * @param size            the exact size when {@code characteristics} has {@code SIZED}, else an estimate
     *                        ({@code Long.MAX_VALUE} when unknown)
     * @param characteristics the {@link java.util.Spliterator} characteristics of the pass
     * @param start           starts the pass, called at most once
     */
    public LazySpliterator(long size, int characteristics, Supplier<? extends Iterator<? extends T>> start) {
        super(size, characteristics);
        this.start = start;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        if (pass == null) {
            pass = start.get();
        }
        if (!pass.hasNext()) {
            return false;
        }
        action.accept(pass.next());
        return true;
    }
}
