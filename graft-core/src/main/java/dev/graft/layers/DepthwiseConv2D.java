package dev.graft.layers;

import dev.graft.activations.ActivationFunction;
import dev.graft.initializers.Constant;
import dev.graft.initializers.GlorotUniform;
import dev.graft.initializers.Initializer;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;

/**
 * A depthwise 2D convolution over images {@code [batch, height, width, channels]}, as Keras'
 * {@code DepthwiseConv2D}: each input channel is convolved with its own {@code depthMultiplier} filters, giving
 * {@code [batch, outHeight, outWidth, channels * depthMultiplier]}; output channel {@code c * depthMultiplier + m}
 * comes from input channel {@code c} and filter {@code m}, as in Keras.
 *
 * <p>Weights: {@code depthwise_kernel} {@code [kh, kw, channels, depthMultiplier]} (glorot_uniform), then
 * {@code bias} {@code [channels * depthMultiplier]} (zeros). Output sizes follow {@link Conv2D}.
 */
public final class DepthwiseConv2D extends Layer {
    private final int[] kernelSize;
    private final int[] strides;
    private final Padding padding;
    private final int depthMultiplier;
    private final int[] dilationRate;
    private final ActivationFunction activation;
    private final boolean useBias;
    private final Initializer depthwiseInitializer;
    private final Initializer biasInitializer;
    private Variable depthwiseKernel;
    private Variable bias;

    /** {@code DepthwiseConv2D(kernelSize)} with Keras' defaults: stride 1, 'valid', multiplier 1, a bias. */
    public DepthwiseConv2D(int kernelSize) {
        this(builder().setKernelSize(kernelSize));
    }

    private DepthwiseConv2D(Builder b) {
        super(b);
        if (b.kernelSize == null) {
            throw new IllegalArgumentException("DepthwiseConv2D needs a kernel size (setKernelSize)");
        }
        this.kernelSize = Spatial2D.pair("DepthwiseConv2D", "kernelSize", 1, b.kernelSize);
        this.strides = Spatial2D.pair("DepthwiseConv2D", "strides", 1, b.strides);
        this.dilationRate = Spatial2D.pair("DepthwiseConv2D", "dilationRate", 1, b.dilationRate);
        Spatial2D.checkStridesWithDilation("DepthwiseConv2D", strides, dilationRate);
        if (b.depthMultiplier < 1) {
            throw new IllegalArgumentException("DepthwiseConv2D needs depthMultiplier >= 1, received "
                    + b.depthMultiplier);
        }
        if (b.padding == null) {
            throw new IllegalArgumentException("DepthwiseConv2D needs a padding, 'valid' or 'same'");
        }
        this.padding = b.padding;
        this.depthMultiplier = b.depthMultiplier;
        this.activation = b.activation;
        this.useBias = b.useBias;
        this.depthwiseInitializer = b.depthwiseInitializer;
        this.biasInitializer = b.biasInitializer;
    }

    public static Builder builder() {
        return new Builder();
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
        if (useBias) {
            bias = addWeight("bias", Shape.of(in * depthMultiplier), biasInitializer, true);
        }
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long in = Spatial2D.channels(this, inputShape);
        if (depthwiseKernel != null && in != depthwiseKernel.shape().get(2)) {
            throw shapeError("an input with " + depthwiseKernel.shape().get(2) + " channels", inputShape);
        }
        return Spatial2D.outputShape(this, inputShape, kernelSize, strides, padding, dilationRate,
                in * depthMultiplier);
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        Tensor y = depthwise(input, depthwiseKernel.value(), bias == null ? null : bias.value(), kernelSize, strides,
                padding, dilationRate);
        return activation == ActivationFunction.LINEAR ? y : activation.apply(y);
    }

    /**
     * A depthwise convolution with a Keras kernel {@code [kh, kw, in, mult]}, as a grouped convolution with
     * {@code groups = in}. Reshaping the kernel to {@code [kh, kw, 1, in * mult]} keeps the row-major order, so
     * output channel {@code c * mult + m} is filter {@code m} of channel {@code c}: group {@code c} owns outputs
     * {@code [c * mult, (c + 1) * mult)}, exactly Keras' channel order.
     */
    static Tensor depthwise(Tensor input, Tensor kernel, Tensor bias, int[] kernelSize, int[] strides,
                            Padding padding, int[] dilation) {
        long in = kernel.shape().get(2);
        long mult = kernel.shape().get(3);
        Tensor grouped = kernel.reshape(kernelSize[0], kernelSize[1], 1, in * mult);
        return input.conv2d(grouped, bias, strides, Spatial2D.explicit(input.shape(), kernelSize, strides, padding,
                dilation), dilation, Math.toIntExact(in));
    }

    /** Builds a {@link DepthwiseConv2D}: {@link #setKernelSize} is required. */
    public static final class Builder extends Layer.Builder<Builder> {
        private int[] kernelSize;
        private int[] strides = {1};
        private Padding padding = Padding.VALID;
        private int depthMultiplier = 1;
        private int[] dilationRate = {1};
        private ActivationFunction activation = ActivationFunction.LINEAR;
        private boolean useBias = true;
        private Initializer depthwiseInitializer = new GlorotUniform();
        private Initializer biasInitializer = Constant.ZEROS;

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

        /** The number of filters per input channel (default 1). */
        public Builder optDepthMultiplier(int depthMultiplier) {
            this.depthMultiplier = depthMultiplier;
            return this;
        }

        /** The spacing of the kernel taps: one value or {@code (height, width)} (default 1). */
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

        public Builder optBiasInitializer(Initializer initializer) {
            this.biasInitializer = initializer;
            return this;
        }

        public DepthwiseConv2D build() {
            return new DepthwiseConv2D(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
