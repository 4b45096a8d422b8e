package dev.graft.data;

import static dev.graft.data.DatasetTesting.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@link Dataset#shard}: tf.data's rule, element i goes to shard i mod n. */
class ShardTest {

    @Test
    void shardsSplitTheElementsWithoutOverlapAndKeepTheirOrder() {
        for (int shards = 1; shards <= 4; shards++) {
            int n = shards;
            List<Long> all = new ArrayList<>();
            for (int index = 0; index < n; index++) {
                int shard = index;
                List<Long> part = collect(Dataset.range(10).shard(n, index));
                List<Long> expected = LongStream.range(0, 10).filter(i -> i % n == shard).boxed().toList();
                assertEquals(expected, part);
                assertEquals(expected.size(), Dataset.range(10).shard(n, index).cardinality(), "cardinality");
                all.addAll(part);
            }
            all.sort(null);
            assertEquals(LongStream.range(0, 10).boxed().toList(), all);
        }
    }

    @Test
    void aSeededShuffleThenShardGivesDisjointShardsEveryPass() {
        Dataset<Long> a = Dataset.range(20).shuffle(20, 7).shard(2, 0);
        Dataset<Long> b = Dataset.range(20).shuffle(20, 7).shard(2, 1);
        for (int pass = 0; pass < 3; pass++) {
            List<Long> union = new ArrayList<>(collect(a));
            union.addAll(collect(b));
            union.sort(null);
            assertEquals(LongStream.range(0, 20).boxed().toList(), union, "pass " + pass);
        }
    }

    @Test
    void cardinalityOfSmallAndUnknownInputs() {
        assertEquals(0, Dataset.range(2).shard(4, 3).cardinality());
        assertEquals(Dataset.INFINITE, Dataset.range(2).repeat().shard(2, 1).cardinality());
    }

    @Test
    void impossibleShardsAreRefusedWithTheValues() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).shard(2, 2)).getMessage()
                .contains("0 to 1"));
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).shard(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).shard(2, -1));
    }
}
