package dev.graft.data.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TfdsReadOrderTest {
    /** TFDS' shard lengths of cats_vs_dogs' train split. */
    private static final int[] CATS_SHARDS = {1454, 1454, 1454, 1454, 1453, 1454, 1454, 1454, 1454, 1454, 1454, 1453,
            1454, 1454, 1454, 1454};

    @Test
    void aRangeIsCutAtShardBoundaries() {
        // Shards 6 and 7 span [8723, 10177) and [10177, 11631).
        assertEquals(List.of(new IndexRange("train", 9305, 10177), new IndexRange("train", 10177, 11631)),
                TfdsReadOrder.fileInstructions(new IndexRange("train", 9305, 11631), CATS_SHARDS));
        assertEquals(List.of(new IndexRange("train", 3, 5)),
                TfdsReadOrder.fileInstructions(new IndexRange("train", 3, 5), new int[] {10}));
    }

    @Test
    void interleaveTakesBlocksInTurn() {
        List<List<String>> inputs = List.of(List.of("a1", "a2", "a3"), List.of("b1", "b2", "b3", "b4", "b5"));
        assertEquals(List.of("a1", "a2", "b1", "b2", "a3", "b3", "b4", "b5"), TfdsReadOrder.interleave(inputs, 2, 2));
    }

    @Test
    void aFreedSlotTakesTheNextInputWhenTheCycleComesBack() {
        // tf.data: A fills slot 0, B slot 1; A ends, its slot takes C on the next turn.
        List<List<String>> inputs = List.of(List.of("a1"), List.of("b1", "b2", "b3"), List.of("c1", "c2"));
        assertEquals(List.of("a1", "b1", "b2", "c1", "b3", "c2"), TfdsReadOrder.interleave(inputs, 2, 1));
    }

    @Test
    void theGuideTrainingSliceComesSixteenFromEachShardInTurn() {
        List<List<Integer>> inputs = TfdsReadOrder.fileInstructions(new IndexRange("train", 0, 9305), CATS_SHARDS)
                .stream().map(r -> IntStream.range(r.from(), r.to()).boxed().toList()).toList();
        // Shards 0-5 whole (8723 examples) and 582 of shard 6.
        assertEquals(7, inputs.size());
        List<Integer> order = TfdsReadOrder.interleave(inputs, 16, 16);

        assertEquals(9305, order.size());
        assertEquals(9305, new HashSet<>(order).size());
        assertEquals(IntStream.range(0, 16).boxed().toList(), order.subList(0, 16));
        assertEquals(IntStream.range(1454, 1470).boxed().toList(), order.subList(16, 32));
        assertEquals(8723, order.get(6 * 16));
        // 582 = 36 x 16 + 6: after 36 rounds of 7 blocks, shards 0-5 give a block each, then shard 6 its last 6
        // (positions 4128 to 4133, ending with example 9304) and drops out of the cycle; shard 0 goes on with 592.
        assertEquals(9304, order.get(36 * 7 * 16 + 6 * 16 + 5));
        assertEquals(592, order.get(36 * 7 * 16 + 6 * 16 + 6));
        // 1454 = 90 x 16 + 14 and shard 4 is one shorter, so the last example read is shard 5's last, 8722.
        assertEquals(8722, order.get(9304));
    }
}
