package dev.graft.data;

import static dev.graft.data.DatasetTesting.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@link Dataset#take}, {@link Dataset#skip}, {@link Dataset#repeat}, {@link Dataset#zip} and the sources. */
class TakeSkipRepeatZipTest {

    private static List<Long> longs(long... values) {
        return LongStream.of(values).boxed().toList();
    }

    @Test
    void takeAndSkip() {
        assertEquals(longs(0, 1, 2), collect(Dataset.range(10).take(3)));
        assertEquals(longs(7, 8, 9), collect(Dataset.range(10).skip(7)));
        assertEquals(longs(3, 4), collect(Dataset.range(10).skip(3).take(2)));
        assertEquals(longs(), collect(Dataset.range(10).skip(20)));
        assertEquals(longs(0, 1), collect(Dataset.range(2).take(5)));
        assertEquals(longs(0, 1, 2, 0), collect(Dataset.range(3).repeat().take(4)), "take ends an infinite dataset");
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).take(-1));
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).skip(-1));
    }

    @Test
    void takeReadsNoMoreThanItNeeds() {
        AtomicInteger reads = new AtomicInteger();
        collect(Dataset.range(100).map(i -> {
            reads.incrementAndGet();
            return i;
        }).take(3));
        assertEquals(3, reads.get());
    }

    @Test
    void repeat() {
        assertEquals(longs(0, 1, 2, 0, 1, 2, 0, 1, 2), collect(Dataset.range(3).repeat(3)));
        assertEquals(longs(), collect(Dataset.range(3).repeat(0)));
        assertEquals(longs(), collect(Dataset.range(0).repeat()), "repeating nothing ends");
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).repeat(-2));
        // Each repetition is a new pass: a shuffle draws a new order for each.
        List<Long> twoPasses = collect(Dataset.range(20).shuffle(20, 5).repeat(2));
        assertEquals(twoPasses.subList(0, 20).stream().sorted().toList(), LongStream.range(0, 20).boxed().toList());
        assertEquals(twoPasses.subList(20, 40).stream().sorted().toList(), LongStream.range(0, 20).boxed().toList());
        assertEquals(false, twoPasses.subList(0, 20).equals(twoPasses.subList(20, 40)));
    }

    @Test
    void zipPairsUntilTheShorterEnds() {
        List<Pair<Long, String>> pairs = collect(Dataset.range(5).zip(Dataset.fromList(List.of("a", "b", "c"))));
        assertEquals(List.of(new Pair<>(0L, "a"), new Pair<>(1L, "b"), new Pair<>(2L, "c")), pairs);
        assertEquals(List.of(new Pair<>(0L, 10L), new Pair<>(1L, 11L)),
                collect(Dataset.range(2).zip(Dataset.range(10, 100).repeat())));
    }

    @Test
    void sources() {
        assertEquals(longs(4, 5, 6), collect(Dataset.range(4, 7)));
        assertEquals(List.of("x", "y"), collect(Dataset.fromList(List.of("x", "y"))));
        AtomicInteger iterators = new AtomicInteger();
        Dataset<Integer> generated = Dataset.fromGenerator(() -> {
            iterators.incrementAndGet();
            return List.of(3, 1, 4).iterator();
        }, 3);
        assertEquals(List.of(3, 1, 4), collect(generated));
        assertEquals(List.of(3, 1, 4), collect(generated));
        assertEquals(2, iterators.get(), "one iterator per pass");
        assertThrows(IllegalArgumentException.class, () -> Dataset.fromGenerator(() -> List.of().iterator(), -5));
        assertThrows(IllegalArgumentException.class, () -> Dataset.fromList(java.util.Arrays.asList("a", null)));
        IllegalStateException nullElement = assertThrows(IllegalStateException.class,
                () -> collect(Dataset.fromGenerator(() -> java.util.Arrays.asList(1, null).iterator())));
        assertEquals(true, nullElement.getMessage().contains("null as element 1"), nullElement.getMessage());
    }

    @Test
    void generatorIteratorsThatAreCloseableAreClosedWithTheirPass() {
        AtomicInteger closed = new AtomicInteger();
        class Counting implements java.util.Iterator<Long>, AutoCloseable {
            private long next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Long next() {
                return next++;
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        }
        Dataset<Long> endless = Dataset.fromGenerator(Counting::new, Dataset.INFINITE);
        assertEquals(longs(0, 1, 2), collect(endless.take(3)));
        assertEquals(1, closed.get());
    }

    @Test
    void describesThePipeline() {
        assertEquals("zip(range(10).shuffle(4).batch(3, dropRemainder=false, stacker=TakeSkipRepeatZipTest lambda), "
                        + "range(2, 5).repeat().take(7))",
                Dataset.range(10).shuffle(4, 1).batch(3, l -> l.size())
                        .zip(Dataset.range(2, 5).repeat().take(7)).toString());
    }
}
