package dev.graft.distributed;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The worker processes of one training job on this machine, joined over loopback as {@code torchrun
 * --standalone} starts them: each gets {@code RANK}, {@code WORLD_SIZE}, {@code MASTER_ADDR=127.0.0.1} and the
 * same free {@code MASTER_PORT} in its environment, which {@link Rendezvous#fromEnvironment()} reads.
 *
 * <p>When a worker fails, the others usually stop by themselves: their next collective fails within the
 * rendezvous timeout. {@link #await} gives them a grace period for that and then kills them. Closing the group
 * kills any worker still running.
 */
public final class LocalWorkerGroup implements AutoCloseable {
    private final List<Process> processes;
    private final int masterPort;
    private final List<Integer> killedAfterGrace = new ArrayList<>();
    private int firstFailedRank = -1;

    private LocalWorkerGroup(List<Process> processes, int masterPort) {
        this.processes = processes;
        this.masterPort = masterPort;
    }

    /**
     * Starts {@code workers} processes; {@code command} makes the process builder of each rank (its command,
     * output and extra environment), to which the rendezvous variables are added.
     *
     * @throws IOException if a process cannot be started; those already started are killed
     */
    public static LocalWorkerGroup start(int workers, IntFunction<ProcessBuilder> command) throws IOException {
        if (workers < 1) {
            throw new IllegalArgumentException("A worker group needs at least 1 worker, received " + workers);
        }
        int port = Rendezvous.freeLocalPort();
        LocalWorkerGroup group = new LocalWorkerGroup(new ArrayList<>(), port);
        try {
            for (int rank = 0; rank < workers; rank++) {
                ProcessBuilder builder = command.apply(rank);
                builder.environment().putAll(Map.of("RANK", Integer.toString(rank), "WORLD_SIZE",
                        Integer.toString(workers), "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", Integer.toString(port)));
                group.processes.add(builder.start());
            }
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
        return group;
    }

    /** The number of workers. */
    public int size() {
        return processes.size();
    }

    /** The port rank 0 listens on. */
    public int masterPort() {
        return masterPort;
    }

    /** The process of {@code rank}. */
    public Process process(int rank) {
        return processes.get(rank);
    }

    /**
     * Waits until every worker has exited, or the first has failed and the others have had {@code grace} to
     * stop by themselves (those still running then are killed), or {@code timeout} has passed.
     *
     * @return false when workers were still running at the timeout (they are left running; close the group)
     */
    public boolean await(Duration timeout, Duration grace) throws InterruptedException {
        long deadline = deadline(timeout);
        Long graceEnd = null; // set when the first failure is seen
        while (true) {
            Process alive = null;
            for (int rank = 0; rank < processes.size(); rank++) {
                Process p = processes.get(rank);
                if (p.isAlive()) {
                    alive = alive == null ? p : alive;
                } else if (p.exitValue() != 0 && firstFailedRank < 0) {
                    firstFailedRank = rank;
                    graceEnd = deadline(grace);
                }
            }
            if (alive == null) {
                return true;
            }
            long now = System.nanoTime();
            if (graceEnd != null && now - graceEnd >= 0) {
                killRunning();
                return true;
            }
            if (now - deadline >= 0) {
                return false;
            }
            alive.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if it has exited since
        }
    }

    /** The rank of the first worker seen to exit with a status other than 0, if any. */
    public OptionalInt firstFailedRank() {
        return firstFailedRank < 0 ? OptionalInt.empty() : OptionalInt.of(firstFailedRank);
    }

    /** The ranks {@link #await} killed because they were still running after the grace period. */
    public List<Integer> killedAfterGrace() {
        return Collections.unmodifiableList(killedAfterGrace);
    }

    /** Kills the workers still running. */
    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }

    private void killRunning() throws InterruptedException {
        for (int rank = 0; rank < processes.size(); rank++) {
            Process p = processes.get(rank);
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
                killedAfterGrace.add(rank);
            }
        }
    }

    /** {@code System.nanoTime()} after {@code wait}, saturating for waits too long to represent. */
    private static long deadline(Duration wait) {
        long nanos = wait.compareTo(Duration.ofDays(365)) > 0 ? TimeUnit.DAYS.toNanos(365) : wait.toNanos();
        return System.nanoTime() + nanos;
    }
}
