package dev.graft.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.Device;
import dev.graft.tensor.Engine;
import dev.graft.tensor.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Collectives over loopback, one thread per rank (each thread is a process as far as Gloo is concerned). */
class ProcessGroupTest {

    /** Runs {@code body} on {@code worldSize} ranks joined on a free loopback port; returns each rank's result. */
    static <T> List<T> onRanks(int worldSize, Duration timeout, Function<ProcessGroup, T> body) throws Exception {
        return LoopbackRanks.run(worldSize, timeout, r -> {
            try (ProcessGroup group = Engine.get().joinProcessGroup(r, Device.CPU)) {
                return body.apply(group);
            }
        });
    }

    @Test
    void allReduceSumsEveryTensorOfTheBucketOverTwoAndFourRanks() throws Exception {
        for (int worldSize : new int[] {2, 4}) {
            List<float[][]> results = onRanks(worldSize, Duration.ofSeconds(30), group -> {
                float r = group.rank() + 1;
                Tensor a = Tensor.of(new float[] {r, 2 * r, 3 * r, 4 * r, 5 * r, 6 * r}, 2, 3);
                Tensor b = Tensor.of(new float[] {-r, r * r}, 2);
                List<Tensor> sums = group.allReduceSum(List.of(a, b));
                assertEquals(a.shape(), sums.get(0).shape());
                assertEquals(b.shape(), sums.get(1).shape());
                return new float[][] {sums.get(0).toFloatArray(), sums.get(1).toFloatArray()};
            });
            // sum over ranks of (rank + 1) = n(n+1)/2; of (rank + 1)^2 = n(n+1)(2n+1)/6
            float s1 = worldSize * (worldSize + 1) / 2f;
            float s2 = worldSize * (worldSize + 1) * (2 * worldSize + 1) / 6f;
            for (float[][] rank : results) {
                assertArrayEquals(new float[] {s1, 2 * s1, 3 * s1, 4 * s1, 5 * s1, 6 * s1}, rank[0]);
                assertArrayEquals(new float[] {-s1, s2}, rank[1]);
            }
        }
    }

    @Test
    void eachRankScalesItsOwnContribution() throws Exception {
        // rank r contributes (r + 1) * [1, 2] scaled by 1 / (r + 1): every rank adds [1, 2]
        List<float[]> results = onRanks(3, Duration.ofSeconds(30), group -> group.allReduceSum(
                List.of(Tensor.of(new float[] {group.rank() + 1, 2 * (group.rank() + 1)}, 2)),
                1.0 / (group.rank() + 1)).get(0).toFloatArray());
        for (float[] r : results) {
            assertArrayEquals(new float[] {3, 6}, r, 1e-6f);
        }
    }

    @Test
    void allReduceKeepsDoublePrecision() throws Exception {
        List<double[]> results = onRanks(2, Duration.ofSeconds(30), group -> group.allReduceSum(
                List.of(Tensor.of(new double[] {1e-12 * (group.rank() + 1), 1.0}, 2))).get(0).toDoubleArray());
        for (double[] r : results) {
            assertArrayEquals(new double[] {3e-12, 2.0}, r, 1e-24);
        }
    }

    @Test
    void broadcastGivesEveryRankTheRootsValues() throws Exception {
        List<float[]> results = onRanks(3, Duration.ofSeconds(30), group -> group.broadcast(
                List.of(Tensor.of(new float[] {group.rank(), 10 + group.rank()}, 2)), 1).get(0).toFloatArray());
        for (float[] r : results) {
            assertArrayEquals(new float[] {1, 11}, r);
        }
    }

    @Test
    void mixedDtypesInOneBucketAreRefused() throws Exception {
        List<String> messages = onRanks(2, Duration.ofSeconds(30), group -> assertThrows(
                IllegalArgumentException.class, () -> group.allReduceSum(List.of(Tensor.of(new float[] {1}, 1),
                        Tensor.of(new double[] {1}, 1)))).getMessage());
        assertTrue(messages.get(0).contains("float32") && messages.get(0).contains("float64"), messages.get(0));
    }

    @Test
    void aRankThatLeavesMakesTheOthersFailClearlyWithinTheTimeout() throws Exception {
        long start = System.nanoTime();
        List<String> messages = onRanks(2, Duration.ofSeconds(5), group -> {
            if (group.rank() == 1) {
                return "left";   // closes its group without taking part in the collective
            }
            DistributedException e = assertThrows(DistributedException.class,
                    () -> group.allReduceSum(List.of(Tensor.of(new float[] {1}, 1))));
            return e.getMessage();
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(messages.get(0).startsWith("allReduceSum failed on rank 0 of 2"), messages.get(0));
        assertTrue(seconds < 30, "took " + seconds + " s");
    }

    @Test
    void joiningWithoutTheOtherRanksTimesOutClearly() throws Exception {
        Rendezvous alone = new Rendezvous("127.0.0.1", Rendezvous.freeLocalPort(), 0, 2, Duration.ofSeconds(2));
        DistributedException e = assertThrows(DistributedException.class,
                () -> Engine.get().joinProcessGroup(alone, Device.CPU).close());
        assertTrue(e.getMessage().startsWith("Cannot join the process group as rank 0 of 2 at 127.0.0.1:"),
                e.getMessage());
    }
}
