package dev.graft.applications;

import dev.graft.activations.ActivationFunction;
import dev.graft.initializers.Initializer;
import dev.graft.initializers.VarianceScaling;
import dev.graft.initializers.VarianceScaling.Distribution;
import dev.graft.initializers.VarianceScaling.Mode;
import dev.graft.layers.Activation;
import dev.graft.layers.Add;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.DepthwiseConv2D;
import dev.graft.layers.Dropout;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Multiply;
import dev.graft.layers.Normalization;
import dev.graft.layers.Padding;
import dev.graft.layers.Rescaling;
import dev.graft.layers.Reshape;
import dev.graft.layers.SymbolicTensor;
import dev.graft.layers.ZeroPadding2D;
import dev.graft.models.Model;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.List;

/**
 * Keras' EfficientNetB0 (Tan and Le, "EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks",
 * ICML 2019): mobile inverted bottleneck blocks with squeeze-and-excitation, swish activations and drop-connect,
 * with Keras' architecture, layer names ({@code stem_conv}, {@code block1a_dwconv}, {@code block2b_se_excite},
 * ..., {@code top_activation}, {@code avg_pool}, {@code top_dropout}, {@code predictions}), initializers and
 * official ImageNet weights:
 * <pre>{@code
 * Model base = EfficientNetB0.builder().optIncludeTop(false).optInputShape(150, 150, 3).build();  // [batch, 5, 5, 1280]
 * Tensor probabilities = EfficientNetB0.create().predict(images);   // pixel values in [0, 255]
 * }</pre>
 * Inputs are RGB images {@code [batch, height, width, 3]} at least 32x32 (default 224x224) with pixel values in
 * {@code [0, 255]}: the model's stem rescales them by 1/255 and normalizes them with a {@link Normalization}
 * layer whose statistics come from the weights, so {@link #preprocessInput(Tensor)} is the identity. With
 * ImageNet weights, as in Keras, the stem also divides by the square root of ImageNet's standard deviation per
 * channel, a correction the original model needs (TensorFlow issue 49930); a weights file given as a path
 * gets no such layer. 5,330,571 parameters with the top and 4,049,571 without, 7 of them the Normalization's
 * statistics.
 */
public final class EfficientNetB0 {
    /** The ImageNet weights with the top, as Keras publishes them (MD5). */
    public static final RemoteFile WEIGHTS = new RemoteFile("efficientnetb0.h5",
            "https://storage.googleapis.com/keras-applications/efficientnetb0.h5", "902e53a9f72be733fc0bcb005b3ebbac");
    /** The ImageNet weights without the top, as Keras publishes them (MD5). */
    public static final RemoteFile WEIGHTS_NO_TOP = new RemoteFile("efficientnetb0_notop.h5",
            "https://storage.googleapis.com/keras-applications/efficientnetb0_notop.h5",
            "50bc09e76180e00e4465e1a485ddc09d");

    private static final int DEFAULT_SIZE = 224;
    private static final int MIN_SIZE = 32;
    /** ImageNet's standard deviation per RGB channel, which Keras' stem correction divides by. */
    private static final double[] IMAGENET_STDDEV_RGB = {0.229, 0.224, 0.225};
    private static final double DROPOUT_RATE = 0.2;
    private static final double DROP_CONNECT_RATE = 0.2;
    private static final ActivationFunction ACTIVATION = ActivationFunction.SWISH;
    /** Keras' {@code DEFAULT_BLOCKS_ARGS}; B0's width and depth coefficients (1.0) leave them as they are. */
    private static final List<BlockArgs> BLOCKS = List.of(
            new BlockArgs(3, 1, 32, 16, 1, 1),
            new BlockArgs(3, 2, 16, 24, 6, 2),
            new BlockArgs(5, 2, 24, 40, 6, 2),
            new BlockArgs(3, 3, 40, 80, 6, 2),
            new BlockArgs(5, 3, 80, 112, 6, 1),
            new BlockArgs(5, 4, 112, 192, 6, 2),
            new BlockArgs(3, 1, 192, 320, 6, 1));
    private static final double SE_RATIO = 0.25;

