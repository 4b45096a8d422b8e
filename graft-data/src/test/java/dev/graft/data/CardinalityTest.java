package dev.graft.data;

import static dev.graft.data.Dataset.INFINITE;
import static dev.graft.data.Dataset.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Spliterator;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Dataset#cardinality()} through every operation, as tf.data computes it, and the spliterator sizes. */
class CardinalityTest {
    private final Dataset<Long> ten = Dataset.range(10);
    private final Dataset<Long> infinite = Dataset.range(10).repeat();
    private final Dataset<Long> unknown = Dataset.range(10).filter(i -> i % 2 == 0);
    private final Dataset<Long> empty = Dataset.range(0);

    @Test
    void sources() {
        assertEquals(10, ten.cardinality());
        assertEquals(0, empty.cardinality());
        assertEquals(3, Dataset.range(4, 7).cardinality());
        assertEquals(0, Dataset.range(7, 4).cardinality());
        assertEquals(3, Dataset.fromList(List.of("a", "b", "c")).cardinality());
        assertEquals(UNKNOWN, Dataset.fromGenerator(() -> List.of(1).iterator()).cardinality());
        assertEquals(INFINITE, Dataset.fromGenerator(() -> List.of(1).iterator(), INFINITE).cardinality());
        assertEquals(5, Dataset.fromGenerator(() -> List.of(1).iterator(), 5).cardinality());
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Tensor.zeros(dev.graft.tensor.Shape.of(6, 2), dev.graft.tensor.DType.FLOAT32);
            assertEquals(6, Dataset.fromTensorSlices(x).cardinality());
            assertEquals(6, Dataset.fromTensorSlices(x, x).cardinality());
        }
    }

    @Test
    void elementwiseOperationsKeepIt(@TempDir Path dir) {
        for (Dataset<Long> d : List.of(ten, infinite, unknown)) {
            long n = d.cardinality();
            assertEquals(n, d.map(i -> i).cardinality());
            assertEquals(n, d.map(i -> i, 3).cardinality());
            assertEquals(n, d.shuffle(4, 1).cardinality());
            assertEquals(n, d.cache().cardinality());
            assertEquals(n, d.cache(dir.resolve("c")).cardinality());
            assertEquals(n, d.prefetch(2).cardinality());
        }
    }

    @Test
    void filterAndUnbatchMakeItUnknown() {
        assertEquals(UNKNOWN, ten.filter(i -> true).cardinality());
        assertEquals(UNKNOWN, infinite.filter(i -> true).cardinality(), "as tf.data: a filter may end anything");
        assertEquals(UNKNOWN, ten.map(i -> Tensor.scalar(i)).batch(3).unbatch().cardinality());
        assertEquals(INFINITE, infinite.map(i -> Tensor.scalar(i)).batch(3).unbatch().cardinality());
    }

    @Test
    void batchRoundsUpOrDown() {
        assertEquals(4, ten.batch(3).cardinality(), "ceil(10 / 3)");
        assertEquals(3, ten.batch(3, true).cardinality(), "floor(10 / 3)");
        assertEquals(2, ten.batch(5).cardinality());
        assertEquals(2, ten.batch(5, true).cardinality());
        assertEquals(1, ten.batch(20).cardinality());
        assertEquals(0, ten.batch(20, true).cardinality());
        assertEquals(0, empty.batch(3).cardinality());
        assertEquals(INFINITE, infinite.batch(3).cardinality());
        assertEquals(UNKNOWN, unknown.batch(3).cardinality());
        assertEquals(4, ten.batch(3, l -> l.size()).cardinality());
    }

    @Test
    void takeAndSkip() {
        assertEquals(3, ten.take(3).cardinality());
        assertEquals(10, ten.take(30).cardinality());
        assertEquals(0, ten.take(0).cardinality());
        assertEquals(3, infinite.take(3).cardinality());
        assertEquals(UNKNOWN, unknown.take(3).cardinality());
        assertEquals(7, ten.skip(3).cardinality());
        assertEquals(0, ten.skip(30).cardinality());
        assertEquals(INFINITE, infinite.skip(3).cardinality());
        assertEquals(UNKNOWN, unknown.skip(3).cardinality());
    }

    @Test
    void repeat() {
        assertEquals(30, ten.repeat(3).cardinality());
        assertEquals(0, ten.repeat(0).cardinality());
        assertEquals(INFINITE, ten.repeat().cardinality());
        assertEquals(0, empty.repeat().cardinality(), "repeating nothing gives nothing");
        assertEquals(INFINITE, unknown.repeat().cardinality());
        assertEquals(UNKNOWN, unknown.repeat(2).cardinality());
        assertEquals(INFINITE, infinite.repeat(2).cardinality());
    }

    @Test
    void zipTakesTheShorter() {
        assertEquals(3, ten.zip(Dataset.range(3)).cardinality());
        assertEquals(10, ten.zip(infinite).cardinality());
        assertEquals(10, infinite.zip(ten).cardinality());
        assertEquals(INFINITE, infinite.zip(infinite).cardinality());
        assertEquals(UNKNOWN, ten.zip(unknown).cardinality());
        assertEquals(UNKNOWN, unknown.zip(infinite).cardinality());
    }

    @Test
    void theSpliteratorIsSizedByTheCardinalityWithoutStartingAPass() {
        AtomicInteger passes = new AtomicInteger();
        Dataset<Integer> counted = Dataset.fromGenerator(() -> {
            passes.incrementAndGet();
            return List.of(1, 2, 3).iterator();
        }, 3);
        Spliterator<?> sized = counted.batch(2).spliterator();
        assertTrue(sized.hasCharacteristics(Spliterator.SIZED));
        assertEquals(2, sized.getExactSizeIfKnown());

        Spliterator<Long> endless = infinite.spliterator();
        assertTrue(endless.hasCharacteristics(Spliterator.SIZED));
        assertEquals(Long.MAX_VALUE, endless.getExactSizeIfKnown());

        Spliterator<Long> unsized = unknown.spliterator();
        assertFalse(unsized.hasCharacteristics(Spliterator.SIZED));
        assertEquals(-1, unsized.getExactSizeIfKnown());
        assertEquals(0, passes.get(), "sizing the data started no pass");

        List<Integer> seen = new java.util.ArrayList<>();
        counted.spliterator().forEachRemaining(seen::add);
        assertEquals(List.of(1, 2, 3), seen);
        assertEquals(1, passes.get(), "advancing it starts one");
        assertEquals(Collections.emptyList(), DatasetTesting.liveWorkerThreads());
    }
}
