package dev.graft.training;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graft.callbacks.Callback;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.BinaryCrossentropy;
import dev.graft.metrics.BinaryAccuracy;
import dev.graft.models.Model;
import dev.graft.optimizers.Adam;
import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.testing.ResidentMemory;
import dev.graft.testing.TestJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code fit} runs each step in its own tensor scope, so resident memory stays flat over epochs: 40 epochs
 * of 25 steps of a conv net with batch normalization, dropout, Adam and a metric, with the RSS sampled after
 * epochs 5, 10, ..., 40. The bound is the same as {@code MemoryStabilityTest}'s (32 MiB), which a leak of one
 * small activation per step exceeds. It runs in a JVM of its own, as {@code MemoryStabilityTest} explains.
 */
class FitMemoryTest {
    private static final int EPOCHS = 40;
    private static final long BOUND_BYTES = 32L << 20;

    @Test
    void residentMemoryStaysFlatOverEpochs() throws IOException, InterruptedException {
        assumeTrue(ResidentMemory.isAvailable(), "Skipped: resident memory is read from /proc/self/status (Linux only)");
        TestJvm.runStatic(TestJvm.MEMORY_OPTIONS, FitMemoryTest.class, "fitAndSample", 300);
    }

    private static void fitAndSample() {
        try (TensorScope scope = TensorScope.open(); SeedGenerator g = SeedGenerator.of(11)) {
            SymbolicTensor in = Input.of(8, 8, 3);
            SymbolicTensor x = new Conv2D(8, 3).call(in);
            x = new BatchNormalization().call(x);
            x = new GlobalAveragePooling2D().call(x);
            x = new Dropout(0.2).call(x);
            try (Model model = new Model(in, new Dense(1).call(x))) {
                model.compile(new Adam(), new BinaryCrossentropy(true), new BinaryAccuracy());
                Tensor images = Tensor.randomNormal(Shape.of(200, 8, 8, 3), 0, 1, DType.FLOAT32, g);
                Tensor labels = Tensor.randomUniform(Shape.of(200), 0, 1, DType.FLOAT32, g).greaterThan(0.5);
                long[] rss = new long[EPOCHS + 1];
                Callback sampler = new Callback() {
                    @Override
                    public void onEpochEnd(int epoch, Map<String, Double> logs) {
                        if ((epoch + 1) % 5 == 0) {
                            try {
                                rss[epoch + 1] = ResidentMemory.settled();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    }
                };
                model.fit(images, labels, FitOptions.builder().optEpochs(EPOCHS).optBatchSize(8).optVerbose(0)
                        .optSeed(5).optCallbacks(sampler).build());
                long growth = rss[EPOCHS] - rss[5];
                long lowest = Long.MAX_VALUE;
                for (int e = 5; e <= EPOCHS; e += 5) {
                    lowest = Math.min(lowest, rss[e]);
                }
                System.out.printf("fit memory: RSS %.1f MiB after epoch 5, %.1f MiB after epoch %d (growth %+.1f MiB,"
                        + " %.1f MiB above the lowest sample)%n", rss[5] / 1048576.0, rss[EPOCHS] / 1048576.0, EPOCHS,
                        growth / 1048576.0, (rss[EPOCHS] - lowest) / 1048576.0);
                assertTrue(rss[EPOCHS] - lowest < BOUND_BYTES, "RSS grew over epochs: " + java.util.Arrays.toString(rss));
            }
        }
    }
}
