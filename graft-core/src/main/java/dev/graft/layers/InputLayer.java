package dev.graft.layers;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.List;

/**
 * The layer behind a model input ({@code input_1}, {@code input_2}, ...): it holds the input's shape and
 * passes values through.
 */
public final class InputLayer extends Layer {
    private final Shape shape;
    private final SymbolicTensor output;

    InputLayer(Shape shape, DType dtype, String name) {
        super(name != null ? name : dev.graft.utils.Names.uniqueOneBased("input"), dtype);
        this.shape = shape;
        this.output = new SymbolicTensor(shape, dtype, new SymbolicTensor.Node(this, List.of(), null));
        build(shape);
    }

    /** The symbolic tensor this layer stands for. */
    public SymbolicTensor output() {
        return output;
    }

    /** The input shape, with {@code None} for the batch. */
    public Shape shape() {
        return shape;
    }

    /**
     * Keras' InputLayer configuration: {@code batch_shape} ({@code null} for unknown dimensions), the dtype
     * as a plain name, {@code sparse}, {@code ragged}, {@code name} and {@code optional}; no {@code trainable}.
     */
    @Override
    public LayerConfig getConfig() {
        return new LayerConfig().putShape("batch_shape", shape).put("dtype", dtype().kerasName())
                .put("sparse", false).put("ragged", false).put("name", name()).put("optional", false);
    }

    /**
     * The input layer {@link #getConfig()} describes; its {@link #output()} starts a model. Sparse, ragged and
     * optional inputs are refused.
     */
    public static InputLayer fromConfig(LayerConfig c) {
        Shape batchShape = c.getShape("batch_shape");
        DType dtype = c.getDType("dtype");
        c.expect("sparse", false).expect("ragged", false).expect("optional", false);
        return new InputLayer(batchShape, dtype, c.getString("name", null));
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        return input;
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return inputShape;
    }
}
