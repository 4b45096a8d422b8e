package dev.graft.layers;

import dev.graft.activations.ActivationFunction;
import dev.graft.initializers.Constant;
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
 * {@code [filters]} (zeros). Output sizes: {@code floor((in - ((k - 1) * dilation + 1)) / stride) + 1} for
 * {@link Padding#VALID}, {@code ceil(in / stride)} for {@link Padding#SAME} (TensorFlow's padding, the extra
 * pixel at the bottom and right).
 */
public final class Conv2D extends Layer {
    private final int filters;
    private final int[] kernelSize;
    private final int[] strides;
    private final Padding padding;
    private final int[] dilationRate;
    private final int groups;
    private final ActivationFunction activation;
    private final boolean useBias;
    private final Initializer kernelInitializer;
    private final Initializer biasInitializer;
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
        if (b.kernelSize == null) {
            throw new IllegalArgumentException("Conv2D needs a kernel size (setKernelSize)");
        }
        this.kernelSize = Spatial2D.pair("Conv2D", "kernelSize", 1, b.kernelSize);
        this.strides = Spatial2D.pair("Conv2D", "strides", 1, b.strides);
        this.dilationRate = Spatial2D.pair("Conv2D", "dilationRate", 1, b.dilationRate);
        Spatial2D.checkStridesWithDilation("Conv2D", strides, dilationRate);
        if (b.groups < 1 || b.filters % b.groups != 0) {
            throw new IllegalArgumentException("Conv2D needs groups >= 1 dividing filters, received groups="
                    + b.groups + " and filters=" + b.filters);
        }
        if (b.padding == null) {
            throw new IllegalArgumentException("Conv2D needs a padding, 'valid' or 'same'");
        }
        this.filters = b.filters;
        this.padding = b.padding;
        this.groups = b.groups;
        this.activation = b.activation;
        this.useBias = b.useBias;
        this.kernelInitializer = b.kernelInitializer;
        this.biasInitializer = b.biasInitializer;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int filters() {
        return filters;
    }

    /** {@code (kh, kw)}. */
    public int[] kernelSize() {
        return kernelSize.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    public Padding padding() {
        return padding;
    }

    public int[] dilationRate() {
        return dilationRate.clone();
    }

    public int groups() {
        return groups;
    }

    @Override
    protected void onBuild(Shape inputShape) {
        long in = Spatial2D.channels(this, inputShape);
        if (in % groups != 0) {
            throw shapeError("a channel count divisible by groups=" + groups, inputShape);
        }
        kernel = addWeight("kernel", Shape.of(kernelSize[0], kernelSize[1], in / groups, filters),
                kernelInitializer, true);
        if (useBias) {
            bias = addWeight("bias", Shape.of(filters), biasInitializer, true);
        }
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
        return Spatial2D.outputShape(this, inputShape, kernelSize, strides, padding, dilationRate, filters);
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        Tensor y = input.conv2d(kernel.value(), bias == null ? null : bias.value(), strides,
                Spatial2D.explicit(input.shape(), kernelSize, strides, padding, dilationRate), dilationRate, groups);
        return activation == ActivationFunction.LINEAR ? y : activation.apply(y);
    }

    /** Builds a {@link Conv2D}: {@link #setFilters} and {@link #setKernelSize} are required. */
    public static final class Builder extends Layer.Builder<Builder> {
        private int filters = -1;
        private int[] kernelSize;
        private int[] strides = {1};
        private Padding padding = Padding.VALID;
        private int[] dilationRate = {1};
        private int groups = 1;
        private ActivationFunction activation = ActivationFunction.LINEAR;
        private boolean useBias = true;
        private Initializer kernelInitializer = new GlorotUniform();
        private Initializer biasInitializer = Constant.ZEROS;

        /** The number of output channels. */
        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /** The window: one size for both axes, or {@code (height, width)}. */
        public Builder setKernelSize(int... kernelSize) {
            this.kernelSize = kernelSize;
            return this;
        }

        /** The step of the window: one value or {@code (height, width)} (default 1). */
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

        /** The spacing of the kernel taps: one value or {@code (height, width)} (default 1). */
        public Builder optDilationRate(int... dilationRate) {
            this.dilationRate = dilationRate;
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

        public Builder optActivation(ActivationFunction activation) {
            this.activation = activation;
            return this;
        }

        public Builder optUseBias(boolean useBias) {
            this.useBias = useBias;
            return this;
        }

        public Builder optKernelInitializer(Initializer initializer) {
            this.kernelInitializer = initializer;
            return this;
        }

        public Builder optBiasInitializer(Initializer initializer) {
            this.biasInitializer = initializer;
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
