package dev.graft.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.distributed.Rendezvous;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker processes of one data-parallel measurement: {@code workers} child JVMs running the same
 * {@link ChildMain} task on this machine, joined over loopback through {@code RANK}, {@code WORLD_SIZE},
 * {@code MASTER_ADDR=127.0.0.1} and a free {@code MASTER_PORT}, as {@code torchrun} starts them.
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
        if (workers < 1) {
            throw new IllegalArgumentException("A worker group needs at least 1 worker, received " + workers);
        }
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            int port = Rendezvous.freeLocalPort();
            for (int rank = 0; rank < workers; rank++) {
                Path log = Files.createTempFile("graft-bench-worker-" + rank + "-", ".log");
                logs.add(log);
                ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(task, args, processors))
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().put("RANK", Integer.toString(rank));
                builder.environment().put("WORLD_SIZE", Integer.toString(workers));
                builder.environment().put("MASTER_ADDR", "127.0.0.1");
                builder.environment().put("MASTER_PORT", Integer.toString(port));
                processes.add(builder.start());
            }
            awaitAll(processes, logs, timeout, what);
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
            processes.forEach(Process::destroyForcibly);
            for (Path log : logs) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // A leftover temporary file is harmless.
                }
            }
        }
    }

    /**
     * Waits until every process has exited with status 0; the first that fails (often the one whose error made
     * the others fail too) or a timeout ends the wait with an error showing that worker's output.
     */
    private static void awaitAll(List<Process> processes, List<Path> logs, Duration timeout, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean allDone = true;
            for (int rank = 0; rank < processes.size(); rank++) {
                Process p = processes.get(rank);
                if (p.isAlive()) {
                    allDone = false;
                } else if (p.exitValue() != 0) {
                    throw new IllegalStateException(what + " (rank " + rank + " of " + processes.size()
                            + ") failed with exit status " + p.exitValue() + "; its output ended with:\n"
                            + ResultLine.tail(read(logs.get(rank)), 30));
                }
            }
            if (allDone) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " ran longer than " + timeout + " and was stopped; rank 0's "
                        + "output ended with:\n" + ResultLine.tail(read(logs.get(0)), 20));
            }
            processes.get(0).waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }
}
