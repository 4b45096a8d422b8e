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
import dev.graft.tensor.Tensor;
import java.util.List;

/**
 * Keras' MobileNetV2 (Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks", CVPR 2018):
 * inverted residual blocks with linear bottlenecks, with Keras' architecture, layer names ({@code Conv1},
 * {@code block_1_expand}, ..., {@code out_relu}, {@code predictions}) and official ImageNet weights:
 * <pre>{@code
 * Model base = MobileNetV2.builder().optIncludeTop(false).optInputShape(160, 160, 3).build();  // [batch, 5, 5, 1280]
 * Tensor probabilities = MobileNetV2.create().predict(MobileNetV2.preprocessInput(images));
 * }</pre>
 * Inputs are RGB images {@code [batch, height, width, 3]} at least 32x32 (default 224x224), preprocessed with
 * {@link #preprocessInput(Tensor)}. {@code alpha} scales the width of every block (filters rounded to multiples
 * of 8); ImageNet weights exist for alpha 0.35, 0.5, 0.75, 1.0, 1.3 and 1.4 at 96, 128, 160, 192 and 224 pixels.
 * With alpha 1.0 it has 3,538,984 parameters with the top and 2,257,984 without.
 */
public final class MobileNetV2 {
    /** Where Keras publishes the ImageNet weights. */
    public static final String BASE_WEIGHT_PATH = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/";

    private static final List<Integer> SIZES = List.of(96, 128, 160, 192, 224);
    private static final List<Double> ALPHAS = List.of(0.35, 0.50, 0.75, 1.0, 1.3, 1.4);
    private static final double BN_EPSILON = 1e-3;
    private static final double BN_MOMENTUM = 0.999;

    private MobileNetV2() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Keras' {@code MobileNetV2()}: alpha 1.0, the ImageNet classifier, 224x224x3 in, 1000 softmax scores out. */
    public static Model create() {
        return builder().build();
    }

    /** Keras' {@code mobilenet_v2.preprocess_input}: pixels {@code [0, 255]} scaled to {@code [-1, 1]}. */
    public static Tensor preprocessInput(Tensor images) {
        return PreprocessMode.TF.apply(images);
    }

    /** Keras' {@code mobilenet_v2.decode_predictions} with the official class index (see {@link ImageNetClasses}). */
    public static List<List<Prediction>> decodePredictions(Tensor preds, int top) {
        return ImageNetClasses.decodePredictions(preds, top);
    }

    /**
     * The official ImageNet weights file for {@code alpha} (0.35, 0.5, 0.75, 1.0, 1.3 or 1.4) and {@code rows}
     * (96, 128, 160, 192 or 224): {@code mobilenet_v2_weights_tf_dim_ordering_tf_kernels_<alpha>_<rows>[_no_top].h5},
     * alpha written as Python's {@code str(float(alpha))}. Keras publishes no hash for these files, so none is
     * checked.
     */
    public static RemoteFile weightsFile(double alpha, int rows, boolean includeTop) {
        MobileNetFamilyBuilder.checkWeightsExist("MobileNetV2", ALPHAS, SIZES, alpha, rows);
        String fileName = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_" + alpha + "_" + rows
                + (includeTop ? "" : "_no_top") + ".h5";
        return new RemoteFile(fileName, BASE_WEIGHT_PATH + fileName, null);
    }

    /**
     * Keras' {@code _make_divisible}: {@code v} rounded to the nearest multiple of {@code divisor} (at least
     * {@code divisor}), one multiple more if rounding lost over 10%.
     */
    static int makeDivisible(double v, int divisor) {
        int rounded = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        return rounded < 0.9 * v ? rounded + divisor : rounded;
    }

    /** Builds a MobileNetV2 model; every option has Keras' default. */
    public static final class Builder extends MobileNetFamilyBuilder<Builder> {
        private Builder() {
        }

        @Override
        public Model build() {
            long[] shape = checkOptionsAndObtainInputShape("MobileNetV2", SIZES);
            long rows = shape[0];
            if (weights().isImagenet()) {
                if (!ALPHAS.contains(alpha())) {
                    throw new IllegalArgumentException("If imagenet weights are being loaded, alpha must be one of "
                            + "`0.35`, `0.50`, `0.75`, `1.0`, `1.3` or `1.4` only; Received `alpha=" + alpha() + "`");
                }
                rows = imagenetRows(shape, SIZES);
            }
            SymbolicTensor input = imageInput(shape);

            SymbolicTensor x = Conv2D.builder().setFilters(makeDivisible(32 * alpha(), 8)).setKernelSize(3)
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
            int lastFilters = alpha() > 1.0 ? makeDivisible(1280 * alpha(), 8) : 1280;
            x = Conv2D.builder().setFilters(lastFilters).setKernelSize(1).optUseBias(false).optName("Conv_1")
                    .build().call(x);
            x = batchNorm("Conv_1_bn", x);
            x = relu6("out_relu", x);

            if (includeTop()) {
                x = new GlobalAveragePooling2D().call(x);
                x = Dense.builder().setUnits(classes()).optActivation(classifierActivation()).optName("predictions")
                        .build().call(x);
            } else {
                x = pool(x);
            }
            return createModel(input, x, name(defaultName("mobilenetv2", rows)),
                    weights().isImagenet() ? weightsFile(alpha(), (int) rows, includeTop()) : null);
        }

        /** Keras' {@code _inverted_res_block}: expand (1x1), depthwise (3x3), project (1x1), maybe add. */
        private SymbolicTensor invertedResidual(SymbolicTensor inputs, int filters, int stride, int expansion,
                                                int blockId) {
            long inChannels = inputs.shape().last();
            int pointwiseFilters = makeDivisible((int) (filters * alpha()), 8);
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
