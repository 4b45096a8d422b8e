package dev.graft.layers;

import dev.graft.tensor.Padding2D;
import dev.graft.tensor.Tensor;

/**
 * Average pooling over images {@code [batch, height, width, channels]}, as Keras' {@code AveragePooling2D}: the
 * mean of each window (see {@link Pooling2D}). As in TensorFlow, padded cells are left out of the average: a
 * border window divides by the number of real pixels it covers, not by the window size.
 */
public final class AveragePooling2D extends Pooling2D {

    /** {@code AveragePooling2D()}: Keras' defaults, a 2x2 pool, stride 2, 'valid'. */
    public AveragePooling2D() {
        this(builder());
    }

    /** A {@code poolSize x poolSize} pool with the same stride, 'valid'. */
    public AveragePooling2D(int poolSize) {
        this(builder().optPoolSize(poolSize));
    }

    private AveragePooling2D(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code AveragePooling2D.from_config}). */
    public static AveragePooling2D fromConfig(LayerConfig c) {
        return readPoolingConfig(c, builder()).build();
    }

    @Override
    protected Tensor pool(Tensor input, int[] poolSize, int[] strides, Padding2D padding) {
        return input.avgPool2d(poolSize, strides, padding);
    }

    /** Builds a {@link AveragePooling2D}; every option has Keras' default. */
    public static final class Builder extends Pooling2D.Builder<Builder> {
        public AveragePooling2D build() {
            return new AveragePooling2D(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