    /** One stage of blocks: Keras' block arguments (id_skip is always true, se_ratio 0.25). */
    private record BlockArgs(int kernelSize, int repeats, int filtersIn, int filtersOut, int expandRatio,
                             int strides) {
    }

    private EfficientNetB0() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Keras' {@code EfficientNetB0()}: the ImageNet classifier, 224x224x3 in, 1000 softmax scores out. */
    public static Model create() {
        return builder().build();
    }

    /**
     * Keras' {@code efficientnet.preprocess_input}: the identity, since the model normalizes its inputs itself.
     * Returns a new tensor with the values of {@code images}; the caller owns it.
     */
    public static Tensor preprocessInput(Tensor images) {
        return images.reshape(images.shape().dims());
    }

    /** Keras' {@code efficientnet.decode_predictions} with the official class index (see {@link ImageNetClasses}). */
    public static List<List<Prediction>> decodePredictions(Tensor preds, int top) {
        return ImageNetClasses.decodePredictions(preds, top);
    }

    /**
     * The stem's input scaling: {@code [0, 255]} to {@code [0, 1]}, the {@link Normalization} (statistics from
     * the weights), and with ImageNet weights Keras' correction, a {@link Rescaling} by {@code 1 / sqrt(stddev)}
     * per RGB channel.
     */
    static SymbolicTensor normalizeInput(SymbolicTensor images, boolean imagenetWeights) {
        SymbolicTensor x = new Rescaling(1.0 / 255.0).call(images);
        x = new Normalization(3).call(x);
        if (imagenetWeights) {
            double[] scales = new double[IMAGENET_STDDEV_RGB.length];
            for (int c = 0; c < scales.length; c++) {
                scales[c] = 1.0 / Math.sqrt(IMAGENET_STDDEV_RGB[c]);
            }
            x = Rescaling.builder().setScale(scales).build().call(x);
        }
        return x;
    }

    /** Keras' {@code CONV_KERNEL_INITIALIZER}, a new one per layer so that each draws its own seed. */
    private static Initializer convInitializer() {
        return new VarianceScaling(2.0, Mode.FAN_OUT, Distribution.TRUNCATED_NORMAL, null);
    }

    /** Keras' {@code DENSE_KERNEL_INITIALIZER}. */
    private static Initializer denseInitializer() {
        return new VarianceScaling(1.0 / 3.0, Mode.FAN_OUT, Distribution.UNIFORM, null);
    }

    /** Builds an EfficientNetB0 model; every option has Keras' default. */
    public static final class Builder extends ApplicationBuilder<Builder> {
        private Builder() {
        }

        @Override
        public Model build() {
            checkCommonOptions("EfficientNetB0");
            SymbolicTensor input = imageInput(obtainInputShape(DEFAULT_SIZE, MIN_SIZE));
            SymbolicTensor x = normalizeInput(input, weights().isImagenet());
            x = ZeroPadding2D.builder().optPadding(correctPad(x, 3)).optName("stem_conv_pad").build().call(x);
            x = Conv2D.builder().setFilters(32).setKernelSize(3).optStrides(2).optPadding(Padding.VALID)
                    .optUseBias(false).optKernelInitializer(convInitializer()).optName("stem_conv").build().call(x);
            x = batchNorm("stem_bn", x);
            x = activation("stem_activation", x);

            int totalBlocks = BLOCKS.stream().mapToInt(BlockArgs::repeats).sum();
            int b = 0;
            for (int i = 0; i < BLOCKS.size(); i++) {
                BlockArgs args = BLOCKS.get(i);
                for (int j = 0; j < args.repeats(); j++) {
                    // The first block of a stage changes the stride and the width; the others keep them.
                    int filtersIn = j == 0 ? args.filtersIn() : args.filtersOut();
                    int strides = j == 0 ? args.strides() : 1;
                    String name = "block" + (i + 1) + (char) ('a' + j) + "_";
                    x = block(x, DROP_CONNECT_RATE * b / totalBlocks, name, filtersIn, args.filtersOut(),
                            args.kernelSize(), strides, args.expandRatio());
                    b++;
                }
            }

            x = Conv2D.builder().setFilters(1280).setKernelSize(1).optPadding(Padding.SAME).optUseBias(false)
                    .optKernelInitializer(convInitializer()).optName("top_conv").build().call(x);
            x = batchNorm("top_bn", x);
            x = activation("top_activation", x);
            if (includeTop()) {
                x = GlobalAveragePooling2D.builder().optName("avg_pool").build().call(x);
                x = Dropout.builder().setRate(DROPOUT_RATE).optName("top_dropout").build().call(x);
                x = Dense.builder().setUnits(classes()).optActivation(classifierActivation())
                        .optKernelInitializer(denseInitializer()).optName("predictions").build().call(x);
            } else {
                x = pool(x, "avg_pool", "max_pool");
            }
            return createModel(input, x, name("efficientnetb0"), includeTop() ? WEIGHTS : WEIGHTS_NO_TOP);
        }

