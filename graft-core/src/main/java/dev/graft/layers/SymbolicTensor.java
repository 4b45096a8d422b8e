package dev.graft.layers;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import java.util.List;

/**
 * A placeholder for a tensor in a model under construction, like Keras' {@code KerasTensor}: it has a
 * shape (with {@code None} for the batch) and remembers which layer call produced it. Start from
 * {@link Input#of}, call layers on it, and pass the result to {@code new Model(inputs, outputs)}.
 */
public final class SymbolicTensor {
    private final Shape shape;
    private final DType dtype;
    private final Node node;


    SymbolicTensor(Shape shape, DType dtype, Node node) {
        this.shape = shape;
        this.dtype = dtype;
        this.node = node;
    }

    /** The static shape, {@code [batch, ...]}, with {@link Shape#UNKNOWN} for the batch. */
    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return dtype;
    }

    /** The layer call that produced this tensor. */
    public Node node() {
        return node;
    }

    /** The layer call that produced this tensor, with its inputs and training mode. */
    public record Node(Layer layer, List<SymbolicTensor> inputs, Boolean training) {
        /** Whether this node is a model input (it has no inputs of its own). */
        public boolean isInput() {
            return inputs.isEmpty();
        }
    }

    @Override
    public String toString() {
        return "<SymbolicTensor shape=" + shape + ", dtype=" + dtype + ", name=" + node.layer().name() + ">";
    }
}
