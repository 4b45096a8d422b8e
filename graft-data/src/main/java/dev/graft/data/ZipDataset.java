package dev.graft.data;

/** Pairs of the elements of two datasets, until either ends. */
final class ZipDataset<A, B> extends Dataset<Pair<A, B>> {
    private final Dataset<A> first;
    private final Dataset<B> second;

    ZipDataset(Dataset<A> first, Dataset<B> second) {
        super(first, second);
        this.first = first;
        this.second = second;
    }

    @Override
    public long cardinality() {
        long a = first.cardinality();
        long b = second.cardinality();
        if (a == UNKNOWN || b == UNKNOWN) {
            return UNKNOWN;
        }
        if (a == INFINITE) {
            return b;
        }
        return b == INFINITE ? a : Math.min(a, b);
    }

    @Override
    Cursor<Pair<A, B>> open() {
        Cursor<A> as = first.open();
        Cursor<B> bs;
        try {
            bs = second.open();
        } catch (RuntimeException | Error e) {
            as.close();
            throw e;
        }
        return new Cursor<>() {
            @Override
            public Pair<A, B> pull() {
                A a = as.pull();
                if (a == null) {
                    return null;
                }
                B b;
                try {
                    b = bs.pull();
                } catch (RuntimeException | Error e) {
                    Elements.close(a);
                    throw e;
                }
                if (b == null) {
                    Elements.close(a);
                    return null;
                }
                return new Pair<>(a, b);
            }

            @Override
            public void close() {
                try {
                    as.close();
                } finally {
                    bs.close();
                }
            }
        };
    }

    @Override
    public String toString() {
        return "zip(" + first + ", " + second + ")";
    }
}
