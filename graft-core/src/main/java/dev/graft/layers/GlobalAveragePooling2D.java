package dev.graft.layers;

import dev.graft.tensor.Tensor;

/**
 * The mean over height and width of images {@code [batch, height, width, channels]}, as Keras'
 * {@code GlobalAveragePooling2D}: output {@code [batch, channels]}, or {@code [batch, 1, 1, channels]} with
 * {@code keepDims} (see {@link GlobalPooling2D}).
 */
public final class GlobalAveragePooling2D extends GlobalPooling2D {

    /** {@code GlobalAveragePooling2D()}: Keras' default, output {@code [batch, channels]}. */
    public GlobalAveragePooling2D() {
        this(builder());
    }

    private GlobalAveragePooling2D(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code GlobalAveragePooling2D.from_config}). */
    public static GlobalAveragePooling2D fromConfig(LayerConfig c) {
        return readGlobalPoolingConfig(c, builder()).build();
    }

    @Override
    protected Tensor reduce(Tensor input, int[] axes, boolean keepDims) {
        return input.mean(axes, keepDims);
    }

    /** Builds a {@link GlobalAveragePooling2D}. */
    public static final class Builder extends GlobalPooling2D.Builder<Builder> {
        public GlobalAveragePooling2D build() {
            return new GlobalAveragePooling2D(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
