package dev.graft.data;

import dev.graft.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * One un-batched example of a {@link Dataset}: the input {@code x} (e.g. an image {@code [height, width,
 * channels]}) and its target {@code y} (e.g. a scalar class label), or no target (null) for data to predict
 * on. {@link Dataset#batch(int)} stacks examples into a {@link dev.graft.training.Batch}: images
 * {@code [batch, height, width, channels]}, scalar labels {@code [batch]}.
 *
 * <p>Whoever holds an example from a dataset owns its tensors (see {@link Dataset}); {@link #close()} frees
 * them.
 *
 * @param x the input, never null
 * @param y the target, or null when there is none
 */
public record Example(Tensor x, Tensor y) implements AutoCloseable {

    public Example {
        if (x == null) {
            throw new IllegalArgumentException("An Example needs an input x; only its target y may be null");
        }
    }

    /** An example of input {@code x} and target {@code y}. */
    public static Example of(Tensor x, Tensor y) {
        return new Example(x, y);
    }

    /** An example without a target, for {@code predict}. */
    public static Example of(Tensor x) {
        return new Example(x, null);
    }

    /** Whether this example has a target. */
    public boolean hasTarget() {
        return y != null;
    }

    /** This example with {@code fn} applied to its input, e.g. {@code e.mapX(x -> x.div(255))}. */
    public Example mapX(UnaryOperator<Tensor> fn) {
        return new Example(fn.apply(x), y);
    }

    /** This example with {@code fn} applied to its target, which must exist. */
    public Example mapY(UnaryOperator<Tensor> fn) {
        if (y == null) {
            throw new IllegalStateException("mapY() needs a target, but this example of input " + x.shape()
                    + " has none");
        }
        return new Example(x, fn.apply(y));
    }

    /** Frees the input and the target. */
    @Override
    public void close() {
        x.close();
        if (y != null) {
            y.close();
        }
    }
}