        /**
         * Keras' {@code block}: expansion (1x1), depthwise convolution, squeeze-and-excitation, projection
         * (1x1), and, when the shape is kept, drop-connect and the residual add.
         */
        private static SymbolicTensor block(SymbolicTensor inputs, double dropRate, String name, int filtersIn,
                                            int filtersOut, int kernelSize, int strides, int expandRatio) {
            int filters = filtersIn * expandRatio;
            SymbolicTensor x = inputs;
            if (expandRatio != 1) {
                x = Conv2D.builder().setFilters(filters).setKernelSize(1).optPadding(Padding.SAME).optUseBias(false)
                        .optKernelInitializer(convInitializer()).optName(name + "expand_conv").build().call(x);
                x = batchNorm(name + "expand_bn", x);
                x = activation(name + "expand_activation", x);
            }
            Padding convPad = Padding.SAME;
            if (strides == 2) {
                x = ZeroPadding2D.builder().optPadding(correctPad(x, kernelSize)).optName(name + "dwconv_pad")
                        .build().call(x);
                convPad = Padding.VALID;
            }
            x = DepthwiseConv2D.builder().setKernelSize(kernelSize).optStrides(strides).optPadding(convPad)
                    .optUseBias(false).optDepthwiseInitializer(convInitializer()).optName(name + "dwconv").build()
                    .call(x);
            x = batchNorm(name + "bn", x);
            x = activation(name + "activation", x);

            int filtersSe = Math.max(1, (int) (filtersIn * SE_RATIO));
            SymbolicTensor se = GlobalAveragePooling2D.builder().optName(name + "se_squeeze").build().call(x);
            se = Reshape.builder().setTargetShape(1, 1, filters).optName(name + "se_reshape").build().call(se);
            se = Conv2D.builder().setFilters(filtersSe).setKernelSize(1).optPadding(Padding.SAME)
                    .optActivation(ACTIVATION).optKernelInitializer(convInitializer()).optName(name + "se_reduce")
                    .build().call(se);
            se = Conv2D.builder().setFilters(filters).setKernelSize(1).optPadding(Padding.SAME)
                    .optActivation(ActivationFunction.SIGMOID).optKernelInitializer(convInitializer())
                    .optName(name + "se_expand").build().call(se);
            x = Multiply.builder().optName(name + "se_excite").build().callSymbolic(List.of(x, se));

            x = Conv2D.builder().setFilters(filtersOut).setKernelSize(1).optPadding(Padding.SAME).optUseBias(false)
                    .optKernelInitializer(convInitializer()).optName(name + "project_conv").build().call(x);
            x = batchNorm(name + "project_bn", x);
            if (strides == 1 && filtersIn == filtersOut) {
                if (dropRate > 0) {
                    // Drop-connect: one decision per sample, shared by its whole feature map.
                    x = Dropout.builder().setRate(dropRate).optNoiseShape(Shape.UNKNOWN, 1, 1, 1)
                            .optName(name + "drop").build().call(x);
                }
                x = Add.builder().optName(name + "add").build().callSymbolic(List.of(x, inputs));
            }
            return x;
        }

        private static SymbolicTensor batchNorm(String name, SymbolicTensor x) {
            return BatchNormalization.builder().optName(name).build().call(x);
        }

        private static SymbolicTensor activation(String name, SymbolicTensor x) {
            return Activation.builder().setActivation(ACTIVATION).optName(name).build().call(x);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
