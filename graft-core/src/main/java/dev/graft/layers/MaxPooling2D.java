package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;

/**
 * Max pooling over images {@code [batch, height, width, channels]}, as Keras' {@code MaxPooling2D}: the largest
 * value of each {@code poolSize} window, giving {@code [batch, outHeight, outWidth, channels]}. The strides
 * default to the pool size. With {@link Padding#SAME} the padding is TensorFlow's (extra pixel at the bottom
 * and right) and padded cells never win the max, even where every real value is negative.
 */
public final class MaxPooling2D extends Layer {
    private static final int[] NO_DILATION = {1, 1};

    private final int[] poolSize;
    private final int[] strides;
    private final Padding padding;

    /** {@code MaxPooling2D()}: Keras' defaults, a 2x2 pool, stride 2, 'valid'. */
    public MaxPooling2D() {
        this(builder());
    }

    /** A {@code poolSize x poolSize} pool with the same stride, 'valid'. */
    public MaxPooling2D(int poolSize) {
        this(builder().optPoolSize(poolSize));
    }

    private MaxPooling2D(Builder b) {
        super(b);
        this.poolSize = Spatial2D.pair("MaxPooling2D", "poolSize", 1, b.poolSize);
        // Keras: strides=None means the pool size, so windows do not overlap.
        this.strides = b.strides == null ? poolSize.clone()
                : Spatial2D.pair("MaxPooling2D", "strides", 1, b.strides);
        if (b.padding == null) {
            throw new IllegalArgumentException("MaxPooling2D needs a padding, 'valid' or 'same'");
        }
        this.padding = b.padding;
    }

    public static Builder builder() {
        return new Builder();
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
    public Shape computeOutputShape(Shape inputShape) {
        Spatial2D.requireImage(this, inputShape);
        return Spatial2D.outputShape(this, inputShape, poolSize, strides, padding, NO_DILATION, inputShape.last());
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        return input.maxPool2d(poolSize, strides,
                Spatial2D.explicit(input.shape(), poolSize, strides, padding, NO_DILATION));
    }

    /** Builds a {@link MaxPooling2D}; every option has Keras' default. */
    public static final class Builder extends Layer.Builder<Builder> {
        private int[] poolSize = {2};
        private int[] strides;
        private Padding padding = Padding.VALID;

        /** The window: one size for both axes, or {@code (height, width)} (default 2). */
        public Builder optPoolSize(int... poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /** The step of the window: one value or {@code (height, width)} (default: the pool size). */
        public Builder optStrides(int... strides) {
            this.strides = strides;
            return this;
        }

        /** {@link Padding#VALID} (default) or {@link Padding#SAME}. */
        public Builder optPadding(Padding padding) {
            this.padding = padding;
            return this;
        }

        /** {@code "valid"} (default) or {@code "same"}. */
        public Builder optPadding(String padding) {
            return optPadding(Padding.of(padding));
        }

        public MaxPooling2D build() {
            return new MaxPooling2D(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
