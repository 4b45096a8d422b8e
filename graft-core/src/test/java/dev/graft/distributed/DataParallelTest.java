package dev.graft.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.models.Model;
import dev.graft.testing.TestJvm;
import dev.graft.training.History;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of data-parallel training: 2 and 4 worker processes over loopback, each training on its slice of the
 * same global batches, end with the weights one process reaches on those batches (to float tolerance: the
 * workers' gradients are summed in another order).
 */
class DataParallelTest {
    private static final long TIMEOUT_S = 180;

    @TempDir
    Path dir;

    @Test
    void twoAndFourWorkersReachTheWeightsOfOneProcess() throws Exception {
        Model single = DataParallelFixture.model();
        History history = DataParallelFixture.train(single, null);
        float[] expected = DataParallelFixture.weights(single);
        double expectedLoss = history.history().get("loss").get(DataParallelFixture.EPOCHS - 1);

        for (int workers : new int[] {2, 4}) {
            List<Path> outputs = runWorkers(workers);
            double largest = 0;
            for (int rank = 0; rank < workers; rank++) {
                try (DataInputStream in = new DataInputStream(Files.newInputStream(outputs.get(rank)))) {
                    double loss = in.readDouble();
                    assertEquals(expectedLoss, loss, 1e-5, "rank " + rank + " of " + workers + ": last epoch's loss");
                    int n = in.readInt();
                    assertEquals(expected.length, n);
                    for (int i = 0; i < n; i++) {
                        largest = Math.max(largest, Math.abs(in.readFloat() - expected[i]));
                    }
                }
            }
            String line = String.format("data-parallel: %d workers x %d steps, largest weight difference from one "
                    + "process %.3g", workers, DataParallelFixture.STEPS * DataParallelFixture.EPOCHS, largest);
            System.out.println(line);
            assertTrue(largest < 1e-5, line);
        }
        single.close();
    }

    /** Starts {@code workers} processes, waits for all, and returns their output files by rank. */
    private List<Path> runWorkers(int workers) throws Exception {
        List<Path> outputs = new ArrayList<>();
        for (int rank = 0; rank < workers; rank++) {
            outputs.add(dir.resolve(workers + "-" + rank + ".bin"));
        }
        try (LocalWorkerGroup group = LocalWorkerGroup.start(workers, rank -> TestJvm.builder(DataParallelWorker.class,
                outputs.get(rank).toString()).redirectOutput(log(workers, rank).toFile()))) {
            boolean ended = group.await(Duration.ofSeconds(TIMEOUT_S), Duration.ZERO);
            for (int rank = 0; rank < workers; rank++) {
                String log = Files.readString(log(workers, rank), StandardCharsets.UTF_8);
                assertTrue(ended, "the " + workers + " workers did not finish in " + TIMEOUT_S + " s; worker " + rank
                        + ":\n" + log);
                assertEquals(0, group.process(rank).exitValue(), "worker " + rank + " of " + workers + " failed:\n"
                        + log);
            }
        }
        return outputs;
    }

    private Path log(int workers, int rank) {
        return dir.resolve(workers + "-" + rank + ".log");
    }
}
