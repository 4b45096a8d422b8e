package dev.graft.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.TestJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local worker groups of small child JVMs that report their rendezvous, fail or hang on request. */
class LocalWorkerGroupTest {
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    /** Writes {@code RANK WORLD_SIZE MASTER_ADDR MASTER_PORT} to {@code <dir>/<rank>.txt}, then acts on its rank. */
    public static final class Child {
        /** Arguments: the folder, the rank that fails (or -1), its exit status, and how long the others sleep. */
        public static void main(String[] args) throws IOException, InterruptedException {
            Rendezvous r = Rendezvous.fromEnvironment();
            Files.writeString(Path.of(args[0]).resolve(r.rank() + ".txt"), System.getenv("RANK") + " "
                    + System.getenv("WORLD_SIZE") + " " + r.masterAddress() + " " + r.masterPort(),
                    StandardCharsets.UTF_8);
            if (r.rank() == Integer.parseInt(args[1])) {
                System.exit(Integer.parseInt(args[2]));
            }
            Thread.sleep(Long.parseLong(args[3]));
        }
    }

    private LocalWorkerGroup start(int workers, int failingRank, int status, long sleepMillis) throws IOException {
        return LocalWorkerGroup.start(workers, rank -> TestJvm.builder(Child.class, dir.toString(), "" + failingRank,
                "" + status, "" + sleepMillis).redirectOutput(dir.resolve(rank + ".log").toFile()));
    }

    @Test
    void everyWorkerGetsItsRankAndTheSharedRendezvous() throws Exception {
        try (LocalWorkerGroup group = start(3, -1, 0, 0)) {
            assertTrue(group.await(LIMIT, Duration.ZERO));
            assertEquals(OptionalInt.empty(), group.firstFailedRank());
            assertEquals(3, group.size());
            for (int rank = 0; rank < 3; rank++) {
                assertEquals(0, group.process(rank).exitValue(), Files.readString(dir.resolve(rank + ".log")));
                assertEquals(rank + " 3 127.0.0.1 " + group.masterPort(), Files.readString(dir.resolve(rank + ".txt")));
            }
        }
    }

    @Test
    void aFailureEndsTheWaitAndTheOthersAreKilledAfterTheGrace() throws Exception {
        long start = System.nanoTime();
        try (LocalWorkerGroup group = start(3, 1, 3, 600_000)) {
            assertTrue(group.await(LIMIT, Duration.ofMillis(500)));
            assertEquals(OptionalInt.of(1), group.firstFailedRank());
            assertEquals(3, group.process(1).exitValue());
            assertEquals(List.of(0, 2), group.killedAfterGrace());
            assertFalse(group.process(0).isAlive());
            assertFalse(group.process(2).isAlive());
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(60).toNanos(), "the sleepers were not killed");
    }

    @Test
    void theTimeoutLeavesTheWorkersToClose() throws Exception {
        LocalWorkerGroup group = start(2, -1, 0, 600_000);
        try (group) {
            assertFalse(group.await(Duration.ofSeconds(2), Duration.ZERO));
            assertTrue(group.process(0).isAlive() || group.process(1).isAlive());
            assertEquals(OptionalInt.empty(), group.firstFailedRank());
        }
        for (int rank = 0; rank < 2; rank++) {
            group.process(rank).waitFor();
            assertFalse(group.process(rank).isAlive());
        }
    }

    @Test
    void aGroupNeedsAWorker() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalWorkerGroup.start(0, rank -> new ProcessBuilder("true")));
        assertEquals("A worker group needs at least 1 worker, received 0", e.getMessage());
    }
}
