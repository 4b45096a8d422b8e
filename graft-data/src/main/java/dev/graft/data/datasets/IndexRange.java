package dev.graft.data.datasets;

/**
 * The examples {@code from} (inclusive) to {@code to} (exclusive) of a split, in the split's stored order.
 *
 * @param split the split's name
 * @param from  the first index, 0 or more
 * @param to    one past the last index, at least {@code from}
 */
public record IndexRange(String split, int from, int to) {

    public IndexRange {
        if (split == null || from < 0 || to < from) {
            throw new IllegalArgumentException("An index range needs a split and 0 <= from <= to, received split "
                    + split + ", from " + from + ", to " + to);
        }
    }

    /** The number of examples. */
    public int size() {
        return to - from;
    }
}
