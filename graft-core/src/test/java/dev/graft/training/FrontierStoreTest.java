package dev.graft.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.SampleHasher.SampleKey;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-sample store behind frozen-prefix reuse, and the content keys it is looked up by. */
class FrontierStoreTest {
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** Sample {@code i}'s key in these tests (real keys are digests; any distinct values do here). */
    private static SampleKey key(long i) {
        return new SampleKey(i, 0, 0, 0);
    }

    private static SampleKey[] keys(long... samples) {
        return java.util.Arrays.stream(samples).mapToObj(FrontierStoreTest::key).toArray(SampleKey[]::new);
    }

    /** Rows {@code [2 i, 2 i + 1]} for sample {@code i}: a frontier tensor whose rows name their sample. */
    private static Tensor rows(long... samples) {
        float[] values = new float[samples.length * 2];
        for (int k = 0; k < samples.length; k++) {
            values[2 * k] = 2 * samples[k];
            values[2 * k + 1] = 2 * samples[k] + 1;
        }
        return Tensor.of(values, samples.length, 2);
    }

    /** Stored rows come back in the order asked for, from several batches, each frontier tensor alike. */
    @Test
    void gathersRowsOfSeveralBatchesInTheAskedOrder() {
        try (FrontierStore store = new FrontierStore(1 << 20)) {
            store.put(keys(0, 1, 2), List.of(rows(0, 1, 2), rows(10, 11, 12)));
            store.put(keys(3, 4), List.of(rows(3, 4), rows(13, 14)));
            List<Tensor> back = store.gather(keys(4, 0, 3, 2));
            assertArrayEquals(rows(4, 0, 3, 2).toFloatArray(), back.get(0).toFloatArray());
            assertArrayEquals(rows(14, 10, 13, 12).toFloatArray(), back.get(1).toFloatArray());
            assertNull(store.gather(keys(4, 5)), "sample 5 was never stored");
            assertNull(store.gather(keys()), "an empty batch is computed, not gathered");
            assertEquals(5, store.size());
        }
    }

    /**
     * Past {@link FrontierStore#CHUNK_ROWS} rows the blocks are merged into a chunk; rows stay addressable
     * across the merged chunk and the blocks stored after it.
     */
    @Test
    void mergedChunksKeepEveryRow() {
        int batch = 128;
        int samples = FrontierStore.CHUNK_ROWS + 3 * batch;
        try (FrontierStore store = new FrontierStore(Long.MAX_VALUE)) {
            for (int start = 0; start < samples; start += batch) {
                long[] ids = IntStream.range(start, start + batch).asLongStream().toArray();
                try (TensorScope step = TensorScope.open()) {
                    store.put(keys(ids), List.of(rows(ids)));
                }
            }
            long[] asked = {samples - 1, 0, FrontierStore.CHUNK_ROWS, 5, FrontierStore.CHUNK_ROWS - 1, 777};
            assertArrayEquals(rows(asked).toFloatArray(), store.gather(keys(asked)).get(0).toFloatArray());
            assertEquals((long) samples * 2 * 4, store.usedBytes());
        }
    }

    /** The budget caps the bytes stored; a sample seen twice (even in one batch) is stored once. */
    @Test
    void budgetAndDuplicates() {
        long rowBytes = 2 * 4;
        try (FrontierStore store = new FrontierStore(3 * rowBytes)) {
            store.put(keys(7, 7, 8), List.of(rows(7, 7, 8)));
            store.put(keys(8, 9, 10, 11), List.of(rows(8, 9, 10, 11)));
            assertEquals(3, store.size(), "samples 7, 8 and 9 fit");
            assertEquals(3 * rowBytes, store.usedBytes());
            assertNull(store.gather(keys(9, 10)));
            assertArrayEquals(rows(9, 7, 8).toFloatArray(), store.gather(keys(9, 7, 8)).get(0).toFloatArray());
            store.clear();
            assertEquals(0, store.usedBytes());
            assertNull(store.gather(keys(7)));
        }
    }

    /** Keys depend on the sample's content, dtype and shape only, not on its batch or position. */
    @Test
    void keysFollowTheContent() {
        SampleHasher hasher = new SampleHasher();
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Tensor b = Tensor.of(new float[] {5, 6, 1, 2}, 2, 2);
        SampleKey[] ka = hasher.keys(List.of(a));
        SampleKey[] kb = hasher.keys(List.of(b));
        assertEquals(ka[0], kb[1]);
        assertEquals(ka[2], kb[0]);
        assertNotEquals(ka[0], ka[1]);
        assertNotEquals(ka[0], hasher.keys(List.of(a.toType(DType.FLOAT64)))[0], "dtype is part of the key");
        assertNotEquals(ka[0], hasher.keys(List.of(a.reshape(3, 1, 2)))[0], "shape is part of the key");
        Tensor other = Tensor.of(new long[] {9, 9, 9}, 3);
        SampleKey[] both = hasher.keys(List.of(a, other));
        assertNotEquals(ka[0], both[0], "every model input is part of the key");
        assertEquals(both[0], hasher.keys(List.of(a.slice(0, 0, 1), other.slice(0, 0, 1)))[0]);
        Tensor zeros = Tensor.zeros(Shape.of(2, 0), DType.FLOAT32);
        assertEquals(2, hasher.keys(List.of(zeros)).length);
    }
}
