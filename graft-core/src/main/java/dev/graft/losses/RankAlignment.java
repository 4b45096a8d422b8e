package dev.graft.losses;

import dev.graft.tensor.Tensor;
import java.util.Arrays;

/**
 * Keras' {@code squeeze_or_expand_to_same_rank}: when two tensors' ranks differ by exactly one and the
 * longer one ends in a dimension of size 1, brings them to the same rank. Targets {@code [batch]} against
 * predictions {@code [batch, 1]} become {@code [batch, 1]}; in every other such case the trailing 1 is
 * squeezed away. Any other pair is returned unchanged.
 *
 * <p>New tensors are reshaped views; call this inside a {@link dev.graft.tensor.TensorScope}.
 */
public final class RankAlignment {

    /** The two tensors after alignment, in the order they were given (each may be the input itself). */
    public record Aligned(Tensor first, Tensor second) {
    }

    private RankAlignment() {
    }

    /** Aligns the ranks of {@code x1} and {@code x2} as Keras does before comparing them elementwise. */
    public static Aligned squeezeOrExpand(Tensor x1, Tensor x2) {
        int rank1 = x1.rank();
        int rank2 = x2.rank();
        if (rank1 == rank2 + 1 && x1.shape().last() == 1) {
            return rank2 == 1 ? new Aligned(x1, x2.expandDims(-1)) : new Aligned(squeezeLast(x1), x2);
        }
        if (rank2 == rank1 + 1 && x2.shape().last() == 1) {
            return rank1 == 1 ? new Aligned(x1.expandDims(-1), x2) : new Aligned(x1, squeezeLast(x2));
        }
        return new Aligned(x1, x2);
    }

    /** {@code x} without its last dimension, which must be 1. */
    static Tensor squeezeLast(Tensor x) {
        long[] dims = x.shape().dims();
        return x.reshape(Arrays.copyOf(dims, dims.length - 1));
    }
}
