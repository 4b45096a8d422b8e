package dev.graft.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DistributedStrategyTest {

    /** Runs {@code body} with one strategy per rank, each on its own thread; returns each rank's result. */
    static <T> List<T> onWorkers(int worldSize, long bucketBytes, Function<DistributedStrategy, T> body)
            throws Exception {
        return LoopbackRanks.run(worldSize, Duration.ofSeconds(30), r -> {
            try (DistributedStrategy strategy = DistributedStrategy.builder().setRendezvous(r)
                    .optBucketBytes(bucketBytes).build()) {
                return body.apply(strategy);
            }
        });
    }

    @Test
    void gradientsAreAveragedWeightedByBatchSizeInAnyBucketing() throws Exception {
        // rank 0: batch 1, gradients a=[1, 2], b=[[10]]; rank 1: batch 3, a=[5, 6], b=[[30]]; c unused (null).
        // weighted mean: a = (1*[1,2] + 3*[5,6]) / 4 = [4, 5]; b = (1*10 + 3*30) / 4 = 25
        for (long bucketBytes : new long[] {4, 8, DistributedStrategy.DEFAULT_BUCKET_BYTES}) {
            List<float[][]> results = onWorkers(2, bucketBytes, s -> {
                float k = s.rank() == 0 ? 1 : 5;
                List<Tensor> grads = Arrays.asList(Tensor.of(new float[] {k, k + 1}, 2), null,
                        Tensor.of(new float[] {s.rank() == 0 ? 10 : 30}, 1, 1));
                List<Tensor> avg = s.averageGradients(grads, s.rank() == 0 ? 1 : 3);
                assertNull(avg.get(1));
                return new float[][] {avg.get(0).toFloatArray(), avg.get(2).toFloatArray()};
            });
            for (float[][] r : results) {
                assertArrayEquals(new float[] {4, 5}, r[0], "bucket " + bucketBytes);
                assertArrayEquals(new float[] {25}, r[1], "bucket " + bucketBytes);
            }
        }
    }

    @Test
    void synchronizeWeightsGivesEveryWorkerTheChiefsValues() throws Exception {
        List<float[]> results = onWorkers(3, 8, s -> {
            try (Variable a = new Variable("a", Tensor.of(new float[] {s.rank(), s.rank()}, 2), true);
                 Variable b = new Variable("b", Tensor.of(new float[] {7 * s.rank() + 1}, 1), false)) {
                s.synchronizeWeights(List.of(a, b));
                float[] av = a.value().toFloatArray();
                return new float[] {av[0], av[1], b.value().toFloatArray()[0]};
            }
        });
        for (float[] r : results) {
            assertArrayEquals(new float[] {0, 0, 1}, r);
        }
    }

    @Test
    void gatherAndSumSeeEveryWorker() throws Exception {
        List<long[]> gathered = onWorkers(4, 64, s -> s.gather(10L + s.rank()));
        for (long[] g : gathered) {
            assertArrayEquals(new long[] {10, 11, 12, 13}, g);
        }
        List<double[]> sums = onWorkers(2, 64, s -> s.sum(new double[] {0.5, s.rank()}));
        for (double[] r : sums) {
            assertArrayEquals(new double[] {1.0, 1.0}, r);
        }
    }

    /** Row j of the data, [j, -j / 8], float32: exact in float32 and in double. */
    private static float[] shardRows(long total, int rank, int workers) {
        List<Float> values = new java.util.ArrayList<>();
        for (long j = rank; j < total; j += workers) {
            values.add((float) j);
            values.add(-j / 8f);
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    @Test
    void gatherShardsPutsEveryWorkersRowsBackInTheDatasOrder() throws Exception {
        // 7 rows over 3 workers (3, 2, 2 rows), and 2 rows over 3 workers (rank 2 has none).
        for (long total : new long[] {7, 2}) {
            List<Tensor> gathered = onWorkers(3, 64, s -> {
                float[] mine = shardRows(total, s.rank(), 3);
                return TensorScope.detach(s.gatherShards(Tensor.of(mine, mine.length / 2, 2), total));
            });
            for (Tensor g : gathered) {
                try (g) {
                    assertEquals(Shape.of(total, 2), g.shape());
                    assertEquals(DType.FLOAT32, g.dtype());
                    assertArrayEquals(shardRows(total, 0, 1), g.toFloatArray(), "total " + total);
                }
            }
        }
    }

    @Test
    void gatherShardsRefusesRowsThatAreNotTheWorkersShard() {
        // Every rank is wrong, so all fail before the collective (one failing alone would leave the others waiting).
        ExecutionException e = assertThrows(ExecutionException.class, () -> onWorkers(2, 64,
                s -> s.gatherShards(Tensor.zeros(Shape.of(s.rank() == 0 ? 2 : 3, 4), DType.FLOAT32), 5)));
        assertTrue(e.getCause().getMessage().matches("Rank [01] holds [23] rows, but shard [01] of 5 rows over 2 "
                + "workers has [23]; give each worker Dataset.shard\\(2, rank\\) of the same data"),
                e.getCause().getMessage());
    }

    @Test
    void theBuilderNamesWhatIsMissing() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DistributedStrategy.builder().build())
                .getMessage().contains("rendezvous"));
        Rendezvous r = new Rendezvous("127.0.0.1", 1234, 0, 1, Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class,
                () -> DistributedStrategy.builder().setRendezvous(r).optBucketBytes(0).build());
    }
}
