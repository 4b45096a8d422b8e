package dev.graft.data;

/** All but the first {@code count} elements, which are read and freed. */
final class SkipDataset<T> extends Dataset<T> {
    private final Dataset<T> input;
    private final long count;

    SkipDataset(Dataset<T> input, long count) {
        super(input);
        if (count < 0) {
            throw new IllegalArgumentException("skip count must be >= 0, received " + count);
        }
        this.input = input;
        this.count = count;
    }

    @Override
    public long cardinality() {
        long n = input.cardinality();
        if (n == INFINITE || n == UNKNOWN) {
            return n;
        }
        return Math.max(0, n - count);
    }

    @Override
    Cursor<T> open() {
        Cursor<T> upstream = input.open();
        return new Cursor<>() {
            private boolean skipped;

            @Override
            public T pull() {
                if (!skipped) {
                    skipped = true;
                    for (long i = 0; i < count; i++) {
                        T element = upstream.pull();
                        if (element == null) {
                            return null;
                        }
                        Elements.close(element);
                    }
                }
                return upstream.pull();
            }

            @Override
            public void close() {
                upstream.close();
            }
        };
    }

    @Override
    public String toString() {
        return input + ".skip(" + count + ")";
    }
}
