package dev.graft.cli;

import dev.graft.distributed.Rendezvous;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as N worker processes on this machine ({@code --workers N}): each is this JVM's command line
 * with {@code --rank r --world-size N --master 127.0.0.1:<free port>} instead of {@code --workers}, and
 * {@code cores / N} engine threads. Rank 0 writes to this process's output; the others write to
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
        int port = Rendezvous.freeLocalPort();
        List<String> base = javaCommand();
        base.addAll(withoutWorkers(args));
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        progress.println("Starting " + workers + " workers (" + threads + " engine thread" + (threads == 1 ? "" : "s")
                + " each); rank 0 reports here, the others in " + logs.toAbsolutePath());
        List<Process> processes = new ArrayList<>();
        try {
            for (int rank = 0; rank < workers; rank++) {
                List<String> command = new ArrayList<>(base);
                command.addAll(List.of("--rank", Integer.toString(rank), "--world-size", Integer.toString(workers),
                        "--master", "127.0.0.1:" + port));
                ProcessBuilder builder = new ProcessBuilder(command);
                // libtorch's OpenMP pool and its OpenBLAS pool: idle OpenBLAS threads spin, so both are sized.
                builder.environment().putIfAbsent("OMP_NUM_THREADS", Integer.toString(threads));
                builder.environment().putIfAbsent("OPENBLAS_NUM_THREADS", Integer.toString(threads));
                if (rank == 0) {
                    builder.inheritIO();
                } else {
                    builder.redirectErrorStream(true).redirectOutput(logs.resolve("worker-" + rank + ".log").toFile());
                }
                processes.add(builder.start());
            }
            return awaitAll(processes, timeoutSeconds, logs, progress);
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
            }
        }
    }

    /** Waits for every worker; after the first failure, gives the others the timeout to stop by themselves. */
    private static int awaitAll(List<Process> processes, int timeoutSeconds, Path logs, ProgressSink progress)
            throws InterruptedException {
        int[] status = new int[processes.size()];
        boolean[] done = new boolean[processes.size()];
        long deadline = Long.MAX_VALUE;
        int failed = -1;
        int remaining = processes.size();
        while (remaining > 0) {
            for (int rank = 0; rank < processes.size(); rank++) {
                if (!done[rank] && processes.get(rank).waitFor(100, TimeUnit.MILLISECONDS)) {
                    done[rank] = true;
                    remaining--;
                    status[rank] = processes.get(rank).exitValue();
                    if (status[rank] != 0 && failed < 0) {
                        failed = rank;
                        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds + 30L);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                for (int rank = 0; rank < processes.size(); rank++) {
                    if (!done[rank]) {
                        processes.get(rank).destroyForcibly();
                        progress.println("Worker " + rank + " did not stop within " + timeoutSeconds
                                + " s of worker " + failed + "'s failure; killed it");
                    }
                }
                deadline = Long.MAX_VALUE;
            }
        }
        if (failed < 0) {
            return 0;
        }
        throw new IllegalStateException("Worker " + failed + " of " + processes.size() + " failed (exit status "
                + status[failed] + (failed == 0 ? ", its error is above" : ", see " + logs.resolve("worker-"
                + failed + ".log")) + "); the other workers stopped. Run the same command with --resume to go on "
                + "from the last backup");
    }

    /** This JVM's java executable, options and class path, and the main class. */
    private static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
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
