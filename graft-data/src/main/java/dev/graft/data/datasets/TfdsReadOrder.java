package dev.graft.data.datasets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order in which {@code tfds.load(..., shuffle_files=False)} yields a selection. Each range becomes one
 * "file instruction" per shard it touches (a contiguous run of the stored order, {@code shard_utils.
 * get_file_instructions}); the instructions of all the terms of the spec are then read with
 * {@code tf.data.Dataset.interleave(cycle_length=16, block_length=16)} (TFDS' {@code ReadConfig} defaults for
 * data sets that are not {@code disable_shuffling}). So a slice spanning several shards comes out 16 examples
 * from each shard in turn, not in stored order; a single-shard selection comes out in stored order.
 */
final class TfdsReadOrder {
    static final int CYCLE_LENGTH = 16;
    static final int BLOCK_LENGTH = 16;

    private TfdsReadOrder() {
    }

    /** The runs of stored indices of {@code range}, one per shard it overlaps, in shard order. */
    static List<IndexRange> fileInstructions(IndexRange range, int[] shardLengths) {
        List<IndexRange> runs = new ArrayList<>();
        int shardStart = 0;
        for (int length : shardLengths) {
            int shardEnd = shardStart + length;
            int first = Math.max(range.from(), shardStart);
            int end = Math.min(range.to(), shardEnd);
            if (first < end) {
                runs.add(new IndexRange(range.split(), first, end));
            }
            shardStart = shardEnd;
        }
        return runs;
    }

    /**
     * {@code tf.data}'s deterministic interleave: up to {@code cycleLength} inputs are open at once; the cycle
     * takes {@code blockLength} elements from one input, then moves to the next slot. An exhausted input frees its
     * slot, which the next unopened input takes when the cycle comes back to it.
     */
    static <T> List<T> interleave(List<? extends List<T>> inputs, int cycleLength, int blockLength) {
        List<T> out = new ArrayList<>();
        List<List<T>> open = new ArrayList<>(Collections.nCopies(cycleLength, null));
        int[] position = new int[cycleLength];
        int nextInput = 0;
        int openCount = 0;
        int slot = 0;
        int taken = 0;
        while (nextInput < inputs.size() || openCount > 0) {
            if (open.get(slot) == null) {
                if (nextInput < inputs.size()) {
                    open.set(slot, inputs.get(nextInput++));
                    position[slot] = 0;
                    openCount++;
                    continue;
                }
                slot = (slot + 1) % cycleLength;
                taken = 0;
                continue;
            }
            if (position[slot] == open.get(slot).size()) {
                open.set(slot, null);
                openCount--;
                slot = (slot + 1) % cycleLength;
                taken = 0;
                continue;
            }
            out.add(open.get(slot).get(position[slot]++));
            if (++taken == blockLength) {
                slot = (slot + 1) % cycleLength;
                taken = 0;
            }
        }
        return out;
    }
}
