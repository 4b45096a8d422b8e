package dev.graft.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.distributed.LocalWorkerGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker processes of one data-parallel measurement: {@code workers} child JVMs running the same
 * {@link ChildMain} task on this machine, joined over loopback by a {@link LocalWorkerGroup}.
 */
final class WorkerGroup {
    private WorkerGroup() {
    }

    /**
     * Runs {@code task} with {@code args} in {@code workers} processes, each seeing {@code processors}
     * processors (or all when null), and returns their {@code @@RESULT} objects by rank. When one fails or the
     * group outlives {@code timeout}, the others are stopped and the error shows the failing worker's output.
     */
    static List<ObjectNode> run(String task, ChildArgs args, int workers, Integer processors, Duration timeout,
            String what) {
        List<Path> logs = new ArrayList<>();
        try {
            for (int rank = 0; rank < workers; rank++) {
                logs.add(Files.createTempFile("graft-bench-worker-" + rank + "-", ".log"));
            }
            try (LocalWorkerGroup group = LocalWorkerGroup.start(workers, rank -> new ProcessBuilder(
                    ChildJvm.command(task, args, processors)).redirectErrorStream(true)
                    .redirectOutput(logs.get(rank).toFile()))) {
                // No grace: the first failure (often the one whose error made the others fail too) is reported.
                if (!group.await(timeout, Duration.ZERO)) {
                    throw new IllegalStateException(what + " ran longer than " + timeout + " and was stopped; rank "
                            + "0's output ended with:\n" + ResultLine.tail(read(logs.get(0)), 20));
                }
                if (group.firstFailedRank().isPresent()) {
                    int rank = group.firstFailedRank().getAsInt();
                    throw new IllegalStateException(what + " (rank " + rank + " of " + workers + ") failed with "
                            + "exit status " + group.process(rank).exitValue() + "; its output ended with:\n"
                            + ResultLine.tail(read(logs.get(rank)), 30));
                }
            }
            List<ObjectNode> results = new ArrayList<>();
            for (int rank = 0; rank < workers; rank++) {
                String name = what + " (rank " + rank + " of " + workers + ")";
                results.add(ResultLine.parse(read(logs.get(rank)), name));
            }
            return results;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + what, e);
        } finally {
            for (Path log : logs) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // A leftover temporary file is harmless.
                }
            }
        }
    }

    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }
}
