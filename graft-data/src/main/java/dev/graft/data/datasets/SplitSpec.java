package dev.graft.data.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which examples to read, in TFDS' split syntax: {@code "train"}, {@code "train[10:20]"}, {@code "train[-5:]"},
 * {@code "train[:40%]"}, {@code "train[-10%:]"}, {@code "train[:10%]+train[-10%:]"}, {@code "all"}.
 *
 * <p>Percent boundaries become indices with {@link PercentRounding#CLOSEST} unless told otherwise: with 23,262
 * examples {@code train[:40%]}, {@code train[40%:50%]} and {@code train[50%:60%]} hold 9305, 2326 and 2326.
 * Indices count in the split's stored order; absolute boundaries beyond the split are errors, as in TFDS.
 */
public final class SplitSpec {
    private final String text;
    private final List<SplitSlice> terms;

    private SplitSpec(String text, List<SplitSlice> terms) {
        this.text = text;
        this.terms = terms;
    }

    /**
     * Parses {@code spec} with closest rounding of percents.
     *
     * @throws IllegalArgumentException naming the spec and the index of the first character that does not fit
     */
    public static SplitSpec parse(String spec) {
        return parse(spec, PercentRounding.CLOSEST);
    }

    /** Parses {@code spec}, rounding its percent boundaries with {@code rounding}. */
    public static SplitSpec parse(String spec, PercentRounding rounding) {
        return new SplitSpec(spec, List.copyOf(SplitSpecParser.parse(spec, rounding)));
    }

    /**
     * The index ranges selected, one per term ({@code all} gives one per split, in {@code splitSizes}' order).
     *
     * @param splitSizes the number of examples of each split of the data set
     * @throws IllegalArgumentException for an unknown split, a slice beyond the split, a slice that ends before it
     *                                  starts, or a spec that selects no example at all
     */
    public List<IndexRange> resolve(Map<String, Integer> splitSizes) {
        List<IndexRange> ranges = new ArrayList<>();
        for (SplitSlice term : terms) {
            ranges.addAll(term.resolve(splitSizes, text));
        }
        if (ranges.stream().allMatch(r -> r.size() == 0)) {
            throw new IllegalArgumentException("Split spec \"" + text + "\" selects no examples (splits: "
                    + splitSizes + ")");
        }
        return List.copyOf(ranges);
    }

    @Override
    public String toString() {
        return text;
    }
}
