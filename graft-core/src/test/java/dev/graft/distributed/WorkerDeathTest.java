package dev.graft.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.callbacks.BackupAndRestore;
import dev.graft.testing.TestJvm;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker of a distributed fit killed with SIGKILL mid-epoch: every other worker stops on its own within the
 * rendezvous timeout, with a non-zero status and a {@link DistributedException} that names the operation and
 * its rank; then all workers restarted on the same backup directory resume from rank 0's last checkpoint and end
 * with the weights of an uninterrupted run of as many workers. That run sums the gradients in the same order,
 * so a resume that loses nothing gives the same bits; a comparison with one process would only hold to about
 * 1e-7 (see {@link DataParallelTest}) and blur a small resume error.
 */
class WorkerDeathTest {
    private static final int WORKERS = 3;
    /** The rendezvous timeout: how long a collective may wait for a silent peer. */
    private static final int TIMEOUT_S = 4;
    /** What a loaded machine may add to the timeout before the survivors have exited. */
    private static final int EXIT_MARGIN_S = 40;
    /** The global step (1-based) after which the victim is killed: epoch 2, step 4 of 10. */
    private static final int KILL_AT = 14;
    private static final long PAUSE_MS = 100;
    private static final long RUN_TIMEOUT_S = 120;
    private static final Pattern ERROR = Pattern.compile(
            "DistributedException: (\\w+) failed on rank (\\d) of " + WORKERS + " at 127\\.0\\.0\\.1:\\d+: .*"
                    + "another process has probably died or stopped answering within " + TIMEOUT_S + " s");

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static Result reference;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        List<Worker> workers = Worker.startAll(shared.resolve("reference"), 0);
        for (Worker w : workers) {
            w.awaitSuccess();
        }
        reference = workers.get(0).result();
    }

    @Test
    void aKilledWorkerStopsTheOthersAndTheRunResumes() throws Exception {
        killAndResume(1);
    }

    @Test
    void aKilledChiefStopsTheOthersAndTheRunResumes() throws Exception {
        killAndResume(0);
    }

    @Test
    void aWorkerThatStopsAnsweringStopsTheOthersWithinTheTimeout() throws Exception {
        List<Worker> workers = Worker.startAll(dir, PAUSE_MS);
        Worker victim = workers.get(2);
        try {
            victim.awaitStep(KILL_AT);
            signal(victim.process, "STOP");   // alive, its sockets open, but silent
            long stopped = System.nanoTime();
            List<String> exits = awaitSurvivors(workers, victim.rank, stopped);
            exits.forEach(line -> System.out.println("worker hang: " + line));
        } finally {
            workers.forEach(w -> w.process.destroyForcibly());
        }
    }

    private void killAndResume(int victim) throws Exception {
        List<Worker> workers = Worker.startAll(dir, PAUSE_MS);
        List<String> exits;
        int killedAt;
        try {
            killedAt = workers.get(victim).awaitStep(KILL_AT);
            workers.get(victim).process.destroyForcibly();
            long killed = System.nanoTime();
            assertEquals(137, workers.get(victim).process.waitFor(), "SIGKILL's exit status");
            exits = awaitSurvivors(workers, victim, killed);
        } finally {
            workers.forEach(w -> w.process.destroyForcibly());
        }
        assertTrue(Files.exists(dir.resolve("backup").resolve(BackupAndRestore.CHECKPOINT_FILE)),
                "rank 0's checkpoint is there to resume from");

        List<Worker> resumed = Worker.startAll(dir, 0);
        for (Worker w : resumed) {
            w.awaitSuccess();
        }
        int firstStep = resumed.get(0).firstStep;
        for (Worker w : resumed) {
            assertEquals(firstStep, w.firstStep, "every worker resumes at the same step");
        }
        assertTrue(firstStep > 1 && firstStep <= killedAt + 1, "resumed at step " + firstStep);
        double largest = 0;
        for (Worker w : resumed) {
            Result result = w.result();
            assertEquals(reference.weights().length, result.weights().length);
            for (int i = 0; i < result.weights().length; i++) {
                largest = Math.max(largest, Math.abs(result.weights()[i] - reference.weights()[i]));
            }
            // The epoch the run resumed in counts every worker's steps once (up to the order of summation).
            assertArrayEquals(reference.losses(), result.losses(), 1e-9, "rank " + w.rank + "'s epoch losses");
        }
        exits.forEach(line -> System.out.println("worker death: " + line));
        String line = String.format("worker death: rank %d of %d killed after step %d of %d; the restarted "
                + "workers resumed at step %d and ended with a largest weight difference of %s from an "
                + "uninterrupted %d-worker run", victim, WORKERS, killedAt,
                ResumableWorker.EPOCHS * DataParallelFixture.STEPS, firstStep,
                largest == 0 ? "0 (bit-identical)" : String.format("%.3g", largest), WORKERS);
        System.out.println(line);
        assertTrue(largest < 1e-6, line);
        assertFalse(Files.exists(dir.resolve("backup")), "rank 0 deletes the checkpoint after the finished run");
    }

    /**
     * Waits for every worker but {@code victim} to exit on its own, and checks its status and error line;
     * returns one line per survivor: its status, the seconds since {@code since}, and the error.
     */
    private static List<String> awaitSurvivors(List<Worker> workers, int victim, long since) throws Exception {
        List<String> exits = new ArrayList<>();
        for (Worker w : workers) {
            if (w.rank == victim) {
                continue;
            }
            boolean ended = w.process.waitFor(TIMEOUT_S + EXIT_MARGIN_S, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - since) / 1e9;
            assertTrue(ended, "rank " + w.rank + " still runs " + seconds + " s after rank " + victim
                    + " failed:\n" + w.log());
            assertNotEquals(0, w.process.exitValue(), "rank " + w.rank + "'s exit status:\n" + w.log());
            Matcher error = ERROR.matcher(w.log());
            assertTrue(error.find(), "rank " + w.rank + " says which collective failed and why:\n" + w.log());
            assertEquals("" + w.rank, error.group(2), error.group());
            assertFalse(error.group().contains("[/"), "the build machine's source path is cut: " + error.group());
            assertFalse(w.log().contains("done"), w.log());
            exits.add(String.format("rank %d exited with status %d %.1f s after rank %d failed: %s", w.rank,
                    w.process.exitValue(), seconds, victim, error.group()));
        }
        return exits;
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, "" + process.pid()).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + process.pid());
    }

    /** One worker JVM running {@link ResumableWorker}, and the lines it prints. */
    private record Result(float[] weights, double[] losses) {
    }

    private static final class Worker {
        final int rank;
        final Process process;
        final Path output;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final StringBuffer log = new StringBuffer();
        /** The global step (1-based) of the first step this worker ran, or 0. */
        volatile int firstStep;

        private Worker(int rank, Process process, Path output) {
            this.rank = rank;
            this.process = process;
            this.output = output;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = in.readLine(); l != null; l = in.readLine()) {
                        log.append(l).append('\n');
                        lines.add(l);
                    }
                } catch (IOException killed) {
                    // The stream ends with the process.
                }
                lines.add("<eof>");
            }, "worker-" + rank + "-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Starts every rank of a run in {@code runDir} (backup in {@code runDir/backup}) on a free port. */
        static List<Worker> startAll(Path runDir, long pauseMillis) throws IOException {
            Files.createDirectories(runDir);
            // The test signals and waits for each process itself; the group only starts them.
            LocalWorkerGroup group = LocalWorkerGroup.start(WORKERS, rank -> TestJvm.builder(ResumableWorker.class,
                    output(runDir, rank).toString(), runDir.resolve("backup").toString(), "" + TIMEOUT_S,
                    "" + pauseMillis));
            List<Worker> workers = new ArrayList<>();
            for (int rank = 0; rank < WORKERS; rank++) {
                workers.add(new Worker(rank, group.process(rank), output(runDir, rank)));
            }
            return workers;
        }

        private static Path output(Path runDir, int rank) {
            return runDir.resolve("weights-" + rank + ".bin");
        }

        String log() {
            return log.toString();
        }

        /** Reads lines until the worker has done global step {@code step} (or a later one); returns it. */
        int awaitStep(int step) throws InterruptedException {
            while (true) {
                String line = lines.poll(RUN_TIMEOUT_S, TimeUnit.SECONDS);
                assertNotNull(line, "rank " + rank + " printed nothing for " + RUN_TIMEOUT_S + " s:\n" + log());
                assertNotEquals("<eof>", line, "rank " + rank + " ended before step " + step + ":\n" + log());
                int done = globalStep(line);
                if (done >= step) {
                    return done;
                }
            }
        }

        /** Waits for the worker to print {@code done} and exit with status 0. */
        void awaitSuccess() throws InterruptedException {
            assertTrue(process.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS), "rank " + rank + " did not finish:\n"
                    + log());
            assertEquals(0, process.exitValue(), "rank " + rank + " failed:\n" + log());
            for (String line = lines.poll(10, TimeUnit.SECONDS); line != null && !line.equals("<eof>");
                    line = lines.poll(10, TimeUnit.SECONDS)) {
                globalStep(line);
            }
            assertTrue(log().contains("done"), log());
        }

        /** The global step (1-based) of a {@code step <epoch> <batch>} line, noting the first; else 0. */
        private int globalStep(String line) {
            if (!line.startsWith("step ")) {
                return 0;
            }
            String[] parts = line.split(" ");
            int step = Integer.parseInt(parts[1]) * DataParallelFixture.STEPS + Integer.parseInt(parts[2]) + 1;
            if (firstStep == 0) {
                firstStep = step;
            }
            return step;
        }

        /** The final weights and each epoch's loss, as the worker wrote them. */
        Result result() throws IOException {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(output))) {
                float[] weights = new float[in.readInt()];
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = in.readFloat();
                }
                double[] losses = new double[in.readInt()];
                for (int i = 0; i < losses.length; i++) {
                    losses[i] = in.readDouble();
                }
                return new Result(weights, losses);
            }
        }
    }
}
