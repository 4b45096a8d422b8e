package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;

/**
 * The mean over height and width of images {@code [batch, height, width, channels]}, as Keras'
 * {@code GlobalAveragePooling2D}: output {@code [batch, channels]}, or {@code [batch, 1, 1, channels]} with
 * {@code keepDims}.
 */
public final class GlobalAveragePooling2D extends Layer {
    private static final int[] SPATIAL = {1, 2};

    private final boolean keepDims;

    /** {@code GlobalAveragePooling2D()}: Keras' default, output {@code [batch, channels]}. */
    public GlobalAveragePooling2D() {
        this(builder());
    }

    private GlobalAveragePooling2D(Builder b) {
        super(b);
        this.keepDims = b.keepDims;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean keepDims() {
        return keepDims;
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("data_format", "channels_last").put("keepdims", keepDims);
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code GlobalAveragePooling2D.from_config}). */
    public static GlobalAveragePooling2D fromConfig(LayerConfig c) {
        Builder b = c.common(builder());
        b.optKeepDims(c.getBoolean("keepdims", b.keepDims));
        c.expect("data_format", "channels_last");
        return b.build();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        Spatial2D.requireImage(this, inputShape);
        return keepDims ? Shape.of(inputShape.get(0), 1, 1, inputShape.last())
                : Shape.of(inputShape.get(0), inputShape.last());
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        return input.mean(SPATIAL, keepDims);
    }

    /** Builds a {@link GlobalAveragePooling2D}. */
    public static final class Builder extends Layer.Builder<Builder> {
        private boolean keepDims;

        /** Keeps the spatial axes as size 1 (default false). */
        public Builder optKeepDims(boolean keepDims) {
            this.keepDims = keepDims;
            return this;
        }

        public GlobalAveragePooling2D build() {
            return new GlobalAveragePooling2D(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
