package dev.graft.applications;

import dev.graft.activations.ActivationFunction;
import dev.graft.layers.Activation;
import dev.graft.layers.Add;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.MaxPooling2D;
import dev.graft.layers.Padding;
import dev.graft.layers.SymbolicTensor;
import dev.graft.layers.ZeroPadding2D;
import dev.graft.models.Model;
import dev.graft.tensor.Tensor;
import java.util.List;

/**
 * Keras' ResNet50 (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016; ResNet v1), with Keras'
 * architecture, layer names ({@code conv1_conv}, {@code conv2_block1_0_conv}, ..., {@code conv5_block3_out},
 * {@code avg_pool}, {@code predictions}) and official ImageNet weights: a 7x7 stem, then four stacks of 3, 4, 6
 * and 3 bottleneck blocks, convolutions with biases and BatchNormalization with epsilon 1.001e-5.
 * <pre>{@code
 * Model base = ResNet50.builder().optIncludeTop(false).optInputShape(150, 150, 3).build();  // [batch, 5, 5, 2048]
 * Tensor probabilities = ResNet50.create().predict(ResNet50.preprocessInput(images));
 * }</pre>
 * Inputs are RGB images {@code [batch, height, width, 3]} at least 32x32 (default 224x224), preprocessed with
 * {@link #preprocessInput(Tensor)}. 25,636,712 parameters with the top, 23,587,712 without.
 */
public final class ResNet50 {
    /** The ImageNet weights with the top, as Keras publishes them (MD5). */
    public static final RemoteFile WEIGHTS = new RemoteFile("resnet50_weights_tf_dim_ordering_tf_kernels.h5",
            "https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
                    + "resnet50_weights_tf_dim_ordering_tf_kernels.h5",
            "2cb95161c43110f7111970584f804107");
    /** The ImageNet weights without the top, as Keras publishes them (MD5). */
    public static final RemoteFile WEIGHTS_NO_TOP = new RemoteFile("resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
            "https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
                    + "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
            "4d473c1dd8becc155b73f8504c6f6626");

    private static final int DEFAULT_SIZE = 224;
    private static final int MIN_SIZE = 32;
    private static final double BN_EPSILON = 1.001e-5;

    private ResNet50() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Keras' {@code ResNet50()}: the ImageNet classifier, 224x224x3 in, 1000 softmax scores out. */
    public static Model create() {
        return builder().build();
    }

    /**
     * Keras' {@code resnet50.preprocess_input} ('caffe' mode): RGB to BGR, then each channel minus the ImageNet
     * mean pixel, without scaling.
     */
    public static Tensor preprocessInput(Tensor images) {
        return PreprocessMode.CAFFE.apply(images);
    }

    /** Keras' {@code resnet50.decode_predictions} with the official class index (see {@link ImageNetClasses}). */
    public static List<List<Prediction>> decodePredictions(Tensor preds, int top) {
        return ImageNetClasses.decodePredictions(preds, top);
    }

    /** Builds a ResNet50 model; every option has Keras' default. */
    public static final class Builder extends ApplicationBuilder<Builder> {
        private Builder() {
        }

        @Override
        public Model build() {
            checkCommonOptions("ResNet50");
            SymbolicTensor input = imageInput(obtainInputShape(DEFAULT_SIZE, MIN_SIZE));

            SymbolicTensor x = ZeroPadding2D.builder().optPadding(3).optName("conv1_pad").build().call(input);
            x = Conv2D.builder().setFilters(64).setKernelSize(7).optStrides(2).optName("conv1_conv").build().call(x);
            x = batchNorm("conv1_bn", x);
            x = relu("conv1_relu", x);
            x = ZeroPadding2D.builder().optPadding(1).optName("pool1_pad").build().call(x);
            x = MaxPooling2D.builder().optPoolSize(3).optStrides(2).optName("pool1_pool").build().call(x);

            x = stack(x, 64, 3, 1, "conv2");
            x = stack(x, 128, 4, 2, "conv3");
            x = stack(x, 256, 6, 2, "conv4");
            x = stack(x, 512, 3, 2, "conv5");

            if (includeTop()) {
                x = GlobalAveragePooling2D.builder().optName("avg_pool").build().call(x);
                x = Dense.builder().setUnits(classes()).optActivation(classifierActivation()).optName("predictions")
                        .build().call(x);
            } else {
                x = pool(x, "avg_pool", "max_pool");
            }
            return createModel(input, x, name("resnet50"), includeTop() ? WEIGHTS : WEIGHTS_NO_TOP);
        }

        /** Keras' {@code stack_residual_blocks_v1}: a projection block, then {@code blocks - 1} identity ones. */
        private static SymbolicTensor stack(SymbolicTensor x, int filters, int blocks, int firstStride, String name) {
            x = block(x, filters, firstStride, true, name + "_block1");
            for (int i = 2; i <= blocks; i++) {
                x = block(x, filters, 1, false, name + "_block" + i);
            }
            return x;
        }

        /** Keras' {@code residual_block_v1}: 1x1, 3x3 and 1x1 convolutions ({@code 4 * filters} out) plus the shortcut. */
        private static SymbolicTensor block(SymbolicTensor x, int filters, int stride, boolean convShortcut,
                                            String name) {
            SymbolicTensor shortcut = x;
            if (convShortcut) {
                shortcut = Conv2D.builder().setFilters(4 * filters).setKernelSize(1).optStrides(stride)
                        .optName(name + "_0_conv").build().call(x);
                shortcut = batchNorm(name + "_0_bn", shortcut);
            }
            x = Conv2D.builder().setFilters(filters).setKernelSize(1).optStrides(stride).optName(name + "_1_conv")
                    .build().call(x);
            x = batchNorm(name + "_1_bn", x);
            x = relu(name + "_1_relu", x);
            x = Conv2D.builder().setFilters(filters).setKernelSize(3).optPadding(Padding.SAME)
                    .optName(name + "_2_conv").build().call(x);
            x = batchNorm(name + "_2_bn", x);
            x = relu(name + "_2_relu", x);
            x = Conv2D.builder().setFilters(4 * filters).setKernelSize(1).optName(name + "_3_conv").build().call(x);
            x = batchNorm(name + "_3_bn", x);
            x = Add.builder().optName(name + "_add").build().callSymbolic(List.of(shortcut, x));
            return relu(name + "_out", x);
        }

        private static SymbolicTensor batchNorm(String name, SymbolicTensor x) {
            return BatchNormalization.builder().optEpsilon(BN_EPSILON).optName(name).build().call(x);
        }

        private static SymbolicTensor relu(String name, SymbolicTensor x) {
            return Activation.builder().setActivation(ActivationFunction.RELU).optName(name).build().call(x);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
