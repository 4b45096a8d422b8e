package dev.graft.layers;

import dev.graft.activations.ActivationFunction;
import dev.graft.initializers.Constant;
import dev.graft.initializers.Initializer;
import dev.graft.tensor.Padding2D;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorOperationException;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.List;

/**
 * The common part of {@link Conv2D}, {@link DepthwiseConv2D} and {@link SeparableConv2D} (Keras'
 * {@code BaseConv}): a {@code kernelSize} window moving by {@code strides}, with {@code dilationRate} spacing,
 * over images {@code [batch, height, width, channels]}, then an optional bias and an activation.
 * Output sizes: {@code floor((in - ((k - 1) * dilation + 1)) / stride) + 1} for {@link Padding#VALID},
 * {@code ceil(in / stride)} for {@link Padding#SAME} (TensorFlow's padding, the extra pixel at the bottom and
 * right).
 */
public abstract class BaseConv2D extends Layer {
    private final int[] kernelSize;
    private final int[] strides;
    private final Padding padding;
    private final int[] dilationRate;
    private final ActivationFunction activation;
    private final boolean useBias;
    private final Initializer biasInitializer;

    protected BaseConv2D(Builder<?> b) {
        super(b);
        String type = getClass().getSimpleName();
        if (b.kernelSize == null) {
            throw new IllegalArgumentException(type + " needs a kernel size (setKernelSize)");
        }
        this.kernelSize = Spatial2D.pair(type, "kernelSize", 1, b.kernelSize);
        this.strides = Spatial2D.pair(type, "strides", 1, b.strides);
        this.dilationRate = Spatial2D.pair(type, "dilationRate", 1, b.dilationRate);
        Spatial2D.checkStridesWithDilation(type, strides, dilationRate);
        if (b.padding == null) {
            throw new IllegalArgumentException(type + " needs a padding, 'valid' or 'same'");
        }
        this.padding = b.padding;
        this.activation = b.activation;
        this.useBias = b.useBias;
        this.biasInitializer = b.biasInitializer;
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

    /**
     * Writes the window options, in Keras' order: {@code kernel_size}, {@code strides}, {@code padding},
     * {@code data_format}, {@code dilation_rate}.
     */
    protected final void writeWindowConfig(LayerConfig c) {
        c.putInts("kernel_size", kernelSize).putInts("strides", strides).put("padding", padding.kerasName())
                .put("data_format", "channels_last").putInts("dilation_rate", dilationRate);
    }

    /** Writes {@code activation} and {@code use_bias}. */
    protected final void writeActivationConfig(LayerConfig c) {
        c.putActivation("activation", activation).put("use_bias", useBias);
    }

    /** Writes {@code bias_initializer}. */
    protected final void writeBiasInitializerConfig(LayerConfig c) {
        c.putInitializer("bias_initializer", biasInitializer);
    }

    /**
     * Reads the options every convolution has into {@code b}: the window, {@code activation},
     * {@code use_bias} and {@code bias_initializer}, plus the common ones; Keras' channels-first
     * {@code data_format} and regularizers or constraints are refused.
     */
    protected static <B extends Builder<B>> B readCommonConfig(LayerConfig c, B b) {
        c.common(b);
        Builder<B> base = b;
        b.setKernelSize(c.getInts("kernel_size"))
                .optStrides(c.getInts("strides", base.strides))
                .optPadding(c.getString("padding", base.padding.kerasName()))
                .optDilationRate(c.getInts("dilation_rate", base.dilationRate))
                .optActivation(c.getActivation("activation"))
                .optUseBias(c.getBoolean("use_bias", base.useBias))
                .optBiasInitializer(c.getInitializer("bias_initializer", base.biasInitializer));
        c.expect("data_format", "channels_last");
        return b;
    }

    /** Creates the {@code bias} weight of {@code units} values, or returns null if the layer has none. */
    protected final Variable addBias(long units) {
        return useBias ? addWeight("bias", Shape.of(units), biasInitializer, true) : null;
    }

    /** The window's padding in pixels for an input of {@code inputShape}. */
    protected final Padding2D explicitPadding(Shape inputShape) {
        return Spatial2D.explicit(inputShape, kernelSize, strides, padding, dilationRate);
    }

    /** {@code [batch, outHeight, outWidth, channels]} for an input of {@code inputShape}. */
    protected final Shape outputShape(Shape inputShape, long channels) {
        return Spatial2D.outputShape(this, inputShape, kernelSize, strides, padding, dilationRate, channels);
    }

    @Override
    protected final Tensor forward(Tensor input, boolean training) {
        return activate(convolve(input, null, null));
    }

    /**
     * The convolution and bias, each output channel then multiplied by {@code scale} and shifted by
     * {@code shift} (both {@code [channels]}, or null for none), without the activation. Scaling is applied
     * to the (small) kernel and bias rather than to the output.
     */
    protected abstract Tensor convolve(Tensor input, Tensor scale, Tensor shift);

    /**
     * Whether {@code bn} in the given mode can be folded into this convolution by
     * {@link #callFoldingBatchNorm}: this layer has no activation and {@code bn} normalizes with its moving
     * statistics.
     */
    public final boolean canFold(BatchNormalization bn, boolean bnTraining) {
        return activation == ActivationFunction.LINEAR && bn.usesMovingStatistics(bnTraining)
                && bn.dtype() == dtype();
    }

    /**
     * {@code bn.call(call(input), false)} as one convolution: inference-mode normalization is a per-channel
     * affine map, so it is folded into the kernel and bias ({@code kernel * gamma / sqrt(var + eps)}, as
     * PyTorch's {@code fuse_conv_bn_eval}), which saves a pass over the activations and, when training, the
     * normalization's backward pass. Differentiable with respect to this layer's weights and {@code bn}'s
     * gamma and beta; equal to the two calls up to float rounding. Models call this for a convolution whose
     * only reader is such a normalization; see {@link #canFold}.
     */
    public final Tensor callFoldingBatchNorm(Tensor input, BatchNormalization bn) {
        Tensor x = prepareInput(input);
        bn.computeOutputShape(computeOutputShape(x.shape()));
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> affine = bn.inferenceAffine();
            return scope.keep(convolve(x, affine.get(0), affine.get(1)));
        } catch (TensorOperationException e) {
            throw e.inLayer(describe());
        }
    }

