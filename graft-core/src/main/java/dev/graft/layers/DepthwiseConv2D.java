package dev.graft.layers;

import dev.graft.initializers.GlorotUniform;
import dev.graft.initializers.Initializer;
import dev.graft.tensor.Padding2D;
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
 * {@code bias} {@code [channels * depthMultiplier]} (zeros). Output sizes as in {@link BaseConv2D}.
 */
public final class DepthwiseConv2D extends BaseConv2D {
    private final int depthMultiplier;
    private final Initializer depthwiseInitializer;
    private Variable depthwiseKernel;
    private Variable bias;

    /** {@code DepthwiseConv2D(kernelSize)} with Keras' defaults: stride 1, 'valid', multiplier 1, a bias. */
    public DepthwiseConv2D(int kernelSize) {
        this(builder().setKernelSize(kernelSize));
    }

    private DepthwiseConv2D(Builder b) {
        super(b);
        this.depthMultiplier = checkDepthMultiplier("DepthwiseConv2D", b.depthMultiplier);
        this.depthwiseInitializer = b.depthwiseInitializer;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int depthMultiplier() {
        return depthMultiplier;
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("depth_multiplier", depthMultiplier);
        writeWindowConfig(c);
        writeActivationConfig(c);
        c.putInitializer("depthwise_initializer", depthwiseInitializer);
        writeBiasInitializerConfig(c);
        c.putNull("depthwise_regularizer", "bias_regularizer", "activity_regularizer", "depthwise_constraint",
                "bias_constraint");
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code DepthwiseConv2D.from_config}), without weights. */
    public static DepthwiseConv2D fromConfig(LayerConfig c) {
        Builder b = readCommonConfig(c, builder());
        return b.optDepthMultiplier(c.getInt("depth_multiplier", b.depthMultiplier))
                .optDepthwiseInitializer(c.getInitializer("depthwise_initializer", b.depthwiseInitializer))
                .build();
    }

    static int checkDepthMultiplier(String layer, int depthMultiplier) {
        if (depthMultiplier < 1) {
            throw new IllegalArgumentException(layer + " needs depthMultiplier >= 1, received " + depthMultiplier);
        }
        return depthMultiplier;
    }

    @Override
    protected void onBuild(Shape inputShape) {
        long in = Spatial2D.channels(this, inputShape);
        int[] k = kernelSize();
        depthwiseKernel = addWeight("depthwise_kernel", Shape.of(k[0], k[1], in, depthMultiplier),
                depthwiseInitializer, true, DEPTHWISE_KERNEL_MEMORY_ORDER);
        bias = addBias(in * depthMultiplier);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long in = Spatial2D.channels(this, inputShape);
        if (depthwiseKernel != null && in != depthwiseKernel.shape().get(2)) {
            throw shapeError("an input with " + depthwiseKernel.shape().get(2) + " channels", inputShape);
        }
        return outputShape(inputShape, in * depthMultiplier);
    }

    @Override
    protected Tensor convolve(Tensor input, Tensor scale, Tensor shift) {
        Tensor k = depthwiseKernel.value();
        Tensor b = bias == null ? null : bias.value();
        if (scale != null) {
            // Output channel c * mult + m scales filter m of input channel c.
            k = k.mul(scale.reshape(k.shape().get(2), k.shape().get(3)));
            b = foldedBias(b, scale, shift);
        }
        return depthwise(input, k, b, strides(), explicitPadding(input.shape()), dilationRate());
    }

    /**
     * A depthwise convolution with a Keras kernel {@code [kh, kw, in, mult]}, as a grouped convolution with
     * {@code groups = in}. Reshaping the kernel to {@code [kh, kw, 1, in * mult]} keeps the row-major order, so
     * output channel {@code c * mult + m} is filter {@code m} of channel {@code c}: group {@code c} owns outputs
     * {@code [c * mult, (c + 1) * mult)}, exactly Keras' channel order.
     */
    static Tensor depthwise(Tensor input, Tensor kernel, Tensor bias, int[] strides, Padding2D padding,
                            int[] dilation) {
        Shape k = kernel.shape();
        Tensor grouped = kernel.reshape(k.get(0), k.get(1), 1, k.get(2) * k.get(3));
        return input.conv2d(grouped, bias, strides, padding, dilation, Math.toIntExact(k.get(2)));
    }

    /** Builds a {@link DepthwiseConv2D}: {@link #setKernelSize} is required. */
    public static final class Builder extends BaseConv2D.Builder<Builder> {
        private int depthMultiplier = 1;
        private Initializer depthwiseInitializer = new GlorotUniform();

        /** The number of filters per input channel (default 1). */
        public Builder optDepthMultiplier(int depthMultiplier) {
            this.depthMultiplier = depthMultiplier;
            return this;
        }

        /** The initializer of {@code depthwise_kernel} (default glorot_uniform). */
        public Builder optDepthwiseInitializer(Initializer initializer) {
            this.depthwiseInitializer = initializer;
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
