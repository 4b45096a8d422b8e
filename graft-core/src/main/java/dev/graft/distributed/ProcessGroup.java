package dev.graft.distributed;

import dev.graft.tensor.Tensor;
import java.util.List;

/**
 * The processes of one training job, joined through a {@link Rendezvous}, and the collective operations they
 * run together (libtorch's c10d: Gloo between CPUs, NCCL between GPUs). Every process must call the same
 * collectives in the same order with tensors of the same shapes; a process that dies or stops answering makes
 * the others' collectives fail with a {@link DistributedException} within the rendezvous timeout.
 */
public interface ProcessGroup extends AutoCloseable {

    /** This process's rank, 0 to {@code worldSize() - 1}. */
    int rank();

    /** The number of processes. */
    int worldSize();

    /**
     * The element-wise sums of {@code tensors} over all processes, as new tensors of the same shapes. The tensors
     * travel as one message (a bucket), so a few large calls cost less than many small ones.
     *
     * @throws IllegalArgumentException if the tensors differ in dtype or device
     * @throws DistributedException if another process failed
     */
    default List<Tensor> allReduceSum(List<Tensor> tensors) {
        return allReduceSum(tensors, 1.0);
    }

    /**
     * The sums over all processes of {@code scale * tensors}, each process with its own {@code scale} (a weighted
     * sum in one pass: the scaling is applied in place to the bucket that travels).
     *
     * @throws IllegalArgumentException if the tensors differ in dtype or device
     * @throws DistributedException if another process failed
     */
    List<Tensor> allReduceSum(List<Tensor> tensors, double scale);

    /**
     * Rank {@code root}'s values of {@code tensors}, as new tensors, on every process.
     *
     * @throws DistributedException if another process failed
     */
    List<Tensor> broadcast(List<Tensor> tensors, int root);

    /** Waits until every process has called it. */
    void barrier();

    /** Leaves the group; collectives fail afterwards. */
    @Override
    void close();
}