    /** {@code value * scale + shift} per output channel, for a bias that may be absent (null). */
    protected static Tensor foldedBias(Tensor bias, Tensor scale, Tensor shift) {
        return bias == null ? shift : bias.mul(scale).add(shift);
    }

    /**
     * How a kernel {@code [kh, kw, in, out]} is kept in memory: out, in, kh, kw, the layout libtorch's
     * convolutions read, so no call copies or transposes it (see {@link Variable}).
     */
    protected static final int[] KERNEL_MEMORY_ORDER = {3, 2, 0, 1};

    /**
     * How a depthwise kernel {@code [kh, kw, in, multiplier]} is kept in memory: in, multiplier, kh, kw, so that
     * its grouped-convolution form {@code [kh, kw, 1, in * multiplier]} is a copy-free view in that layout too.
     */
    protected static final int[] DEPTHWISE_KERNEL_MEMORY_ORDER = {2, 3, 0, 1};

    /** Applies the activation (none for {@code linear}). */
    protected final Tensor activate(Tensor y) {
        return activation == ActivationFunction.LINEAR ? y : activation.apply(y);
    }

    /** Options every convolution offers; {@link #setKernelSize} is required, the others have Keras' defaults. */
    public abstract static class Builder<B extends Builder<B>> extends Layer.Builder<B> {
        private int[] kernelSize;
        private int[] strides = {1};
        private Padding padding = Padding.VALID;
        private int[] dilationRate = {1};
        private ActivationFunction activation = ActivationFunction.LINEAR;
        private boolean useBias = true;
        private Initializer biasInitializer = Constant.ZEROS;

        /** The window: one size for both axes, or {@code (height, width)}. */
        public B setKernelSize(int... kernelSize) {
            this.kernelSize = kernelSize;
            return self();
        }

        /** The step of the window: one value or {@code (height, width)} (default 1). */
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

        /** The spacing of the kernel taps: one value or {@code (height, width)} (default 1). */
        public B optDilationRate(int... dilationRate) {
            this.dilationRate = dilationRate;
            return self();
        }

        /** The activation after the bias (default linear). */
        public B optActivation(ActivationFunction activation) {
            this.activation = activation;
            return self();
        }

        /** Whether to add a bias (default true). */
        public B optUseBias(boolean useBias) {
            this.useBias = useBias;
            return self();
        }

        /** The initializer of {@code bias} (default zeros). */
        public B optBiasInitializer(Initializer initializer) {
            this.biasInitializer = initializer;
            return self();
        }
    }
}
