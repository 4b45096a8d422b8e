package dev.graft.layers;

import dev.graft.initializers.GlorotUniform;
import dev.graft.initializers.Initializer;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;

/**
 * A 2D convolution over images {@code [batch, height, width, channels]}, as Keras' {@code Conv2D}:
 * {@code activation(conv(x, kernel) + bias)}, giving {@code [batch, outHeight, outWidth, filters]}.
 *
 * <p>Weights: {@code kernel} {@code [kh, kw, in / groups, filters]} (glorot_uniform), then {@code bias}
 * {@code [filters]} (zeros). Output sizes and padding as in {@link BaseConv2D}.
 */
public final class Conv2D extends BaseConv2D {
    private final int filters;
    private final int groups;
    private final Initializer kernelInitializer;
    private Variable kernel;
    private Variable bias;

    /** {@code Conv2D(filters, kernelSize)} with Keras' defaults: stride 1, 'valid', no activation, a bias. */
    public Conv2D(int filters, int kernelSize) {
        this(builder().setFilters(filters).setKernelSize(kernelSize));
    }

    private Conv2D(Builder b) {
        super(b);
        if (b.filters <= 0) {
            throw new IllegalArgumentException("Conv2D needs filters > 0 (setFilters), received " + b.filters);
        }
        if (b.groups < 1 || b.filters % b.groups != 0) {
            throw new IllegalArgumentException("Conv2D needs groups >= 1 dividing filters, received groups="
                    + b.groups + " and filters=" + b.filters);
        }
        this.filters = b.filters;
        this.groups = b.groups;
        this.kernelInitializer = b.kernelInitializer;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int filters() {
        return filters;
    }

    public int groups() {
        return groups;
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("filters", filters);
        writeWindowConfig(c);
        c.put("groups", groups);
        writeActivationConfig(c);
        c.putInitializer("kernel_initializer", kernelInitializer);
        writeBiasInitializerConfig(c);
        c.putNull("kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                "bias_constraint");
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code Conv2D.from_config}), without weights. */
    public static Conv2D fromConfig(LayerConfig c) {
        Builder b = readCommonConfig(c, builder());
        return b.setFilters(c.getInt("filters"))
                .optGroups(c.getInt("groups", b.groups))
                .optKernelInitializer(c.getInitializer("kernel_initializer", b.kernelInitializer))
                .build();
    }

    @Override
    protected void onBuild(Shape inputShape) {
        long in = Spatial2D.channels(this, inputShape);
        if (in % groups != 0) {
            throw shapeError("a channel count divisible by groups=" + groups, inputShape);
        }
        int[] k = kernelSize();
        kernel = addWeight("kernel", Shape.of(k[0], k[1], in / groups, filters), kernelInitializer, true,
                KERNEL_MEMORY_ORDER);
        bias = addBias(filters);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long in = Spatial2D.channels(this, inputShape);
        if (kernel != null && in != kernel.shape().get(2) * groups) {
            throw shapeError("an input with " + kernel.shape().get(2) * groups + " channels", inputShape);
        }
        if (in % groups != 0) {
            throw shapeError("a channel count divisible by groups=" + groups, inputShape);
        }
        return outputShape(inputShape, filters);
    }

    @Override
    protected Tensor convolve(Tensor input, Tensor scale, Tensor shift) {
        Tensor k = kernel.value();
        Tensor b = bias == null ? null : bias.value();
        if (scale != null) {
            k = k.mul(scale); // [kh, kw, in / groups, filters] * [filters]
            b = foldedBias(b, scale, shift);
        }
        return input.conv2d(k, b, strides(), explicitPadding(input.shape()), dilationRate(), groups);
    }

    /** Builds a {@link Conv2D}: {@link #setFilters} and {@link #setKernelSize} are required. */
    public static final class Builder extends BaseConv2D.Builder<Builder> {
        private int filters = -1;
        private int groups = 1;
        private Initializer kernelInitializer = new GlorotUniform();

        /** The number of output channels. */
        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /**
         * Splits the input channels into {@code groups} independent convolutions (default 1); both the input
         * channels and the filters must be divisible by it.
         */
        public Builder optGroups(int groups) {
            this.groups = groups;
            return this;
        }

        /** The initializer of {@code kernel} (default glorot_uniform). */
        public Builder optKernelInitializer(Initializer initializer) {
            this.kernelInitializer = initializer;
            return this;
        }

        public Conv2D build() {
            return new Conv2D(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
