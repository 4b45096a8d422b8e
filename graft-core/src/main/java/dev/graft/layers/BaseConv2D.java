package dev.graft.layers;

import dev.graft.activations.ActivationFunction;
import dev.graft.initializers.Constant;
import dev.graft.initializers.Initializer;
import dev.graft.tensor.Padding2D;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;

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
