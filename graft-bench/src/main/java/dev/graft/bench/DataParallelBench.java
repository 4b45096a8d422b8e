package dev.graft.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.data.Dataset;
import dev.graft.distributed.DistributedStrategy;
import dev.graft.distributed.Rendezvous;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import dev.graft.training.Batch;
import dev.graft.training.FitOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The measurements of data-parallel training, each run by every worker process of a {@link WorkerGroup} (rank,
 * world size and master from {@code RANK}, {@code WORLD_SIZE}, {@code MASTER_ADDR}, {@code MASTER_PORT}):
 * <ul>
 * <li>{@link #train}: training steps of the guide's model around a base in phase 2 (everything trainable, the
 * base's normalization frozen) on the shared photos, one global batch of 32 split evenly over the workers; each
 * worker reads its shard of the photos, decoded once into memory before the fit, so that steps time training
 * and not JPEG decoding. One worker trains without a strategy: the plain single-process baseline.</li>
 * <li>{@link #allReduce}: the gradient averaging of one step of a workload's base (its trainable weights'
 * shapes, in {@code DistributedStrategy}'s buckets), alone.</li>
 * </ul>
 */
final class DataParallelBench {
    private DataParallelBench() {
    }

    /**
     * One epoch over this worker's shard of the first {@code images} photos at the workload's size; the steps
     * after the first {@code warmup} are timed from {@code onTrainBatchBegin} to {@code onTrainBatchEnd}
     * (forward, backward, gradient averaging, update). The figure is the median step.
     */
    static ObjectNode train(Path shared, Workload workload, int images, int warmup, Rendezvous rendezvous) {
        int workers = rendezvous.worldSize();
        if (Workload.BATCH % workers != 0) {
            throw new IllegalArgumentException("The global batch of " + Workload.BATCH + " cannot be split evenly "
                    + "over " + workers + " workers; use 1, 2, 4, 8, 16 or 32");
        }
        int local = Workload.BATCH / workers;
        if (images / Workload.BATCH <= warmup) {
            throw new IllegalArgumentException(images + " photos make " + images / Workload.BATCH + " steps of "
                    + Workload.BATCH + ", too few to time any after " + warmup + " warm-up steps; give more photos");
        }
        ObjectNode result = ResultLine.JSON.createObjectNode();
        try (DistributedStrategy strategy = workers > 1 ? new DistributedStrategy(rendezvous) : null;
                GuideModel guide = GuideModel.build(workload);
                Dataset<Batch> data = PhotoBench.examples(shared, images, workload.imageSize())
                        .shard(workers, rendezvous.rank()).batch(local, true).cache()) {
            try (TensorScope scope = TensorScope.open()) {
                guide.calibrate(new RandomBatches(1, workload.imageSize(), false, 1).get(0).inputs().get(0));
            }
            guide.prepare(Mode.PHASE2);
            long decoded = PhotoBench.drain(data);
            StepTimer timer = new StepTimer(warmup);
            guide.model().fit(data, FitOptions.builder().optVerbose(0).optCallbacks(timer).optStrategy(strategy)
                    .optReuseFrozenPrefix(false).build());
            List<Double> steps = timer.allStepMs();
            double median = Stats.median(steps);
            ArrayNode times = result.putArray("times_ms");
            steps.forEach(times::add);
            long trainable = guide.model().trainableWeights().stream().mapToLong(Variable::size).sum();
            result.put("workload", workload.spec()).put("rank", rendezvous.rank()).put("workers", workers)
                    .put("local_batch", local).put("global_batch", Workload.BATCH).put("images", decoded)
                    .put("warmup", warmup).put("median_ms", median).put("min_ms", Stats.min(steps))
                    .put("images_per_s", Workload.BATCH / (median / 1000)).put("trainable_params", trainable)
                    .put("foreign_cpu_share", timer.foreignShare()).put("own_cpu_share", timer.ownShare());
        }
        return result;
    }

    /**
     * {@code iters} gradient averagings (after one untimed) of gradients shaped like the trainable weights of
     * {@code workload}'s base, through {@link DistributedStrategy#averageGradients} as {@code fit} runs it, then
     * as many bare all-reduces of one tensor of as many floats through the process group: the collective
     * alone, without the averaging's scaling, bucketing and copies.
     */
    static ObjectNode allReduce(Workload workload, int iters, Rendezvous rendezvous) {
        if (iters < 1) {
            throw new IllegalArgumentException("Need iters >= 1, received " + iters);
        }
        ObjectNode result = ResultLine.JSON.createObjectNode();
        try (DistributedStrategy strategy = new DistributedStrategy(rendezvous);
                dev.graft.models.Model base = workload.buildBase();
                TensorScope scope = TensorScope.open()) {
            List<Tensor> gradients = new ArrayList<>();
            long elements = 0;
            for (Variable v : base.trainableWeights()) {
                gradients.add(Tensor.ones(v.shape(), v.dtype()));
                elements += v.size();
            }
            long localBatch = Workload.BATCH / rendezvous.worldSize();
            List<Double> averaging = timed(iters, () -> strategy.averageGradients(gradients, localBatch));
            Tensor flat = Tensor.ones(Shape.of(elements), DType.FLOAT32);
            List<Double> bare = timed(iters, () -> strategy.processGroup().allReduceSum(List.of(flat)));
            double median = Stats.median(averaging);
            double bareMedian = Stats.median(bare);
            long bytes = elements * Float.BYTES;
            int w = rendezvous.worldSize();
            ArrayNode timesNode = result.putArray("times_ms");
            averaging.forEach(timesNode::add);
            ArrayNode bareNode = result.putArray("bare_times_ms");
            bare.forEach(bareNode::add);
            // A ring all-reduce sends (and receives) 2 (W - 1) / W of the data per worker.
            double sentPerWorker = 2.0 * (w - 1) / w * bytes;
            result.put("workload", workload.spec()).put("rank", rendezvous.rank()).put("workers", w)
                    .put("elements", elements).put("bytes", bytes)
                    .put("median_ms", median).put("min_ms", Stats.min(averaging))
                    .put("bare_median_ms", bareMedian).put("bare_min_ms", Stats.min(bare))
                    .put("ring_bytes_per_worker", sentPerWorker)
                    .put("ring_gbit_per_s", sentPerWorker * 8 / (bareMedian / 1000) / 1e9);
        }
        return result;
    }

    /** The milliseconds of {@code iters} calls of {@code call} after one untimed, each in its own scope. */
    private static List<Double> timed(int iters, Runnable call) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i <= iters; i++) {
            try (TensorScope step = TensorScope.open()) {
                long start = System.nanoTime();
                call.run();
                if (i > 0) {
                    times.add((System.nanoTime() - start) / 1e6);
                }
            }
        }
        return times;
    }
}
