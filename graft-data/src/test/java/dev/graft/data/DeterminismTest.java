package dev.graft.data;

import static dev.graft.data.DatasetTesting.liveWorkerThreads;
import static dev.graft.data.DatasetTesting.read;
import static dev.graft.data.DatasetTesting.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The same seed gives the same elements in the same order, with or without worker threads. */
class DeterminismTest {

    /** Three epochs of batches, each rendered as its values. */
    private static List<String> threeEpochs(Dataset<Batch> data) {
        List<String> all = new ArrayList<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            all.addAll(read(data, b -> Arrays.toString(b.inputs().get(0).toFloatArray())
                    + Arrays.toString(b.targets().toLongArray())));
        }
        return all;
    }

    @Test
    void workersAndPrefetchingChangeNothingButTiming() {
        try (TensorScope scope = TensorScope.open()) {
            float[] values = new float[50 * 3];
            for (int i = 0; i < values.length; i++) {
                values[i] = i;
            }
            Tensor x = Tensor.of(values, 50, 3);
            Tensor y = Tensor.of(java.util.stream.LongStream.range(0, 50).toArray(), 50);
            Random jitter = new Random();
            UnaryOperator<Example> slowly = e -> {
                sleep(jitter.nextInt(3));
                return e.mapX(v -> v.mul(v));
            };
            List<String> plain = threeEpochs(Dataset.fromTensorSlices(x, y).shuffle(20, 11).map(slowly).batch(7));
            List<String> threaded = threeEpochs(Dataset.fromTensorSlices(x, y).shuffle(20, 11).map(slowly, 4)
                    .batch(7).prefetch(3));
            List<String> threadedAgain = threeEpochs(Dataset.fromTensorSlices(x, y).shuffle(20, 11).map(slowly, 6)
                    .prefetch(1).batch(7).prefetch(2));
            assertEquals(plain, threaded);
            assertEquals(plain, threadedAgain);
            assertNotEquals(plain.subList(0, 8), plain.subList(8, 16), "each epoch has its own order");
        }
        assertEquals(List.of(), liveWorkerThreads());
    }
}
