package dev.graft.data;

import static dev.graft.data.DatasetTesting.collect;
import static dev.graft.data.DatasetTesting.liveWorkerThreads;
import static dev.graft.data.DatasetTesting.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Dataset#map(java.util.function.Function, int)}: order, bounded work in flight, errors, shutdown. */
class ParallelMapTest {

    @AfterEach
    void noWorkerOutlivesItsPass() {
        assertEquals(List.of(), liveWorkerThreads());
    }

    @Test
    void keepsTheInputOrderWhateverEachElementTakes() {
        Random random = new Random(7);
        long[] delays = LongStream.range(0, 60).map(i -> random.nextInt(9)).toArray();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Dataset<Long> squares = Dataset.range(60).map(i -> {
            threads.add(Thread.currentThread().getName());
            sleep(delays[i.intValue()]);
            return i * i;
        }, 8);
        List<Long> expected = LongStream.range(0, 60).map(i -> i * i).boxed().toList();
        assertEquals(expected, collect(squares));
        assertEquals(expected, collect(squares), "a second pass");
        assertTrue(threads.size() > 1, "ran on several workers: " + threads);
        assertTrue(threads.stream().allMatch(name -> name.startsWith(Dataset.THREAD_PREFIX + "map-")), threads.toString());
    }

    @Test
    void mapsTensorsOnWorkersWithTheSameValuesAsOnTheCallersThread() {
        try (TensorScope scope = TensorScope.open()) {
            float[] values = new float[40 * 3];
            for (int i = 0; i < values.length; i++) {
                values[i] = i;
            }
            Tensor x = Tensor.of(values, 40, 3);
            Random random = new Random(3);
            long[] delays = LongStream.range(0, 40).map(i -> random.nextInt(5)).toArray();
            AtomicInteger call = new AtomicInteger();
            // sum(2 * row i + 1) = 2 * (3i + 3i+1 + 3i+2) + 3 = 18 i + 9
            List<Double> sums = DatasetTesting.read(Dataset.fromTensorSlices(x).map(t -> {
                sleep(delays[call.getAndIncrement() % 40]);
                return t.mul(2).add(1).sum();
            }, 4), Tensor::item);
            assertEquals(LongStream.range(0, 40).mapToObj(i -> 18.0 * i + 9).toList(), sums);
        }
    }

    @Test
    void neverHasMoreThanNumParallelCallsElementsInFlight() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicLong pulled = new AtomicLong();
        Dataset<Long> counted = Dataset.range(40).map(i -> {
            pulled.incrementAndGet();
            return i;
        });
        Dataset<Long> mapped = counted.map(i -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(3);
            running.decrementAndGet();
            return i;
        }, 3);
        long mostAhead = 0;
        long consumed = 0;
        try (DatasetIterator<Long> pass = mapped.iterator()) {
            while (pass.hasNext()) {
                pass.next();
                consumed++;
                // Read on the caller's thread, so exact: elements taken from the input but not yet returned.
                mostAhead = Math.max(mostAhead, pulled.get() - consumed);
            }
        }
        assertEquals(40, consumed);
        assertTrue(mostRunning.get() <= 3, "at most 3 calls at once, saw " + mostRunning.get());
        assertTrue(mostRunning.get() >= 2, "calls overlapped, saw at most " + mostRunning.get());
        assertTrue(mostAhead <= 3, "at most 3 elements in flight, saw " + mostAhead);
    }

    @Test
    void aFailureNamesTheElementWrapsTheCauseAndStopsTheWorkers() {
        ArithmeticException boom = new ArithmeticException("cannot map 17");
        Dataset<Long> failing = Dataset.range(50).map(i -> {
            if (i == 17) {
                throw boom;
            }
            return i;
        }, 4);
        List<Long> seen = new ArrayList<>();
        DatasetIterator<Long> pass = failing.iterator();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            while (pass.hasNext()) {
                seen.add(pass.next());
            }
        });
        assertEquals(LongStream.range(0, 17).boxed().toList(), seen, "every element before the failing one");
        assertTrue(e.getMessage().contains("element 17"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot map 17"), e.getMessage());
        assertSame(boom, rootCause(e));
        assertEquals(List.of(), liveWorkerThreads(), "the failed pass stopped its workers");
        assertFalse(pass.hasNext(), "the failed pass is over");
    }

    @Test
    void theCallersThreadMapReportsAFailureTheSameWay() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> collect(Dataset.range(5).map(i -> {
            if (i == 3) {
                throw new IllegalArgumentException("no 3");
            }
            return i;
        })));
        assertTrue(e.getMessage().contains("element 3"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void closingAPassEarlyStopsTheWorkersAndFreesTheResultsInFlight() {
        List<Tensor> made = new CopyOnWriteArrayList<>();
        Dataset<Tensor> mapped = Dataset.range(100).map(i -> {
            sleep(1);
            Tensor t = Tensor.of(new float[] {i});
            made.add(t);
            return t;
        }, 4);
        try (DatasetIterator<Tensor> pass = mapped.iterator()) {
            for (int i = 0; i < 3; i++) {
                try (TensorScope step = TensorScope.open()) {
                    assertEquals(i, pass.next().item());
                }
            }
            assertFalse(liveWorkerThreads().isEmpty(), "workers run while the pass is open");
        }
        assertEquals(List.of(), liveWorkerThreads());
        assertTrue(made.size() >= 3 && made.size() <= 3 + 4, "3 returned and at most 4 in flight: " + made.size());
        assertTrue(made.stream().allMatch(Tensor::isClosed), "returned elements freed by their scopes, the rest by close");
    }

    @Test
    void nullResultsAndBadParallelismAreRefused() {
        IllegalStateException nullResult = assertThrows(IllegalStateException.class,
                () -> collect(Dataset.range(3).map(i -> i == 1 ? null : i, 2)));
        assertTrue(nullResult.getMessage().contains("returned null for element 1"), nullResult.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Dataset.range(3).map(i -> i, 0));
        assertTrue(zero.getMessage().contains("received 0"), zero.getMessage());
        assertEquals(List.of(0L, 1L, 2L), collect(Dataset.range(3).map(i -> i, Dataset.AUTOTUNE)));
    }

    static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
