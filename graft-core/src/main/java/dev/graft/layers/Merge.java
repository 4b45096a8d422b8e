package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The common part of the elementwise merge layers {@link Add} and {@link Multiply} (Keras' {@code Merge}): a list
 * of two or more inputs combined by one elementwise operation, left to right. Call it with a list:
 * {@code layer.call(List.of(a, b))} or {@code layer.callSymbolic(List.of(a, b))}. No weights.
 *
 * <p>Shapes broadcast as in Keras' merge layers: the dimensions after the batch axis are aligned from the right,
 * and a dimension of 1 stretches to match the other input's; an input of lower rank gets axes of size 1 inserted
 * after its batch axis. All inputs need the same batch size. A dimension unknown in one input and known (other
 * than 1) in another is taken as known, since the inputs could not combine otherwise.
 */
public abstract class Merge extends Layer {

    protected Merge(Layer.Builder<?> b) {
        super(b);
    }

    /** Always fails: a merge layer needs a list of at least two inputs. */
    @Override
    public final Shape computeOutputShape(Shape inputShape) {
        return computeOutputShape(List.of(inputShape));
    }

    @Override
    public final Shape computeOutputShape(List<Shape> inputShapes) {
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
                    throw new IllegalArgumentException(describe() + " cannot merge inputs with different batch "
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
            if (i == 1 || i == Shape.UNKNOWN && j != 1) {
                out[offset + d] = j; // i stretches to j, or an unknown i can only be 1 or j
            } else if (j != 1 && j != Shape.UNKNOWN && i != j) {
                throw new IllegalArgumentException(describe() + " needs inputs whose shapes broadcast (equal "
                        + "dimensions or 1), received " + all.get(0) + " (input 0) and " + all.get(index) + " (input "
                        + index + ")");
            }
        }
        return Shape.of(out);
    }

    @Override
    protected final Tensor forward(List<Tensor> inputs, boolean training) {
        int rank = inputs.stream().mapToInt(t -> t.shape().rank()).max().orElseThrow();
        List<Tensor> operands = new ArrayList<>(inputs.size());
        List<Tensor> reshaped = new ArrayList<>();
        try {
            for (Tensor x : inputs) {
                if (x.shape().rank() < rank) {
                    // Keras gives a lower-rank input axes of size 1 right after the batch axis.
                    Tensor e = x.reshape(withUnitAxes(x.shape(), rank));
                    reshaped.add(e);
                    operands.add(e);
                } else {
                    operands.add(x);
                }
            }
            Tensor result = merge(operands.get(0), operands.get(1));
            for (int i = 2; i < operands.size(); i++) {
                Tensor next = merge(result, operands.get(i));
                result.close(); // an intermediate of ours; the graph keeps what it needs
                result = next;
            }
            return result;
        } finally {
            reshaped.forEach(Tensor::close);
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

    /** The elementwise operation on two operands of the same rank, broadcasting dimensions of 1. */
    protected abstract Tensor merge(Tensor a, Tensor b);
}
