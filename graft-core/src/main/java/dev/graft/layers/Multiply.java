package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras' {@code Multiply}: the elementwise product of two or more inputs, e.g. the squeeze-and-excitation
 * scaling of {@code [batch, height, width, channels]} features by {@code [batch, 1, 1, channels]} weights.
 * Call it with a list: {@code multiply.call(List.of(a, b))} or {@code multiply.callSymbolic(List.of(a, b))}.
 *
 * <p>Shapes broadcast as in Keras' merge layers: the dimensions after the batch axis are aligned from the
 * right, and a dimension of 1 stretches to match the other input's; an input of lower rank gets axes of size
 * 1 inserted after its batch axis. All inputs need the same batch size. No weights.
 */
public final class Multiply extends Layer {

    /** {@code Multiply()}. */
    public Multiply() {
        this(builder());
    }

    private Multiply(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code Multiply.from_config}): only the common options. */
    public static Multiply fromConfig(LayerConfig c) {
        return c.common(builder()).build();
    }

    /** Always fails: Multiply needs a list of at least two inputs. */
    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return computeOutputShape(List.of(inputShape));
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        if (inputShapes.size() < 2) {
            throw new IllegalArgumentException(describe() + " needs a list of at least 2 inputs, received "
                    + inputShapes.size());
        }
        long batch = Shape.UNKNOWN;
        for (Shape s : inputShapes) {
            if (s.rank() < 1) {
                throw new IllegalArgumentException(describe() + " needs inputs with a batch axis, received shape "
                        + s);
            }
            if (s.get(0) != Shape.UNKNOWN) {
                if (batch != Shape.UNKNOWN && batch != s.get(0)) {
                    throw new IllegalArgumentException(describe() + " cannot multiply inputs with different batch "
                            + "sizes, received shapes " + inputShapes);
                }
                batch = s.get(0);
            }
        }
        Shape out = inputShapes.get(0).dropFirst();
        for (int i = 1; i < inputShapes.size(); i++) {
            out = broadcast(out, inputShapes.get(i).dropFirst(), inputShapes, i);
        }
        return Shape.of(batch).append(out.dims());
    }

    /** Keras' {@code _compute_elemwise_op_output_shape} for the per-sample shapes {@code a} and {@code b}. */
    private Shape broadcast(Shape a, Shape b, List<Shape> all, int index) {
        Shape longer = a.rank() >= b.rank() ? a : b;
        Shape shorter = a.rank() >= b.rank() ? b : a;
        int offset = longer.rank() - shorter.rank();
        long[] out = longer.dims();
        for (int d = 0; d < shorter.rank(); d++) {
            long i = longer.get(offset + d);
            long j = shorter.get(d);
            if (i == Shape.UNKNOWN || j == Shape.UNKNOWN) {
                out[offset + d] = Shape.UNKNOWN;
            } else if (i == 1) {
                out[offset + d] = j;
            } else if (j != 1 && i != j) {
                throw new IllegalArgumentException(describe() + " needs inputs whose shapes broadcast (equal "
                        + "dimensions or 1), received " + all.get(0) + " (input 0) and " + all.get(index) + " (input "
                        + index + ")");
            }
        }
        return Shape.of(out);
    }

    @Override
    protected Tensor forward(List<Tensor> inputs, boolean training) {
        int rank = inputs.stream().mapToInt(t -> t.shape().rank()).max().orElseThrow();
        List<Tensor> expanded = new ArrayList<>();
        try {
            for (Tensor x : inputs) {
                // Keras gives a lower-rank input axes of size 1 right after the batch axis.
                Tensor e = x.reshape(withUnitAxes(x.shape(), rank));
                expanded.add(e);
            }
            Tensor product = expanded.get(0).mul(expanded.get(1));
            for (int i = 2; i < expanded.size(); i++) {
                Tensor next = product.mul(expanded.get(i));
                product.close(); // an intermediate of ours; the graph keeps what it needs
                product = next;
            }
            return product;
        } finally {
            expanded.forEach(Tensor::close);
        }
    }

    private static long[] withUnitAxes(Shape shape, int rank) {
        long[] dims = new long[rank];
        int missing = rank - shape.rank();
        dims[0] = shape.get(0);
        for (int d = 1; d < rank; d++) {
            dims[d] = d <= missing ? 1 : shape.get(d - missing);
        }
        return dims;
    }

    /** Builds a {@link Multiply}; it has only the common options. */
    public static final class Builder extends Layer.Builder<Builder> {
        public Multiply build() {
            return new Multiply(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
