package dev.graft.data;

/** The first {@code count} elements. */
final class TakeDataset<T> extends Dataset<T> {
    private final Dataset<T> input;
    private final long count;

    TakeDataset(Dataset<T> input, long count) {
        super(input);
        if (count < 0) {
            throw new IllegalArgumentException("take count must be >= 0, received " + count);
        }
        this.input = input;
        this.count = count;
    }

    @Override
    public long cardinality() {
        // As tf.data: an unknown input stays unknown, even though at most count elements come out.
        long n = input.cardinality();
        if (n == UNKNOWN) {
            return UNKNOWN;
        }
        return n == INFINITE ? count : Math.min(n, count);
    }

    @Override
    Cursor<T> open() {
        Cursor<T> upstream = input.open();
        return new Cursor<>() {
            private long taken;

            @Override
            public T pull() {
                if (taken >= count) {
                    return null;
                }
                T element = upstream.pull();
                if (element != null) {
                    taken++;
                }
                return element;
            }

            @Override
            public void close() {
                upstream.close();
            }
        };
    }

    @Override
    public String toString() {
        return input + ".take(" + count + ")";
    }
}
