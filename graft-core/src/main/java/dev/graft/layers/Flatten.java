package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;

/**
 * Keras' {@code Flatten}: keeps the batch axis and flattens the others, in row-major order, so
 * {@code [batch, height, width, channels]} becomes {@code [batch, height * width * channels]} (a rank-1
 * input {@code [batch]} becomes {@code [batch, 1]}). The flattened size is unknown ({@code None}) only when
 * a non-batch dimension is. No weights.
 */
public final class Flatten extends Layer {

    /** {@code Flatten()}. */
    public Flatten() {
        this(builder());
    }

    private Flatten(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("data_format", "channels_last");
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code Flatten.from_config}). */
    public static Flatten fromConfig(LayerConfig c) {
        Builder b = c.common(builder());
        c.expect("data_format", "channels_last");
        return b.build();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        if (inputShape.rank() < 1) {
            throw shapeError("an input with a batch axis (rank >= 1)", inputShape);
        }
        Shape rest = inputShape.dropFirst();
        return Shape.of(inputShape.get(0), rest.isFullyDefined() ? rest.size() : Shape.UNKNOWN);
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        Shape s = input.shape();
        // Explicit sizes rather than -1, which libtorch cannot infer for an empty batch.
        return input.reshape(s.get(0), s.sizeWithoutBatch());
    }

    /** Builds a {@link Flatten}; it has only the common options. */
    public static final class Builder extends Layer.Builder<Builder> {
        public Flatten build() {
            return new Flatten(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
