package dev.graft.layers;

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
 * {@code [batch, outHeight, outWidth, filters]}, sizes as in {@link BaseConv2D}.
 *
 * <p>Weights, in this order: {@code depthwise_kernel} {@code [kh, kw, channels, depthMultiplier]},
 * {@code pointwise_kernel} {@code [1, 1, channels * depthMultiplier, filters]} (both glorot_uniform), and
 * {@code bias} {@code [filters]} (zeros).
 */
public final class SeparableConv2D extends BaseConv2D {
    private static final int[] ONE = {1, 1};

    private final int filters;
    private final int depthMultiplier;
    private final Initializer depthwiseInitializer;
    private final Initializer pointwiseInitializer;
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
        this.filters = b.filters;
        this.depthMultiplier = DepthwiseConv2D.checkDepthMultiplier("SeparableConv2D", b.depthMultiplier);
        this.depthwiseInitializer = b.depthwiseInitializer;
        this.pointwiseInitializer = b.pointwiseInitializer;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int filters() {
        return filters;
    }

    public int depthMultiplier() {
        return depthMultiplier;
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("depth_multiplier", depthMultiplier).put("filters", filters);
        writeWindowConfig(c);
        writeActivationConfig(c);
        c.putInitializer("depthwise_initializer", depthwiseInitializer)
                .putInitializer("pointwise_initializer", pointwiseInitializer);
        writeBiasInitializerConfig(c);
        c.putNull("depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer",
                "depthwise_constraint", "pointwise_constraint", "bias_constraint");
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code SeparableConv2D.from_config}), without weights. */
    public static SeparableConv2D fromConfig(LayerConfig c) {
        Builder b = readCommonConfig(c, builder());
        return b.optDepthMultiplier(c.getInt("depth_multiplier", b.depthMultiplier))
                .setFilters(c.getInt("filters"))
                .optDepthwiseInitializer(c.getInitializer("depthwise_initializer", b.depthwiseInitializer))
                .optPointwiseInitializer(c.getInitializer("pointwise_initializer", b.pointwiseInitializer))
                .build();
    }

    @Override
    protected void onBuild(Shape inputShape) {
        long in = Spatial2D.channels(this, inputShape);
        int[] k = kernelSize();
        depthwiseKernel = addWeight("depthwise_kernel", Shape.of(k[0], k[1], in, depthMultiplier),
                depthwiseInitializer, true, DEPTHWISE_KERNEL_MEMORY_ORDER);
        pointwiseKernel = addWeight("pointwise_kernel", Shape.of(1, 1, in * depthMultiplier, filters),
                pointwiseInitializer, true, KERNEL_MEMORY_ORDER);
        bias = addBias(filters);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long in = Spatial2D.channels(this, inputShape);
        if (depthwiseKernel != null && in != depthwiseKernel.shape().get(2)) {
            throw shapeError("an input with " + depthwiseKernel.shape().get(2) + " channels", inputShape);
        }
        return outputShape(inputShape, filters);
    }

    @Override
    protected Tensor convolve(Tensor input, Tensor scale, Tensor shift) {
        Tensor depthwise = DepthwiseConv2D.depthwise(input, depthwiseKernel.value(), null, strides(),
                explicitPadding(input.shape()), dilationRate());
        // The bias belongs to the pointwise step only, as in Keras; so does a folded normalization.
        Tensor k = pointwiseKernel.value();
        Tensor b = bias == null ? null : bias.value();
        if (scale != null) {
            k = k.mul(scale);
            b = foldedBias(b, scale, shift);
        }
        return depthwise.conv2d(k, b, ONE, Padding2D.VALID, ONE, 1);
    }

    /** Builds a {@link SeparableConv2D}: {@link #setFilters} and {@link #setKernelSize} are required. */
    public static final class Builder extends BaseConv2D.Builder<Builder> {
        private int filters = -1;
        private int depthMultiplier = 1;
        private Initializer depthwiseInitializer = new GlorotUniform();
        private Initializer pointwiseInitializer = new GlorotUniform();

        /** The number of output channels. */
        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /** The number of depthwise filters per input channel (default 1). */
        public Builder optDepthMultiplier(int depthMultiplier) {
            this.depthMultiplier = depthMultiplier;
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

        public SeparableConv2D build() {
            return new SeparableConv2D(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
