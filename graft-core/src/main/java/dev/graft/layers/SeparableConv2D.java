package dev.graft.layers;

import dev.graft.activations.ActivationFunction;
import dev.graft.initializers.Constant;
import dev.graft.initializers.GlorotUniform;
import dev.graft.initializers.Initializer;
import dev.graft.tensor.Padding2D;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;

/**
 * A depthwise-separable 2D convolution over images {@code [batch, height, width, channels]}, as Keras'
 * {@code SeparableConv2D}: a {@link DepthwiseConv2D} step (strides, padding and dilation apply here), then a
 * 1x1 convolution to {@code filters} channels, then the bias and the activation. Output
 * {@code [batch, outHeight, outWidth, filters]}, sizes as in {@link Conv2D}.
 *
 * <p>Weights, in this order: {@code depthwise_kernel} {@code [kh, kw, channels, depthMultiplier]},
 * {@code pointwise_kernel} {@code [1, 1, channels * depthMultiplier, filters]} (both glorot_uniform), and
 * {@code bias} {@code [filters]} (zeros).
 */
public final class SeparableConv2D extends Layer {
    private static final int[] ONE = {1, 1};

    private final int filters;
    private final int[] kernelSize;
    private final int[] strides;
    private final Padding padding;
    private final int depthMultiplier;
    private final int[] dilationRate;
    private final ActivationFunction activation;
    private final boolean useBias;
    private final Initializer depthwiseInitializer;
    private final Initializer pointwiseInitializer;
    private final Initializer biasInitializer;
    private Variable depthwiseKernel;
    private Variable pointwiseKernel;
    private Variable bias;

    /** {@code SeparableConv2D(filters, kernelSize)} with Keras' defaults: stride 1, 'valid', multiplier 1, a bias. */
    public SeparableConv2D(int filters, int kernelSize) {
        this(builder().setFilters(filters).setKernelSize(kernelSize));
    }

    private SeparableConv2D(Builder b) {
        super(b);
        if (b.filters <= 0) {
            throw new IllegalArgumentException("SeparableConv2D needs filters > 0 (setFilters), received "
                    + b.filters);
        }
        if (b.kernelSize == null) {
            throw new IllegalArgumentException("SeparableConv2D needs a kernel size (setKernelSize)");
        }
        this.kernelSize = Spatial2D.pair("SeparableConv2D", "kernelSize", 1, b.kernelSize);
        this.strides = Spatial2D.pair("SeparableConv2D", "strides", 1, b.strides);
        this.dilationRate = Spatial2D.pair("SeparableConv2D", "dilationRate", 1, b.dilationRate);
        Spatial2D.checkStridesWithDilation("SeparableConv2D", strides, dilationRate);
        if (b.depthMultiplier < 1) {
            throw new IllegalArgumentException("SeparableConv2D needs depthMultiplier >= 1, received "
                    + b.depthMultiplier);
        }
        if (b.padding == null) {
            throw new IllegalArgumentException("SeparableConv2D needs a padding, 'valid' or 'same'");
        }
        this.filters = b.filters;
        this.padding = b.padding;
        this.depthMultiplier = b.depthMultiplier;
        this.activation = b.activation;
        this.useBias = b.useBias;
        this.depthwiseInitializer = b.depthwiseInitializer;
        this.pointwiseInitializer = b.pointwiseInitializer;
        this.biasInitializer = b.biasInitializer;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int filters() {
        return filters;
    }

    public int[] kernelSize() {
        return kernelSize.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    public Padding padding() {
        return padding;
    }

    public int depthMultiplier() {
        return depthMultiplier;
    }

    public int[] dilationRate() {
        return dilationRate.clone();
    }

    @Override
    protected void onBuild(Shape inputShape) {
        long in = Spatial2D.channels(this, inputShape);
        depthwiseKernel = addWeight("depthwise_kernel", Shape.of(kernelSize[0], kernelSize[1], in, depthMultiplier),
                depthwiseInitializer, true);
        pointwiseKernel = addWeight("pointwise_kernel", Shape.of(1, 1, in * depthMultiplier, filters),
                pointwiseInitializer, true);
        if (useBias) {
            bias = addWeight("bias", Shape.of(filters), biasInitializer, true);
        }
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long in = Spatial2D.channels(this, inputShape);
        if (depthwiseKernel != null && in != depthwiseKernel.shape().get(2)) {
            throw shapeError("an input with " + depthwiseKernel.shape().get(2) + " channels", inputShape);
        }
        return Spatial2D.outputShape(this, inputShape, kernelSize, strides, padding, dilationRate, filters);
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        Tensor depthwise = DepthwiseConv2D.depthwise(input, depthwiseKernel.value(), null, kernelSize, strides,
                padding, dilationRate);
        // The bias belongs to the pointwise step only, as in Keras.
        Tensor y = depthwise.conv2d(pointwiseKernel.value(), bias == null ? null : bias.value(), ONE,
                Padding2D.VALID, ONE, 1);
        return activation == ActivationFunction.LINEAR ? y : activation.apply(y);
    }

    /** Builds a {@link SeparableConv2D}: {@link #setFilters} and {@link #setKernelSize} are required. */
    public static final class Builder extends Layer.Builder<Builder> {
        private int filters = -1;
        private int[] kernelSize;
        private int[] strides = {1};
        private Padding padding = Padding.VALID;
        private int depthMultiplier = 1;
        private int[] dilationRate = {1};
        private ActivationFunction activation = ActivationFunction.LINEAR;
        private boolean useBias = true;
        private Initializer depthwiseInitializer = new GlorotUniform();
        private Initializer pointwiseInitializer = new GlorotUniform();
        private Initializer biasInitializer = Constant.ZEROS;

        /** The number of output channels. */
        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /** The depthwise window: one size for both axes, or {@code (height, width)}. */
        public Builder setKernelSize(int... kernelSize) {
            this.kernelSize = kernelSize;
            return this;
        }

        /** The step of the depthwise window: one value or {@code (height, width)} (default 1). */
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

        /** The number of depthwise filters per input channel (default 1). */
        public Builder optDepthMultiplier(int depthMultiplier) {
            this.depthMultiplier = depthMultiplier;
            return this;
        }

        /** The spacing of the depthwise kernel taps: one value or {@code (height, width)} (default 1). */
        public Builder optDilationRate(int... dilationRate) {
            this.dilationRate = dilationRate;
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

        /** The initializer of {@code depthwise_kernel} (default glorot_uniform). */
        public Builder optDepthwiseInitializer(Initializer initializer) {
            this.depthwiseInitializer = initializer;
            return this;
        }

        /** The initializer of {@code pointwise_kernel} (default glorot_uniform). */
        public Builder optPointwiseInitializer(Initializer initializer) {
            this.pointwiseInitializer = initializer;
            return this;
        }

        public Builder optBiasInitializer(Initializer initializer) {
            this.biasInitializer = initializer;
            return this;
        }

        public SeparableConv2D build() {
            return new SeparableConv2D(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
