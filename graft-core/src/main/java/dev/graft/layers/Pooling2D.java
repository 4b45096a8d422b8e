package dev.graft.layers;

import dev.graft.tensor.Padding2D;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;

/**
 * The common part of {@link MaxPooling2D} and {@link AveragePooling2D} (Keras' {@code BasePooling}): a
 * {@code poolSize} window moving by {@code strides} over images {@code [batch, height, width, channels]},
 * giving {@code [batch, outHeight, outWidth, channels]}. The strides default to the pool size; with
 * {@link Padding#SAME} the padding is TensorFlow's (the extra pixel at the bottom and right).
 */
public abstract class Pooling2D extends Layer {
    private static final int[] NO_DILATION = {1, 1};

    private final int[] poolSize;
    private final int[] strides;
    private final Padding padding;

    protected Pooling2D(Builder<?> b) {
        super(b);
        String type = getClass().getSimpleName();
        this.poolSize = Spatial2D.pair(type, "poolSize", 1, b.poolSize);
        // Keras: strides=None means the pool size, so windows do not overlap.
        this.strides = b.strides == null ? poolSize.clone() : Spatial2D.pair(type, "strides", 1, b.strides);
        if (b.padding == null) {
            throw new IllegalArgumentException(type + " needs a padding, 'valid' or 'same'");
        }
        this.padding = b.padding;
    }

    public int[] poolSize() {
        return poolSize.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    public Padding padding() {
        return padding;
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.putInts("pool_size", poolSize).put("padding", padding.kerasName()).putInts("strides", strides)
                .put("data_format", "channels_last");
    }

    /** Reads {@code pool_size}, {@code padding}, {@code strides} and the common options into {@code b}. */
    protected static <B extends Builder<B>> B readPoolingConfig(LayerConfig c, B b) {
        c.common(b);
        Builder<B> base = b;
        b.optPoolSize(c.getInts("pool_size", base.poolSize))
                .optPadding(c.getString("padding", base.padding.kerasName()))
                .optStrides(c.getInts("strides", base.strides));
        c.expect("data_format", "channels_last");
        return b;
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        Spatial2D.requireImage(this, inputShape);
        return Spatial2D.outputShape(this, inputShape, poolSize, strides, padding, NO_DILATION, inputShape.last());
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        return pool(input, poolSize, strides,
                Spatial2D.explicit(input.shape(), poolSize, strides, padding, NO_DILATION));
    }

    /** The pooling itself, with the padding already made explicit. */
    protected abstract Tensor pool(Tensor input, int[] poolSize, int[] strides, Padding2D padding);

    /** Options of a pooling layer; every one has Keras' default. */
    public abstract static class Builder<B extends Builder<B>> extends Layer.Builder<B> {
        private int[] poolSize = {2};
        private int[] strides;
        private Padding padding = Padding.VALID;

        /** The window: one size for both axes, or {@code (height, width)} (default 2). */
        public B optPoolSize(int... poolSize) {
            this.poolSize = poolSize;
            return self();
        }

        /** The step of the window: one value or {@code (height, width)} (default: the pool size). */
        public B optStrides(int... strides) {
            this.strides = strides;
            return self();
        }

        /** {@link Padding#VALID} (default) or {@link Padding#SAME}. */
        public B optPadding(Padding padding) {
            this.padding = padding;
            return self();
        }

        /** {@code "valid"} (default) or {@code "same"}. */
        public B optPadding(String padding) {
            return optPadding(Padding.of(padding));
        }
    }
}
