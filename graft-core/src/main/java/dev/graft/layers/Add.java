package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.List;

/**
 * Keras' {@code Add}: the elementwise sum of two or more inputs of the same shape, e.g. a residual
 * connection of two {@code [batch, height, width, channels]} tensors. Call it with a list:
 * {@code add.call(List.of(a, b))} or {@code add.callSymbolic(List.of(a, b))}. Dimensions unknown in one
 * input are taken from another. No weights.
 */
public final class Add extends Layer {

    /** {@code Add()}. */
    public Add() {
        this(builder());
    }

    private Add(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code Add.from_config}): only the common options. */
    public static Add fromConfig(LayerConfig c) {
        return c.common(builder()).build();
    }

    /** Always fails: Add needs a list of at least two inputs. */
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
        long[] out = inputShapes.get(0).dims();
        for (int i = 1; i < inputShapes.size(); i++) {
            Shape s = inputShapes.get(i);
            if (!s.isCompatibleWith(inputShapes.get(0))) {
                throw new IllegalArgumentException(describe() + " needs inputs of the same shape, received "
                        + inputShapes.get(0) + " (input 0) and " + s + " (input " + i + ")");
            }
            for (int d = 0; d < out.length; d++) {
                if (out[d] == Shape.UNKNOWN) {
                    out[d] = s.get(d);
                }
            }
        }
        return Shape.of(out);
    }

    @Override
    protected Tensor forward(List<Tensor> inputs, boolean training) {
        Tensor sum = inputs.get(0).add(inputs.get(1));
        for (int i = 2; i < inputs.size(); i++) {
            Tensor next = sum.add(inputs.get(i));
            sum.close(); // an intermediate of ours; the graph keeps what it needs
            sum = next;
        }
        return sum;
    }

    /** Builds an {@link Add}; it has only the common options. */
    public static final class Builder extends Layer.Builder<Builder> {
        public Add build() {
            return new Add(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
