package dev.graft.data.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One term of a split spec, e.g. {@code train[-10%:]}: a split, optional boundaries (absolute, or percents when
 * {@code percent}), and the rounding of percents. {@code all} stands for every split, whole.
 */
record SplitSlice(String split, Long from, Long to, boolean percent, PercentRounding rounding, String text) {

    /** The name TFDS reserves for the union of all splits. */
    static final String ALL = "all";

    /** The absolute ranges this term selects, following TFDS' {@code _rel_to_abs_instr}. */
    List<IndexRange> resolve(Map<String, Integer> splitSizes, String spec) {
        if (split.equals(ALL)) {
            List<IndexRange> all = new ArrayList<>();
            splitSizes.forEach((name, size) -> all.add(new IndexRange(name, 0, size)));
            return all;
        }
        Integer size = splitSizes.get(split);
        if (size == null) {
            throw new IllegalArgumentException("Unknown split '" + split + "' in split spec \"" + spec
                    + "\". Should be one of " + splitSizes.keySet());
        }
        long n = size;
        long start = from == null ? 0 : percent ? percentToIndex(from, n, spec) : from;
        long end = to == null ? n : percent ? percentToIndex(to, n, spec) : to;
        if (Math.abs(start) > n || Math.abs(end) > n) {
            throw new IllegalArgumentException("The slice \"" + text + "\" of split spec \"" + spec
                    + "\" reaches beyond the " + n + " examples of split '" + split + "'");
        }
        start = start < 0 ? n + start : start;
        end = end < 0 ? n + end : end;
        if (start > end) {
            throw new IllegalArgumentException("The slice \"" + text + "\" of split spec \"" + spec + "\" starts at example "
                    + start + " after its end " + end + " (split '" + split + "' has " + n + " examples)");
        }
        return List.of(new IndexRange(split, (int) start, (int) end));
    }

    private long percentToIndex(long boundary, long n, String spec) {
        if (rounding == PercentRounding.CLOSEST) {
            // Python's round(boundary * n / 100.): the product is exact, the quotient a double, ties go to even.
            return (long) Math.rint((double) (boundary * n) / 100.0);
        }
        if (n < 100) {
            throw new IllegalArgumentException("Split spec \"" + spec + "\": pct1_dropremainder rounding on split '"
                    + split + "' of " + n + " examples (fewer than 100) always selects nothing; use CLOSEST");
        }
        return boundary * (n / 100);
    }
}
