package dev.graft.data;

import dev.graft.tensor.Tensor;
import java.util.Arrays;
import java.util.function.LongFunction;

/** The slices of tensors along their first axis, as {@code tf.data.Dataset.from_tensor_slices}. */
final class SlicesDataset<T> extends Dataset<T> {
    private final long samples;
    private final LongFunction<T> slice;
    private final String description;

    private SlicesDataset(long samples, LongFunction<T> slice, String description) {
        this.samples = samples;
        this.slice = slice;
        this.description = description;
    }

    static Dataset<Tensor> of(Tensor x) {
        requireSamplesAxis(x, "x");
        return new SlicesDataset<>(x.shape().get(0), i -> row(x, i), "fromTensorSlices(x=" + spec(x) + ")");
    }

    static Dataset<Example> of(Tensor x, Tensor y) {
        requireSamplesAxis(x, "x");
        requireSamplesAxis(y, "y");
        if (x.shape().get(0) != y.shape().get(0)) {
            throw new IllegalArgumentException("fromTensorSlices: x and y need the same number of samples (first "
                    + "axis), received x of shape " + x.shape() + " and y of shape " + y.shape());
        }
        return new SlicesDataset<>(x.shape().get(0), i -> new Example(row(x, i), row(y, i)),
                "fromTensorSlices(x=" + spec(x) + ", y=" + spec(y) + ")");
    }

    private static void requireSamplesAxis(Tensor t, String name) {
        if (t == null) {
            throw new IllegalArgumentException("fromTensorSlices: " + name + " is null");
        }
        if (t.rank() == 0) {
            throw new IllegalArgumentException("fromTensorSlices: " + name + " needs a first (samples) axis to "
                    + "slice along, received a scalar");
        }
    }

    private static String spec(Tensor t) {
        return t.shape() + " " + t.dtype();
    }

    /** Row {@code i} of {@code t} {@code [n, ...]}, a view {@code [...]} of its storage. */
    static Tensor row(Tensor t, long i) {
        long[] dims = t.shape().dims();
        return t.slice(0, i, i + 1).reshape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    @Override
    public long cardinality() {
        return samples;
    }

    @Override
    Cursor<T> open() {
        return new Cursor<>() {
            private long next;

            @Override
            public T pull() {
                if (next >= samples) {
                    return null;
                }
                long i = next++;
                return Elements.produce(() -> slice.apply(i));
            }

            @Override
            public void close() {
                next = samples;
            }
        };
    }

    @Override
    public String toString() {
        return description;
    }
}
