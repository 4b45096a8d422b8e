package dev.graft.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TensorBatchesTest {
    private TensorScope scope;
    private Tensor x;
    private Tensor y;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
        float[] xs = new float[10 * 2];
        long[] ys = new long[10];
        for (int i = 0; i < 10; i++) {
            xs[2 * i] = i;
            xs[2 * i + 1] = -i;
            ys[i] = i;
        }
        x = Tensor.of(xs, 10, 2);
        y = Tensor.of(ys, 10);
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** The labels of each batch of one pass, in order. */
    private static List<long[]> pass(TensorBatches batches) {
        List<long[]> labels = new ArrayList<>();
        for (Batch b : batches) {
            long[] l = b.targets().toLongArray();
            float[] rows = b.inputs().get(0).toFloatArray();
            for (int i = 0; i < l.length; i++) {
                assertEquals(l[i], rows[2 * i], 0, "inputs and targets stay paired");
            }
            labels.add(l);
        }
        return labels;
    }

    @Test
    void cutsInOrderWithASmallerLastBatch() {
        TensorBatches batches = new TensorBatches(x, y, 4, false, 0);
        assertEquals(3, batches.batches());
        assertEquals(3, batches.spliterator().getExactSizeIfKnown());
        List<long[]> labels = pass(batches);
        assertArrayEquals(new long[] {0, 1, 2, 3}, labels.get(0));
        assertArrayEquals(new long[] {8, 9}, labels.get(2));
    }

    @Test
    void shufflesEachPassDifferentlyButReproduciblyForASeed() {
        List<long[]> first = pass(new TensorBatches(x, y, 10, true, 7));
        TensorBatches same = new TensorBatches(x, y, 10, true, 7);
        List<long[]> again = pass(same);
        assertArrayEquals(first.get(0), again.get(0));
        long[] secondPass = pass(same).get(0);
        long[] sorted = secondPass.clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted, "a pass visits every sample once");
        assertNotEquals(java.util.Arrays.toString(first.get(0)), java.util.Arrays.toString(secondPass),
                "each pass draws a new order");
    }

    @Test
    void sizingDoesNotConsumeShuffles() {
        TensorBatches a = new TensorBatches(x, y, 10, true, 3);
        TensorBatches b = new TensorBatches(x, y, 10, true, 3);
        a.spliterator().getExactSizeIfKnown();
        assertArrayEquals(pass(b).get(0), pass(a).get(0));
    }

    @Test
    void inputsWithoutTargets() {
        for (Batch b : new TensorBatches(x, null, 5, false, 0)) {
            assertNull(b.targets());
        }
    }

    @Test
    void rejectsMismatchedSamplesAndBadBatchSize() {
        Tensor shortY = y.slice(0, 0, 9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TensorBatches(x, shortY, 4, false, 0));
        assertEquals("x and y need the same number of samples, received x of shape (10, 2) and y of shape (9,)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TensorBatches(x, y, 0, false, 0));
    }
}
