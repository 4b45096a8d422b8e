package dev.graft.data;

/** The numbers {@code start, ..., end - 1}. */
final class RangeDataset extends Dataset<Long> {
    private final long start;
    private final long end;

    RangeDataset(long start, long end) {
        this.start = start;
        this.end = end;
    }

    @Override
    public long cardinality() {
        return Math.max(0, end - start);
    }

    @Override
    Cursor<Long> open() {
        return new Cursor<>() {
            private long next = start;

            @Override
            public Long pull() {
                return next < end ? next++ : null;
            }

            @Override
            public void close() {
                next = end;
            }
        };
    }

    @Override
    public String toString() {
        return start == 0 ? "range(" + end + ")" : "range(" + start + ", " + end + ")";
    }
}
