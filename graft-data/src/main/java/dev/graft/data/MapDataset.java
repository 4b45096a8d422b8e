package dev.graft.data;

import java.util.function.Function;

/** Applies a function to each element on the calling thread. */
final class MapDataset<T, U> extends Dataset<U> {
    private final Dataset<T> input;
    private final Function<? super T, ? extends U> fn;

    MapDataset(Dataset<T> input, Function<? super T, ? extends U> fn) {
        super(input);
        this.input = input;
        this.fn = fn;
    }

    @Override
    public long cardinality() {
        return input.cardinality();
    }

    @Override
    Cursor<U> open() {
        Cursor<T> upstream = input.open();
        return new Cursor<>() {
            private long index;

            @Override
            public U pull() {
                T element = upstream.pull();
                if (element == null) {
                    return null;
                }
                return apply(fn, element, index++);
            }

            @Override
            public void close() {
                upstream.close();
            }
        };
    }

    /** {@code fn(element)}, owned; a failure or a null result names the element. */
    static <T, U> U apply(Function<? super T, ? extends U> fn, T element, long index) {
        U result;
        try {
            result = Elements.apply(element, fn);
        } catch (RuntimeException e) {
            throw StageFailure.of("map function " + describe(fn), index, e);
        }
        if (result == null) {
            throw new IllegalStateException("map function " + describe(fn) + " returned null for element " + index
                    + "; datasets hold no null elements");
        }
        return result;
    }

    @Override
    public String toString() {
        return input + ".map(" + describe(fn) + ")";
    }
}
