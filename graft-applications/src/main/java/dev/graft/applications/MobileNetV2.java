package dev.graft.applications;

import dev.graft.layers.Add;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.DepthwiseConv2D;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Padding;
import dev.graft.layers.ReLU;
import dev.graft.layers.SymbolicTensor;
import dev.graft.layers.ZeroPadding2D;
import dev.graft.models.Model;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Keras' {@code keras.applications.MobileNetV2}: inverted residual blocks with linear bottlenecks, Keras'
 * layer names ({@code Conv1}, {@code block_1_expand}, ..., {@code out_relu}, {@code predictions}), ReLU6,
 * BatchNormalization with epsilon 1e-3 and momentum 0.999. With {@code alpha = 1} it has 3,538,984
 * parameters with the top and 2,257,984 without.
 * <pre>{@code
 * Model base = MobileNetV2.builder().optIncludeTop(false).optInputShape(160, 160, 3).build();
 * }</pre>
 * Inputs are {@code [batch, height, width, 3]} scaled to {@code [-1, 1]} by {@link #preprocessInput}.
 */
public final class MobileNetV2 {
    /** Where Keras keeps the ImageNet weights of every alpha and size. */
    private static final String BASE_WEIGHT_PATH = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/";
    /** The alphas and square sizes Keras has ImageNet weights for. */
    private static final List<Double> IMAGENET_ALPHAS = List.of(0.35, 0.50, 0.75, 1.0, 1.3, 1.4);
    private static final List<Long> IMAGENET_ROWS = List.of(96L, 128L, 160L, 192L, 224L);
    private static final double BN_EPSILON = 1e-3;
    private static final double BN_MOMENTUM = 0.999;

    private MobileNetV2() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Keras' {@code mobilenet_v2.preprocess_input} ('tf' mode): {@code x / 127.5 - 1}, pixel values
     * {@code [0, 255]} to {@code [-1, 1]}. The caller owns the result.
     */
    public static Tensor preprocessInput(Tensor x) {
        return ImagenetPreprocessing.preprocessInput(x, ImagenetPreprocessing.Mode.TF);
    }

    /**
     * The official ImageNet weights file for {@code alpha} and an input of {@code rows x cols} pixels, as Keras
     * picks it: {@code alpha} must be one of 0.35, 0.5, 0.75, 1.0, 1.3 and 1.4; an input that is not square or
     * whose side is not 96, 128, 160, 192 or 224 (or is {@link Shape#UNKNOWN}) gets the 224 weights, as Keras
     * does with a warning. Keras publishes no hash for these files.
     */
    public static OfficialWeights imagenetWeights(double alpha, long rows, long cols, boolean includeTop) {
        if (!IMAGENET_ALPHAS.contains(alpha)) {
            throw new IllegalArgumentException("MobileNetV2: with imagenet weights, alpha must be one of "
                    + "0.35, 0.50, 0.75, 1.0, 1.3 or 1.4; received alpha=" + alpha);
        }
        long size = rows == cols && IMAGENET_ROWS.contains(rows) ? rows : 224;
        // Python's str(float(alpha)): 1.0, 0.35, 0.5, ...
        String fileName = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_" + alpha + "_" + size
                + (includeTop ? "" : "_no_top") + ".h5";
        return new OfficialWeights(fileName, BASE_WEIGHT_PATH + fileName, null);
    }

    /**
     * Keras' {@code _make_divisible}: {@code v} rounded to the nearest multiple of {@code divisor} (at least
     * {@code divisor}), one multiple more if rounding lost over 10%.
     */
    static int makeDivisible(double v, int divisor) {
        int rounded = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        return rounded < 0.9 * v ? rounded + divisor : rounded;
    }

    /** Builds a MobileNetV2 {@link Model}; every option has Keras' default, except weights (none here). */
    public static final class Builder extends ApplicationBuilder<Builder> {
        private double alpha = 1.0;
        private String name;

        /** The width multiplier: {@code < 1} thins every layer, {@code > 1} widens it (default 1.0). */
        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** The model's name (default Keras' {@code mobilenetv2_<alpha>_<rows>}, e.g. {@code mobilenetv2_1.00_224}). */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        @Override
        public Model build() {
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("MobileNetV2 needs a finite alpha > 0, received " + alpha);
            }
            long[] shape = checkOptionsAndResolveInputShape("MobileNetV2", 224);
            SymbolicTensor input = imageInput(shape);

            SymbolicTensor x = Conv2D.builder().setFilters(makeDivisible(32 * alpha, 8)).setKernelSize(3)
                    .optStrides(2).optPadding(Padding.SAME).optUseBias(false).optName("Conv1").build().call(input);
            x = batchNorm("bn_Conv1", x);
            x = relu6("Conv1_relu", x);

            x = invertedResidual(x, 16, 1, 1, 0);
            x = invertedResidual(x, 24, 2, 6, 1);
            x = invertedResidual(x, 24, 1, 6, 2);
            x = invertedResidual(x, 32, 2, 6, 3);
            x = invertedResidual(x, 32, 1, 6, 4);
            x = invertedResidual(x, 32, 1, 6, 5);
            x = invertedResidual(x, 64, 2, 6, 6);
            for (int id = 7; id <= 9; id++) {
                x = invertedResidual(x, 64, 1, 6, id);
            }
            for (int id = 10; id <= 12; id++) {
                x = invertedResidual(x, 96, 1, 6, id);
            }
            x = invertedResidual(x, 160, 2, 6, 13);
            x = invertedResidual(x, 160, 1, 6, 14);
            x = invertedResidual(x, 160, 1, 6, 15);
            x = invertedResidual(x, 320, 1, 6, 16);

            // No alpha on the last convolution below 1, as in the paper; above 1 it widens too.
            int lastFilters = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
            x = Conv2D.builder().setFilters(lastFilters).setKernelSize(1).optUseBias(false).optName("Conv_1")
                    .build().call(x);
            x = batchNorm("Conv_1_bn", x);
            x = relu6("out_relu", x);

            if (includeTop()) {
                x = new GlobalAveragePooling2D().call(x);
                x = Dense.builder().setUnits(classes()).optActivation(classifierActivation()).optName("predictions")
                        .build().call(x);
            } else {
                x = poolWithoutTop(x, null, null);
            }
            return finish(input, x, name != null ? name : defaultName(shape[0]));
        }

        /** Keras' {@code f"mobilenetv2_{alpha:0.2f}_{rows}"}, with Python's rounding and None. */
        private String defaultName(long rows) {
            String a = new BigDecimal(alpha).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
            return "mobilenetv2_" + a + "_" + (rows == Shape.UNKNOWN ? "None" : Long.toString(rows));
        }

        /** Keras' {@code _inverted_res_block}: expand (1x1), depthwise (3x3), project (1x1), maybe add. */
        private SymbolicTensor invertedResidual(SymbolicTensor inputs, int filters, int stride, int expansion,
                                                int blockId) {
            long inChannels = inputs.shape().last();
            int pointwiseFilters = makeDivisible((int) (filters * alpha), 8);
            SymbolicTensor x = inputs;
            String prefix = "block_" + blockId + "_";
            if (blockId > 0) {
                x = Conv2D.builder().setFilters(Math.toIntExact(expansion * inChannels)).setKernelSize(1)
                        .optPadding(Padding.SAME).optUseBias(false).optName(prefix + "expand").build().call(x);
                x = batchNorm(prefix + "expand_BN", x);
                x = relu6(prefix + "expand_relu", x);
            } else {
                prefix = "expanded_conv_";
            }
            if (stride == 2) {
                x = ZeroPadding2D.builder().optPadding(correctPad(x, 3)).optName(prefix + "pad").build().call(x);
            }
            x = DepthwiseConv2D.builder().setKernelSize(3).optStrides(stride).optUseBias(false)
                    .optPadding(stride == 1 ? Padding.SAME : Padding.VALID).optName(prefix + "depthwise").build()
                    .call(x);
            x = batchNorm(prefix + "depthwise_BN", x);
            x = relu6(prefix + "depthwise_relu", x);

            x = Conv2D.builder().setFilters(pointwiseFilters).setKernelSize(1).optPadding(Padding.SAME)
                    .optUseBias(false).optName(prefix + "project").build().call(x);
            x = batchNorm(prefix + "project_BN", x);
            if (inChannels == pointwiseFilters && stride == 1) {
                return Add.builder().optName(prefix + "add").build().callSymbolic(List.of(inputs, x));
            }
            return x;
        }

        private static SymbolicTensor batchNorm(String name, SymbolicTensor x) {
            return BatchNormalization.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).optName(name).build()
                    .call(x);
        }

        private static SymbolicTensor relu6(String name, SymbolicTensor x) {
            return ReLU.builder().optMaxValue(6.0).optName(name).build().call(x);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
