package dev.graft.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TfdsShardsTest {
    private static final long MIB = 1L << 20;

    @Test
    void catsVsDogsHasTfdsRecordedSixteenShards() {
        // TFDS' dataset_info.json for cats_vs_dogs 4.0.1: numBytes 1113904753 and these shardLengths.
        int shards = TfdsShards.numberOfShards(1_113_904_753L, 23_262);
        assertEquals(16, shards);
        assertArrayEquals(new int[] {1454, 1454, 1454, 1454, 1453, 1454, 1454, 1454, 1454, 1454, 1454, 1453, 1454,
                1454, 1454, 1454}, TfdsShards.shardLengths(23_262, shards));
    }

    @Test
    void shardBoundariesRoundHalfToEven() {
        // 10 examples in 4 shards end at round(2.5)=2, round(5.0)=5, round(7.5)=8, 10.
        assertArrayEquals(new int[] {2, 3, 3, 2}, TfdsShards.shardLengths(10, 4));
        assertThrows(IllegalArgumentException.class, () -> TfdsShards.shardLengths(3, 4));
    }

    @Test
    void shardsAreAtLeast64MiBAndAPowerOfTwo() {
        assertEquals(1, TfdsShards.numberOfShards(10_000, 24));
        // With the 16 bytes per record, exactly 16 x 64 MiB allows 16 shards; one byte less only 15, hence 8.
        long n = 1000;
        assertEquals(16, TfdsShards.numberOfShards(16 * 64 * MIB - 16 * n, n));
        assertEquals(8, TfdsShards.numberOfShards(16 * 64 * MIB - 16 * n - 1, n));
        // Fewer examples than shards: the largest power of two that still gives each shard an example.
        assertEquals(2, TfdsShards.numberOfShards(16 * 64 * MIB, 3));
    }

    @Test
    void largeSplitsGet1024ShardsOrAMultiple() {
        assertEquals(1024, TfdsShards.numberOfShards(100L * 1024 * MIB, 1_000_000));
        // 2000 GiB need at least 2000 shards of 1 GiB: the first multiple of 1024 above is 2048.
        assertEquals(2048, TfdsShards.numberOfShards(2000L * 1024 * MIB, 1_000_000));
    }
}
