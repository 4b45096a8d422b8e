package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;

/**
 * The common part of {@link GlobalAveragePooling2D} and {@link GlobalMaxPooling2D} (Keras'
 * {@code BaseGlobalPooling}): one reduction over height and width of images
 * {@code [batch, height, width, channels]}, giving {@code [batch, channels]}, or {@code [batch, 1, 1, channels]}
 * with {@code keepDims}. No weights.
 */
public abstract class GlobalPooling2D extends Layer {
    private static final int[] SPATIAL = {1, 2};

    private final boolean keepDims;

    protected GlobalPooling2D(Builder<?> b) {
        super(b);
        this.keepDims = b.keepDims;
    }

    public boolean keepDims() {
        return keepDims;
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("data_format", "channels_last").put("keepdims", keepDims);
    }

    /** Reads {@code keepdims} and the common options into {@code b}. */
    protected static <B extends Builder<B>> B readGlobalPoolingConfig(LayerConfig c, B b) {
        c.common(b);
        Builder<B> base = b;
        b.optKeepDims(c.getBoolean("keepdims", base.keepDims));
        c.expect("data_format", "channels_last");
        return b;
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        Spatial2D.requireImage(this, inputShape);
        return keepDims ? Shape.of(inputShape.get(0), 1, 1, inputShape.last())
                : Shape.of(inputShape.get(0), inputShape.last());
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        return reduce(input, SPATIAL, keepDims);
    }

    /** The reduction itself over {@code axes} (height and width). */
    protected abstract Tensor reduce(Tensor input, int[] axes, boolean keepDims);

    /** Options of a global pooling layer; every one has Keras' default. */
    public abstract static class Builder<B extends Builder<B>> extends Layer.Builder<B> {
        private boolean keepDims;

        /** Keeps the spatial axes as size 1 (default false). */
        public B optKeepDims(boolean keepDims) {
            this.keepDims = keepDims;
            return self();
        }
    }
}
