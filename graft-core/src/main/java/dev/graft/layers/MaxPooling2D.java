package dev.graft.layers;

import dev.graft.tensor.Padding2D;
import dev.graft.tensor.Tensor;

/**
 * Max pooling over images {@code [batch, height, width, channels]}, as Keras' {@code MaxPooling2D}: the largest
 * value of each window (see {@link Pooling2D}). Padded cells never win the max, even where every real value is
 * negative.
 */
public final class MaxPooling2D extends Pooling2D {

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
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code MaxPooling2D.from_config}). */
    public static MaxPooling2D fromConfig(LayerConfig c) {
        return readPoolingConfig(c, builder()).build();
    }

    @Override
    protected Tensor pool(Tensor input, int[] poolSize, int[] strides, Padding2D padding) {
        return input.maxPool2d(poolSize, strides, padding);
    }

    /** Builds a {@link MaxPooling2D}; every option has Keras' default. */
    public static final class Builder extends Pooling2D.Builder<Builder> {
        public MaxPooling2D build() {
            return new MaxPooling2D(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
