package dev.graft.layers;

import dev.graft.tensor.Tensor;

/**
 * The maximum over height and width of images {@code [batch, height, width, channels]}, as Keras'
 * {@code GlobalMaxPooling2D}: output {@code [batch, channels]}, or {@code [batch, 1, 1, channels]} with
 * {@code keepDims} (see {@link GlobalPooling2D}).
 */
public final class GlobalMaxPooling2D extends GlobalPooling2D {

    /** {@code GlobalMaxPooling2D()}: Keras' default, output {@code [batch, channels]}. */
    public GlobalMaxPooling2D() {
        this(builder());
    }

    private GlobalMaxPooling2D(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code GlobalMaxPooling2D.from_config}). */
    public static GlobalMaxPooling2D fromConfig(LayerConfig c) {
        return readGlobalPoolingConfig(c, builder()).build();
    }

    @Override
    protected Tensor reduce(Tensor input, int[] axes, boolean keepDims) {
        return input.max(axes, keepDims);
    }

    /** Builds a {@link GlobalMaxPooling2D}. */
    public static final class Builder extends GlobalPooling2D.Builder<Builder> {
        public GlobalMaxPooling2D build() {
            return new GlobalMaxPooling2D(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
