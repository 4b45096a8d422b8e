package dev.graft.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorBatchesSeekTest {

    /** The sample indices of one pass, in the order read. */
    private static List<Long> pass(TensorBatches batches) {
        List<Long> order = new ArrayList<>();
        try (TensorScope scope = TensorScope.open()) {
            for (Batch b : batches) {
                for (long v : b.targets().toLongArray()) {
                    order.add(v);
                }
            }
        }
        return order;
    }

    @Test
    void aFreshInstanceSeekedToPassKReadsPassKsOrder() {
        try (TensorScope scope = TensorScope.open()) {
            long[] ids = new long[23];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i;
            }
            Tensor x = Tensor.of(ids, 23);
            TensorBatches first = new TensorBatches(x, x, 5, true, 99);
            List<List<Long>> passes = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                assertEquals(p, first.nextPass());
                passes.add(pass(first));
            }
            assertNotEquals(passes.get(2), passes.get(3), "each pass draws a new order");
            TensorBatches resumed = new TensorBatches(x, x, 5, true, 99);
            resumed.seekPass(3);
            assertEquals(passes.get(3), pass(resumed));
            assertEquals(4, resumed.nextPass());
            resumed.seekPass(1);
            assertEquals(passes.get(1), pass(resumed), "seeking back replays an earlier pass");
            assertThrows(IllegalArgumentException.class, () -> resumed.seekPass(-1));
        }
    }
}
