package dev.graft.distributed;

import dev.graft.tensor.DType;
import dev.graft.tensor.Device;
import dev.graft.tensor.Engine;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Data-parallel training over several processes, Keras' {@code MultiWorkerMirroredStrategy}: every process
 * (worker) holds the whole model, trains on its own shard of the data, and after each backward pass the
 * gradients are averaged over the workers (all-reduced in buckets), so every worker applies the same update and
 * the weights stay identical. Give it to {@code fit} with {@code FitOptions.optStrategy}.
 *
 * <p>The average weights each worker's gradients by its batch size, so workers whose local batches together
 * make a global batch reach the weights one process would reach on that global batch (up to the order of
 * floating-point summation). Rank 0 is the chief: it alone logs and writes files.
 */
public final class DistributedStrategy implements AutoCloseable {
    /** PyTorch DDP's default bucket size. */
    public static final long DEFAULT_BUCKET_BYTES = 25L << 20;

    private final Rendezvous rendezvous;
    private final Device device;
    private final long bucketBytes;
    private ProcessGroup group;

    private DistributedStrategy(Builder builder) {
        this.rendezvous = builder.rendezvous;
        this.device = builder.device;
        this.bucketBytes = builder.bucketBytes;
    }

    /** A strategy for {@code rendezvous} on the CPU with 25 MiB buckets. */
    public DistributedStrategy(Rendezvous rendezvous) {
        this(builder().setRendezvous(rendezvous).validated());
    }

