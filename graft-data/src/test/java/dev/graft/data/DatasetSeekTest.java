package dev.graft.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A freshly built pipeline seeked to pass k gives pass k's elements in pass k's order. */
class DatasetSeekTest {

    private static List<Long> pass(Dataset<Long> data) {
        List<Long> out = new ArrayList<>();
        data.forEach(out::add);
        return out;
    }

    private static void assertReplays(Supplier<Dataset<Long>> pipeline, int passes) {
        Dataset<Long> first = pipeline.get();
        List<List<Long>> seen = new ArrayList<>();
        for (int p = 0; p < passes; p++) {
            assertEquals(p, first.nextPass());
            seen.add(pass(first));
        }
        assertNotEquals(seen.get(passes - 2), seen.get(passes - 1), "the passes differ, so seeking matters");
        for (int p = passes - 1; p >= 0; p--) {
            Dataset<Long> resumed = pipeline.get();
            resumed.seekPass(p);
            assertEquals(seen.get(p), pass(resumed), first + ", pass " + p);
            assertEquals(p + 1, resumed.nextPass());
        }
    }

    @Test
    void aSeededShuffleReplaysAnyPass() {
        assertReplays(() -> Dataset.range(40).shuffle(10, 7), 4);
    }

    @Test
    void stagesAboveAndBelowTheShuffleKeepTheirPlace() {
        assertReplays(() -> Dataset.range(30).map(v -> v * 3).shuffle(30, 11).map(v -> v + 1, 2).take(20)
                .prefetch(2), 3);
    }

    @Test
    void aFiniteRepeatAboveAShuffleReplaysAllOfItsPasses() {
        assertReplays(() -> Dataset.range(8).shuffle(8, 5).repeat(3), 3);
    }

    @Test
    void aCacheAboveAShuffleKeepsTheFirstPassOrder() {
        Dataset<Long> first = Dataset.range(20).shuffle(20, 3).cache();
        List<Long> order = pass(first);
        assertEquals(order, pass(first));
        Dataset<Long> resumed = Dataset.range(20).shuffle(20, 3).cache();
        resumed.seekPass(5);
        assertEquals(order, pass(resumed), "the cache was filled from the first pass");
    }

    @Test
    void anEndlessRepeatAboveAShuffleCannotBeReplayed() {
        Dataset<Long> data = Dataset.range(5).shuffle(5, 1).repeat();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> data.seekPass(2));
        assertTrue(e.getMessage().contains("shuffle after repeat()"), e.getMessage());
        Dataset<Long> shuffledAfter = Dataset.range(5).repeat().shuffle(5, 1);
        shuffledAfter.seekPass(2);
        assertEquals(2, shuffledAfter.nextPass());
        assertThrows(IllegalArgumentException.class, () -> data.seekPass(-1));
    }
}
