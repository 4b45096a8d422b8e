package dev.graft.data;

import static dev.graft.data.DatasetTesting.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.utils.RandomSeed;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@link Dataset#shuffle}: tf.data's bounded buffer, seeds and per-pass orders. */
class ShuffleTest {
    private static final List<Long> IN_ORDER = LongStream.range(0, 100).boxed().toList();

    private static void assertPermutation(List<Long> pass) {
        assertEquals(100, pass.size());
        assertEquals(new HashSet<>(IN_ORDER), new HashSet<>(pass), "every element exactly once");
    }

    @Test
    void everyPassIsAPermutationAndEachPassHasANewOrder() {
        Dataset<Long> shuffled = Dataset.range(100).shuffle(100, 42);
        List<List<Long>> passes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<Long> pass = collect(shuffled);
            assertPermutation(pass);
            assertNotEquals(IN_ORDER, pass, "pass " + i + " is shuffled");
            passes.add(pass);
        }
        assertEquals(4, new HashSet<>(passes).size(), "four passes, four orders");
    }

    @Test
    void theSameSeedGivesTheSameSequenceOfOrdersInEveryRun() {
        // Two pipelines built alike stand for two runs of a program.
        Dataset<Long> run1 = Dataset.range(100).shuffle(30, 7);
        Dataset<Long> run2 = Dataset.range(100).shuffle(30, 7);
        for (int pass = 0; pass < 3; pass++) {
            assertEquals(collect(run1), collect(run2), "pass " + pass);
        }
        assertNotEquals(collect(Dataset.range(100).shuffle(30, 7)), collect(Dataset.range(100).shuffle(30, 8)));
    }

    @Test
    void withoutReshufflingEveryPassHasTheSameOrder() {
        Dataset<Long> fixed = Dataset.range(100).shuffle(100, 3, false);
        List<Long> first = collect(fixed);
        assertPermutation(first);
        assertNotEquals(IN_ORDER, first);
        assertEquals(first, collect(fixed));
        assertEquals(first, collect(fixed));
    }

    @Test
    void theBufferBoundsHowFarAnElementMovesForward() {
        // With a buffer of b, output position p is drawn from inputs p .. p + b - 1 at most.
        int b = 5;
        for (long seed = 0; seed < 20; seed++) {
            List<Long> pass = collect(Dataset.range(100).shuffle(b, seed));
            assertPermutation(pass);
            for (int p = 0; p < pass.size(); p++) {
                assertTrue(pass.get(p) <= p + b - 1, "seed " + seed + ": position " + p + " holds " + pass.get(p));
            }
        }
        assertEquals(IN_ORDER, collect(Dataset.range(100).shuffle(1, 9)), "a buffer of one cannot reorder");
    }

    @Test
    void aBufferLargerThanTheDataShufflesItCompletely() {
        // Element 99 can come first only if the buffer holds all of the data.
        Set<Long> firsts = new HashSet<>();
        for (long seed = 0; seed < 400; seed++) {
            firsts.add(collect(Dataset.range(100).shuffle(1000, seed)).get(0));
        }
        assertTrue(firsts.size() > 80, "first elements drawn from the whole range: " + firsts.size());
        assertTrue(firsts.stream().anyMatch(first -> first >= 90), firsts.toString());
    }

    @Test
    void withoutASeedTheGlobalSeedMakesItReproducible() {
        RandomSeed.set(123);
        List<Long> a = collect(Dataset.range(50).shuffle(50));
        RandomSeed.set(123);
        List<Long> b = collect(Dataset.range(50).shuffle(50));
        assertEquals(a, b);
    }

    @Test
    void refusesAnEmptyBuffer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).shuffle(0, 1));
        assertTrue(e.getMessage().contains("received 0"), e.getMessage());
    }
}