    /** A strategy from {@code RANK}, {@code WORLD_SIZE}, {@code MASTER_ADDR} and {@code MASTER_PORT}. */
    public static DistributedStrategy fromEnvironment() {
        return new DistributedStrategy(Rendezvous.fromEnvironment());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This worker's rank. */
    public int rank() {
        return rendezvous.rank();
    }

    /** The number of workers. */
    public int worldSize() {
        return rendezvous.worldSize();
    }

    /** Whether this worker is rank 0, the one that logs and writes checkpoints. */
    public boolean isChief() {
        return rendezvous.rank() == 0;
    }

    public Rendezvous rendezvous() {
        return rendezvous;
    }

    /** The process group, joined (waiting for the other workers) on the first call. */
    public synchronized ProcessGroup processGroup() {
        if (group == null) {
            group = Engine.get().joinProcessGroup(rendezvous, device != null ? device : Engine.get().defaultDevice());
        }
        return group;
    }

    /** Gives every worker rank 0's values of {@code weights}, so that training starts from the same point. */
    public void synchronizeWeights(List<Variable> weights) {
        for (List<Integer> bucket : buckets(weights.stream().map(Variable::value).toList())) {
            try (TensorScope scope = TensorScope.open()) {
                List<Tensor> values = bucket.stream().map(i -> weights.get(i).value()).toList();
                List<Tensor> chief = processGroup().broadcast(values, 0);
                for (int k = 0; k < bucket.size(); k++) {
                    weights.get(bucket.get(k)).assign(chief.get(k));
                }
            }
        }
    }

    /**
     * The gradients averaged over the workers, each weighted by its worker's batch size:
     * {@code sum_w(n_w * g_w) / sum_w(n_w)}. A null gradient (a weight the loss does not use) stays null; every
     * worker must have the same null positions. The results belong to the caller's scope.
     */
    public List<Tensor> averageGradients(List<Tensor> gradients, long localBatchSize) {
        List<Integer> present = new ArrayList<>();
        for (int i = 0; i < gradients.size(); i++) {
            if (gradients.get(i) != null) {
                present.add(i);
            }
        }
        Tensor[] averaged = new Tensor[gradients.size()];
        double total = sum(new double[] {localBatchSize})[0];
        if (total <= 0) {
            throw new IllegalArgumentException("Every worker's batch is empty; nothing to average");
        }
        List<Tensor> local = present.stream().map(gradients::get).toList();
        for (List<Integer> bucket : buckets(local)) {
            List<Tensor> sums = processGroup().allReduceSum(bucket.stream().map(local::get).toList(),
                    localBatchSize / total);
            for (int k = 0; k < bucket.size(); k++) {
                averaged[present.get(bucket.get(k))] = sums.get(k);
            }
        }
        return Arrays.asList(averaged);
    }

    /** The element-wise sums of {@code values} over the workers, in double precision. */
    public double[] sum(double[] values) {
        if (values.length == 0) {
            return values;
        }
        try (TensorScope scope = TensorScope.open()) {
            return processGroup().allReduceSum(List.of(Tensor.of(values, values.length))).get(0).toDoubleArray();
        }
    }

    /** The element-wise sums of each of {@code arrays} over the workers, in one collective. */
    public List<double[]> sum(List<double[]> arrays) {
        double[] flat = new double[arrays.stream().mapToInt(a -> a.length).sum()];
        int offset = 0;
        for (double[] a : arrays) {
            System.arraycopy(a, 0, flat, offset, a.length);
            offset += a.length;
        }
        double[] sums = sum(flat);
        List<double[]> split = new ArrayList<>();
        offset = 0;
        for (double[] a : arrays) {
            split.add(Arrays.copyOfRange(sums, offset, offset + a.length));
            offset += a.length;
        }
        return split;
    }

    /** Each worker's {@code value}, indexed by rank. */
    public long[] gather(long value) {
        double[] slots = new double[worldSize()];
        slots[rank()] = value;
        double[] all = sum(slots);
        long[] values = new long[all.length];
        for (int i = 0; i < all.length; i++) {
            values[i] = Math.round(all[i]);
        }
        return values;
    }

    /**
     * The rows of every worker, in the order of the data they were sharded from: {@code Dataset.shard(n, r)}
     * gives worker {@code r} rows {@code r, r + n, r + 2n, ...}, so row {@code j} of the result is row
     * {@code j / n} of worker {@code j % n}'s {@code local}. Every worker gets the whole, e.g. the predictions
     * for a validation set of which each worker scored its shard (Keras' {@code predict} under a strategy).
     * Values travel in double precision, so float32 and integer rows arrive unchanged.
     *
     * @param local this worker's rows, {@code [rows, ...]}, with the same trailing shape on every worker
     * @param totalRows the number of rows of all workers together
     * @return {@code [totalRows, ...]} in {@code local}'s dtype, in the caller's scope
     */
    public Tensor gatherShards(Tensor local, long totalRows) {
        int n = worldSize();
        int r = rank();
        Shape shape = local.shape();
        if (shape.rank() < 1) {
            throw new IllegalArgumentException("gatherShards needs rows, [rows, ...]; received a scalar");
        }
        long expected = totalRows > r ? (totalRows - r + n - 1) / n : 0;
        if (shape.get(0) != expected) {
            throw new IllegalArgumentException("Rank " + r + " holds " + shape.get(0) + " rows, but shard " + r
                    + " of " + totalRows + " rows over " + n + " workers has " + expected + "; give each worker "
                    + "Dataset.shard(" + n + ", rank) of the same data");
        }
        Shape row = shape.dropFirst();
        long rowSize = row.size();
        long[] rowSizes = gather(rowSize);
        for (int other = 0; other < n; other++) {
            if (rowSizes[other] != rowSize) {
                throw new IllegalArgumentException("Rank " + r + "'s rows have " + rowSize + " values each (shape "
                        + row + "), rank " + other + "'s " + rowSizes[other] + "; every worker must give rows of "
                        + "one shape");
            }
        }
        double[] mine = local.toDoubleArray();
        double[] placed = new double[Math.toIntExact(totalRows * rowSize)];
        for (long k = 0; k < expected; k++) {
            System.arraycopy(mine, Math.toIntExact(k * rowSize), placed, Math.toIntExact((r + k * n) * rowSize),
                    Math.toIntExact(rowSize));
        }
        // Each slot is written by one worker and zero on the others, so the sum is exact.
        Tensor whole = Tensor.of(sum(placed), Shape.of(totalRows).append(row.dims()).dims());
        if (local.dtype() == DType.FLOAT64) {
            return whole;
        }
        try (whole) {
            return whole.toType(local.dtype());
        }
    }

    /** Waits until every worker has reached this point. */
    public void barrier() {
        processGroup().barrier();
    }

    /** Consecutive runs of tensors of one dtype, each at most {@code bucketBytes} (or one larger tensor). */
    private List<List<Integer>> buckets(List<Tensor> tensors) {
        List<List<Integer>> buckets = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            long size = t.shape().size() * t.dtype().byteSize();
            boolean dtypeChanges = !current.isEmpty() && tensors.get(current.get(0)).dtype() != t.dtype();
            if (!current.isEmpty() && (dtypeChanges || bytes + size > bucketBytes)) {
                buckets.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(i);
            bytes += size;
        }
        if (!current.isEmpty()) {
            buckets.add(current);
        }
        return buckets;
    }

    /** Leaves the process group. */
    @Override
    public synchronized void close() {
        if (group != null) {
            group.close();
            group = null;
        }
    }

    @Override
    public String toString() {
        return "DistributedStrategy(" + rendezvous + ")";
    }

    /** Options of a {@link DistributedStrategy}; the rendezvous is required. */
    public static final class Builder {
        private Rendezvous rendezvous;
        private Device device;
        private long bucketBytes = DEFAULT_BUCKET_BYTES;

        private Builder() {
        }

        public Builder setRendezvous(Rendezvous rendezvous) {
            this.rendezvous = rendezvous;
            return this;
        }

        /**
         * The device the collectives run on: the CPU (Gloo) or a GPU (NCCL, CUDA build only); by default the
         * engine's default device when the group is joined, where the model's gradients are.
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /** The most gradient bytes sent in one collective (a larger single gradient goes alone). */
        public Builder optBucketBytes(long bucketBytes) {
            this.bucketBytes = bucketBytes;
            return this;
        }

        public DistributedStrategy build() {
            return new DistributedStrategy(validated());
        }

        private Builder validated() {
            if (rendezvous == null) {
                throw new IllegalArgumentException("DistributedStrategy needs a rendezvous: setRendezvous(...) or "
                        + "DistributedStrategy.fromEnvironment()");
            }
            if (bucketBytes < 1) {
                throw new IllegalArgumentException("The bucket size must be at least 1 byte, received "
                        + bucketBytes);
            }
            return this;
        }
    }
}
