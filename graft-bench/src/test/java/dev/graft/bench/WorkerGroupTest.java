package dev.graft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.testing.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worker groups of the data-parallel measurements, on tiny workloads. */
class WorkerGroupTest {
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @Test
    void twoWorkersTrainOnTheirShardsOfThePhotosInStepsOfHalfTheBatch() {
        SharedData.require(PhotoBench.PHOTOS);   // skips the test loudly without the photos
        Path shared = SharedData.root();
        List<ObjectNode> ranks = WorkerGroup.run("dp-train", ChildArgs.of(Map.of("shared", shared.toString(),
                "workload", "mobilenet:32", "images", "96", "warmup", "1", "threads", "1")), 2, 1, LIMIT,
                "data-parallel training");
        assertEquals(2, ranks.size());
        for (int rank = 0; rank < 2; rank++) {
            ObjectNode r = ranks.get(rank);
            assertEquals(rank, r.get("rank").asInt(), r.toString());
            assertEquals(2, r.get("workers").asInt());
            assertEquals(16, r.get("local_batch").asInt());
            assertEquals(48, r.get("images").asInt(), "each worker decodes its half of the photos");
            assertEquals(2, r.get("times_ms").size(), "3 steps less 1 warm-up");
            assertTrue(r.get("median_ms").asDouble() > 0, r.toString());
        }
    }

    @Test
    void twoWorkersAverageGradientsShapedLikeTheBase() {
        List<ObjectNode> ranks = WorkerGroup.run("allreduce", ChildArgs.of(Map.of("workload", "mobilenet:32",
                "iters", "2", "threads", "1")), 2, 1, LIMIT, "all-reduce");
        for (int rank = 0; rank < 2; rank++) {
            ObjectNode r = ranks.get(rank);
            assertEquals(rank, r.get("rank").asInt(), r.toString());
            assertEquals(r.get("elements").asLong() * 4, r.get("bytes").asLong());
            // Ring all-reduce between 2: each worker sends half of the data twice, i.e. all of it once.
            assertEquals(r.get("bytes").asDouble(), r.get("ring_bytes_per_worker").asDouble(), 1e-6);
            assertEquals(2, r.get("times_ms").size());
            assertEquals(2, r.get("bare_times_ms").size());
        }
        assertEquals(ranks.get(0).get("elements"), ranks.get(1).get("elements"));
    }

    @Test
    void aFailingWorkerStopsTheGroupWithItsOutput() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WorkerGroup.run("dp-train",
                ChildArgs.of(Map.of("shared", "/nonexistent-shared", "workload", "mobilenet:32", "images", "64",
                        "warmup", "1", "threads", "1")), 2, 1, LIMIT, "data-parallel training"));
        assertTrue(e.getMessage().startsWith("data-parallel training (rank "), e.getMessage());
        assertTrue(e.getMessage().contains("failed with exit status 1"), e.getMessage());
        assertTrue(e.getMessage().contains("The shared photos are missing: /nonexistent-shared/"), e.getMessage());
    }
}
