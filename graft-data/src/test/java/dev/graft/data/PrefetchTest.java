package dev.graft.data;

import static dev.graft.data.DatasetTesting.collect;
import static dev.graft.data.DatasetTesting.liveWorkerThreads;
import static dev.graft.data.DatasetTesting.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Dataset#prefetch(int)}: a bounded buffer filled on a background thread. */
class PrefetchTest {

    @AfterEach
    void noProducerOutlivesItsPass() {
        assertEquals(List.of(), liveWorkerThreads());
    }

    @Test
    void keepsTheOrderAndReadsOnABackgroundThread() {
        List<String> threads = new CopyOnWriteArrayList<>();
        Dataset<Long> ds = Dataset.range(30).map(i -> {
            threads.add(Thread.currentThread().getName());
            return i;
        }).prefetch(4);
        assertEquals(LongStream.range(0, 30).boxed().toList(), collect(ds));
        assertTrue(threads.stream().allMatch(name -> name.startsWith(Dataset.THREAD_PREFIX + "prefetch-")),
                threads.toString());
    }

    @Test
    void theProducerIsNeverMoreThanBufferSizeAhead() {
        AtomicLong produced = new AtomicLong();
        Dataset<Long> ds = Dataset.range(200).map(i -> {
            produced.incrementAndGet();
            return i;
        }).prefetch(3);
        long consumed = 0;
        long mostAhead = 0;
        try (DatasetIterator<Long> pass = ds.iterator()) {
            while (pass.hasNext()) {
                assertEquals(consumed, pass.next());
                consumed++;
                if (consumed == 1) {
                    // Give the producer time to fill the buffer: it must stop at 3 ahead.
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (produced.get() - consumed < 3 && System.nanoTime() < deadline) {
                        sleep(1);
                    }
                    sleep(50);
                    assertEquals(3, produced.get() - consumed, "a full buffer, and not one element more");
                }
                mostAhead = Math.max(mostAhead, produced.get() - consumed);
            }
        }
        assertEquals(200, consumed);
        assertTrue(mostAhead <= 3, "at most 3 ahead, saw " + mostAhead);
    }

    @Test
    void aFailureOnTheProducerSurfacesOnTheCallersThreadNamingTheElement() {
        UnsupportedOperationException boom = new UnsupportedOperationException("element 5 is bad");
        Dataset<Long> ds = Dataset.range(20).map(i -> {
            if (i == 5) {
                throw boom;
            }
            return i;
        }).prefetch(2);
        List<Long> seen = new ArrayList<>();
        DatasetIterator<Long> pass = ds.iterator();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            while (pass.hasNext()) {
                seen.add(pass.next());
            }
        });
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seen);
        assertTrue(e.getMessage().startsWith("prefetch"), e.getMessage());
        assertTrue(e.getMessage().contains("failed on element 5"), e.getMessage());
        assertSame(boom, ParallelMapTest.rootCause(e));
        assertEquals(List.of(), liveWorkerThreads(), "the failed pass stopped its producer");
    }

    @Test
    void closingEarlyStopsTheProducerAndFreesTheBuffer() {
        List<Tensor> made = new CopyOnWriteArrayList<>();
        Dataset<Tensor> ds = Dataset.range(1000).map(i -> {
            Tensor t = Tensor.of(new float[] {i});
            made.add(t);
            return t;
        }).prefetch(5);
        try (DatasetIterator<Tensor> pass = ds.iterator()) {
            try (TensorScope step = TensorScope.open()) {
                assertEquals(0, pass.next().item());
            }
            assertFalse(liveWorkerThreads().isEmpty());
        }
        assertEquals(List.of(), liveWorkerThreads());
        assertTrue(made.size() <= 1 + 5 + 1, "the returned one, the buffer and the one read ahead: " + made.size());
        assertTrue(made.stream().allMatch(Tensor::isClosed), "every element freed");
    }

    @Test
    void refusesAnEmptyBuffer() {
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).prefetch(0));
        assertEquals(List.of(0L, 1L, 2L), collect(Dataset.range(3).prefetch(Dataset.AUTOTUNE)));
    }
}
