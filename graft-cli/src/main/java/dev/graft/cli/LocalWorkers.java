package dev.graft.cli;

import dev.graft.distributed.LocalWorkerGroup;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command as N worker processes on this machine ({@code --workers N}): each is this JVM's command line
 * without {@code --workers}, with {@code cores / N} engine threads, and learns its rank from the environment
 * a {@link LocalWorkerGroup} sets. Rank 0 writes to this process's output; the others write to
 * {@code <logs>/worker-<r>.log}. When a worker fails, the others stop on their own (their next collective fails);
 * any still running after the timeout are killed.
 */
final class LocalWorkers {
    private LocalWorkers() {
    }

    /**
     * Starts the workers, waits for them and returns the exit status: 0 when all succeeded.
     *
     * @param args the command line as given, {@code --workers} included
     * @param logs the folder for the logs of ranks 1 and up
     */
    static int run(String[] args, int workers, int timeoutSeconds, Path logs, ProgressSink progress)
            throws IOException, InterruptedException {
        Files.createDirectories(logs);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        List<String> command = javaCommand(threads);
        command.addAll(withoutWorkers(args));
        progress.println("Starting " + workers + " workers (" + threads + " engine thread" + (threads == 1 ? "" : "s")
                + " each); rank 0 reports here, the others in " + logs.toAbsolutePath());
        try (LocalWorkerGroup group = LocalWorkerGroup.start(workers, rank -> {
            ProcessBuilder builder = new ProcessBuilder(command);
            // libtorch's OpenMP pool and its OpenBLAS pool: idle OpenBLAS threads spin, so both are sized.
            builder.environment().putIfAbsent("OMP_NUM_THREADS", Integer.toString(threads));
            builder.environment().putIfAbsent("OPENBLAS_NUM_THREADS", Integer.toString(threads));
            return rank == 0 ? builder.inheritIO()
                    : builder.redirectErrorStream(true).redirectOutput(logs.resolve("worker-" + rank + ".log").toFile());
        })) {
            // No overall limit: a worker waits at most the timeout for the others at each collective.
            group.await(ChronoUnit.FOREVER.getDuration(), Duration.ofSeconds(timeoutSeconds + 30L));
            for (int rank : group.killedAfterGrace()) {
                progress.println("Worker " + rank + " did not stop within " + timeoutSeconds + " s of worker "
                        + group.firstFailedRank().getAsInt() + "'s failure; killed it");
            }
            if (group.firstFailedRank().isEmpty()) {
                return 0;
            }
            int failed = group.firstFailedRank().getAsInt();
            throw new IllegalStateException("Worker " + failed + " of " + workers + " failed (exit status "
                    + group.process(failed).exitValue() + (failed == 0 ? ", its error is above" : ", see "
                    + logs.resolve("worker-" + failed + ".log")) + "); the other workers stopped. Run the same "
                    + "command with --resume to go on from the last backup");
        }
    }

    /** This JVM's java executable, options and class path, {@code processors} cores, and the main class. */
    private static List<String> javaCommand(int processors) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        // The worker's share of the cores, for what sizes itself by them (image decoding threads); last one wins.
        command.add("-XX:ActiveProcessorCount=" + processors);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), GraftCli.class.getName()));
        return command;
    }

    /** {@code args} without {@code --workers N} or {@code --workers=N}. */
    static List<String> withoutWorkers(String[] args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(WorkerOptions.WORKERS)) {
                i++;
            } else if (!args[i].startsWith(WorkerOptions.WORKERS + "=")) {
                kept.add(args[i]);
            }
        }
        return kept;
    }
}
