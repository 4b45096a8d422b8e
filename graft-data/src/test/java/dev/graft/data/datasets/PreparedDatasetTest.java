package dev.graft.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading order over TFDS' real cats_vs_dogs layout: 23,262 examples in 16 shards. */
class PreparedDatasetTest {
    private static final int N = 23_262;
    private static final int[] SHARDS = {1454, 1454, 1454, 1454, 1453, 1454, 1454, 1454, 1454, 1454, 1454, 1453, 1454,
            1454, 1454, 1454};

    private final List<LabelledFile> stored = storedExamples();
    private final PreparedDataset data = new PreparedDataset(Path.of("/data"), Map.of("train", stored),
            Map.of("train", SHARDS), 1738, List.of("cat", "dog"));

    @Test
    void theGuideSplitsHaveTheirSizesAndReadSixteenPerShardInTurn() {
        List<LabelledFile> train = data.examples("train[:40%]");
        List<LabelledFile> validation = data.examples("train[40%:50%]");
        List<LabelledFile> test = data.examples("train[50%:60%]");
        assertEquals(9305, train.size());
        assertEquals(2326, validation.size());
        assertEquals(2326, test.size());

        // train[:40%] starts with 16 of shard 0, then 16 of shard 1 (which starts at 1454).
        assertEquals(stored.subList(0, 16), train.subList(0, 16));
        assertEquals(stored.subList(1454, 1470), train.subList(16, 32));
        // train[40%:50%] is the tail of shard 6 from 9305 and all of shard 7 from 10177, 16 at a time.
        assertEquals(stored.subList(9305, 9321), validation.subList(0, 16));
        assertEquals(stored.subList(10177, 10193), validation.subList(16, 32));
        // train[50%:60%] is shard 8 from 11631 and the head of shard 9 from 13085, up to 13957.
        assertEquals(stored.subList(11631, 11647), test.subList(0, 16));
        assertEquals(stored.subList(13085, 13101), test.subList(16, 32));
        assertEquals(new HashSet<>(stored.subList(11631, 13957)), new HashSet<>(test));
    }

    @Test
    void theWholeSplitInterleavesAllSixteenShards() {
        List<LabelledFile> all = data.examples("all");
        assertEquals(N, all.size());
        assertEquals(all, data.examples("train"));
        for (int shard = 0; shard < 16; shard++) {
            int start = 1454 * shard - (shard > 4 ? 1 : 0) - (shard > 11 ? 1 : 0);
            assertEquals(stored.get(start), all.get(16 * shard), "first example of shard " + shard);
        }
    }

    @Test
    void theRoundingCanBeChosen() {
        // floor(23262 / 100) = 232 per percent.
        assertEquals(40 * 232, data.examples("train[:40%]", PercentRounding.PCT1_DROPREMAINDER).size());
    }

    @Test
    void theSplitsAndShardsAreReported() {
        assertEquals(Map.of("train", N), data.splitSizes());
        assertArrayEquals(SHARDS, data.shardLengths("train"));
        assertEquals(1738, data.numSkipped());
        assertThrows(IllegalArgumentException.class, () -> data.examples("validation"));
    }

    private static List<LabelledFile> storedExamples() {
        List<LabelledFile> files = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            files.add(new LabelledFile(Path.of("/data/" + i + ".jpg"), i % 2, "example " + i));
        }
        return files;
    }
}
