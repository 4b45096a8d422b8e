package dev.graft.data.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A data set downloaded and prepared on disk, as TFDS leaves it after {@code download_and_prepare}: for each
 * split, its examples in TFDS' stored order and its shard layout, so that {@link #examples(String)} returns
 * exactly the files, in exactly the order, that {@code tfds.load(name, split=spec)} yields.
 */
public final class PreparedDataset {
    private final Path root;
    private final Map<String, List<LabelledFile>> splits;
    private final Map<String, int[]> shardLengths;
    private final int numSkipped;
    private final List<String> classNames;

    PreparedDataset(Path root, Map<String, List<LabelledFile>> splits, Map<String, int[]> shardLengths,
                    int numSkipped, List<String> classNames) {
        this.root = root;
        this.splits = Map.copyOf(splits);
        this.shardLengths = Map.copyOf(shardLengths);
        this.numSkipped = numSkipped;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * The examples selected by {@code splitSpec} (e.g. {@code "train[:40%]"}), in the order TFDS reads them,
     * percents rounded to the closest index.
     *
     * @throws IllegalArgumentException if the spec is malformed, names an unknown split or selects nothing
     */
    public List<LabelledFile> examples(String splitSpec) {
        return examples(splitSpec, PercentRounding.CLOSEST);
    }

    /** The examples selected by {@code splitSpec}, percents rounded with {@code rounding}. */
    public List<LabelledFile> examples(String splitSpec, PercentRounding rounding) {
        List<List<LabelledFile>> fileInstructions = new ArrayList<>();
        for (IndexRange range : SplitSpec.parse(splitSpec, rounding).resolve(splitSizes())) {
            List<LabelledFile> stored = splits.get(range.split());
            for (IndexRange run : TfdsReadOrder.fileInstructions(range, shardLengths.get(range.split()))) {
                fileInstructions.add(stored.subList(run.from(), run.to()));
            }
        }
        return List.copyOf(TfdsReadOrder.interleave(fileInstructions, TfdsReadOrder.CYCLE_LENGTH,
                TfdsReadOrder.BLOCK_LENGTH));
    }

    /** The number of examples of each split, by name (sorted by name). */
    public Map<String, Integer> splitSizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        splits.keySet().stream().sorted().forEach(name -> sizes.put(name, splits.get(name).size()));
        return sizes;
    }

    /** The number of files that had an example's name but were dropped as corrupt. */
    public int numSkipped() {
        return numSkipped;
    }

    /** The class names, index = label. */
    public List<String> classNames() {
        return classNames;
    }

    /** The folder the archive was extracted into. */
    public Path root() {
        return root;
    }

    /** The examples per shard of {@code split}, as TFDS writes them. */
    int[] shardLengths(String split) {
        return shardLengths.get(split).clone();
    }
}
