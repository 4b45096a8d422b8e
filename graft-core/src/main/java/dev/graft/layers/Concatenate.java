package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.List;

/**
 * Keras' {@code Concatenate(axis=-1)}: joins a list of inputs along {@code axis}. The inputs must have
 * the same rank and the same dimensions on every other axis; for {@code [batch, height, width, channels]}
 * images the default joins the channels. The output's size along {@code axis} is the sum of the inputs'
 * (unknown if one of them is). Call it with a list: {@code concat.call(List.of(a, b))}. No weights.
 */
public final class Concatenate extends Layer {
    private final int axis;

    /** {@code Concatenate()}: along the last axis. */
    public Concatenate() {
        this(builder());
    }

    /** {@code Concatenate(axis)}; a negative axis counts from the end. */
    public Concatenate(int axis) {
        this(builder().optAxis(axis));
    }

    private Concatenate(Builder b) {
        super(b);
        this.axis = b.axis;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int axis() {
        return axis;
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("axis", axis);
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code Concatenate.from_config}). */
    public static Concatenate fromConfig(LayerConfig c) {
        Builder b = c.common(builder());
        return b.optAxis(c.getInt("axis", b.axis)).build();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return computeOutputShape(List.of(inputShape));
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        // Keras 3 accepts a single input (the result is that input); Keras 2 required two.
        if (inputShapes.isEmpty()) {
            throw new IllegalArgumentException(describe() + " needs a list of at least 1 input, received none");
        }
        Shape first = inputShapes.get(0);
        int rank = first.rank();
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException(describe() + ": axis " + axis + " is out of range for inputs of rank "
                    + rank + ", received input shapes " + inputShapes);
        }
        int a = first.normalizeAxis(axis);
        long[] out = first.dims();
        for (int i = 1; i < inputShapes.size(); i++) {
            Shape s = inputShapes.get(i);
            if (s.rank() != rank || !s.with(a, Shape.UNKNOWN).isCompatibleWith(first.with(a, Shape.UNKNOWN))) {
                throw new IllegalArgumentException(describe() + " needs inputs whose dimensions match except along"
                        + " axis " + axis + ", received " + first + " (input 0) and " + s + " (input " + i + ")");
            }
            for (int d = 0; d < rank; d++) {
                if (d == a) {
                    out[d] = out[d] == Shape.UNKNOWN || s.get(d) == Shape.UNKNOWN ? Shape.UNKNOWN : out[d] + s.get(d);
                } else if (out[d] == Shape.UNKNOWN) {
                    out[d] = s.get(d);
                }
            }
        }
        return Shape.of(out);
    }

    @Override
    protected Tensor forward(List<Tensor> inputs, boolean training) {
        return Tensor.concat(inputs, axis);
    }

    /** Builds a {@link Concatenate}; every setting is optional. */
    public static final class Builder extends Layer.Builder<Builder> {
        private int axis = -1;

        /** The axis to join along (default -1, the last; for images, the channels). */
        public Builder optAxis(int axis) {
            this.axis = axis;
            return this;
        }

        public Concatenate build() {
            return new Concatenate(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
