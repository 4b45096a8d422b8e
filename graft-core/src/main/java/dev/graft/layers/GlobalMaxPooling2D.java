package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;

/**
 * The maximum over height and width of images {@code [batch, height, width, channels]}, as Keras'
 * {@code GlobalMaxPooling2D}: output {@code [batch, channels]}, or {@code [batch, 1, 1, channels]} with
 * {@code keepDims}. No weights.
 */
public final class GlobalMaxPooling2D extends Layer {
    private static final int[] SPATIAL = {1, 2};

    private final boolean keepDims;

    /** {@code GlobalMaxPooling2D()}: Keras' default, output {@code [batch, channels]}. */
    public GlobalMaxPooling2D() {
        this(builder());
    }

    private GlobalMaxPooling2D(Builder b) {
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

    /** The layer {@link #getConfig()} describes (Keras' {@code GlobalMaxPooling2D.from_config}). */
    public static GlobalMaxPooling2D fromConfig(LayerConfig c) {
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
        return input.max(SPATIAL, keepDims);
    }

    /** Builds a {@link GlobalMaxPooling2D}. */
    public static final class Builder extends Layer.Builder<Builder> {
        private boolean keepDims;

        /** Keeps the spatial axes as size 1 (default false). */
        public Builder optKeepDims(boolean keepDims) {
            this.keepDims = keepDims;
            return this;
        }

        public GlobalMaxPooling2D build() {
            return new GlobalMaxPooling2D(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
