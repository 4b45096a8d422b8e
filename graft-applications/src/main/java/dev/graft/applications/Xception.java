package dev.graft.applications;

import dev.graft.layers.Activation;
import dev.graft.layers.Add;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.MaxPooling2D;
import dev.graft.layers.Padding;
import dev.graft.layers.SeparableConv2D;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.tensor.Tensor;
import java.util.List;

/**
 * Keras' Xception (Chollet, "Xception: Deep Learning with Depthwise Separable Convolutions", CVPR 2017), with
 * Keras' architecture, layer names and official ImageNet weights:
 * <pre>{@code
 * Model base = Xception.builder().optIncludeTop(false).optInputShape(150, 150, 3).build();  // [batch, 5, 5, 2048]
 * Model classifier = Xception.create();     // 299x299x3 -> [batch, 1000] softmax, ImageNet weights
 * Tensor probabilities = classifier.predict(Xception.preprocessInput(images));
 * List<List<Prediction>> top5 = Xception.decodePredictions(probabilities, 5);
 * }</pre>
 * Inputs are RGB images {@code [batch, height, width, 3]} at least 71x71 (default 299x299), preprocessed with
 * {@link #preprocessInput(Tensor)}. 22,910,480 parameters with the top, 20,861,480 without.
 */
public final class Xception {
    /** The ImageNet weights with the top, as Keras publishes them (MD5). */
    public static final RemoteFile WEIGHTS = new RemoteFile("xception_weights_tf_dim_ordering_tf_kernels.h5",
            "https://storage.googleapis.com/tensorflow/keras-applications/xception/"
                    + "xception_weights_tf_dim_ordering_tf_kernels.h5",
            "0a58e3b7378bc2990ea3b43d5981f1f6");
    /** The ImageNet weights without the top, as Keras publishes them (MD5). */
    public static final RemoteFile WEIGHTS_NO_TOP = new RemoteFile("xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
            "https://storage.googleapis.com/tensorflow/keras-applications/xception/"
                    + "xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
            "b0042744bf5b25fce3cb969f33bebb97");

    private static final int DEFAULT_SIZE = 299;
    private static final int MIN_SIZE = 71;

    private Xception() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Keras' {@code Xception()}: the ImageNet classifier, 299x299x3 in, 1000 softmax scores out. */
    public static Model create() {
        return builder().build();
    }

    /** Keras' {@code xception.preprocess_input}: pixels {@code [0, 255]} scaled to {@code [-1, 1]}. */
    public static Tensor preprocessInput(Tensor images) {
        return PreprocessMode.TF.apply(images);
    }

    /** Keras' {@code xception.decode_predictions} with the official class index (see {@link ImageNetClasses}). */
    public static List<List<Prediction>> decodePredictions(Tensor preds, int top) {
        return ImageNetClasses.decodePredictions(preds, top);
    }

    /** Builds an Xception model; every option has Keras' default. */
    public static final class Builder extends ApplicationBuilder<Builder> {
        private Builder() {
        }

        @Override
        public Model build() {
            checkCommonOptions("Xception");
            long[] shape = obtainInputShape(DEFAULT_SIZE, MIN_SIZE);
            SymbolicTensor input = imageInput(shape);

            SymbolicTensor x = conv(32, 3, 2, "block1_conv1").call(input);
            x = batchNorm("block1_conv1_bn").call(x);
            x = relu("block1_conv1_act").call(x);
            x = conv(64, 3, 1, "block1_conv2").call(x);
            x = batchNorm("block1_conv2_bn").call(x);
            x = relu("block1_conv2_act").call(x);

            // Entry flow: blocks 2-4 halve the size, with a strided 1x1 convolution on the shortcut.
            x = entryBlock(x, 128, 2, false);
            x = entryBlock(x, 256, 3, true);
            x = entryBlock(x, 728, 4, true);

            // Middle flow: blocks 5-12, three separable convolutions around an identity shortcut.
            for (int block = 5; block <= 12; block++) {
                String prefix = "block" + block;
                SymbolicTensor residual = x;
                for (int i = 1; i <= 3; i++) {
                    x = relu(prefix + "_sepconv" + i + "_act").call(x);
                    x = sepConv(728, prefix + "_sepconv" + i).call(x);
                    x = batchNorm(prefix + "_sepconv" + i + "_bn").call(x);
                }
                x = add(x, residual);
            }

            // Exit flow.
            SymbolicTensor residual = shortcut(x, 1024);
            x = relu("block13_sepconv1_act").call(x);
            x = sepConv(728, "block13_sepconv1").call(x);
            x = batchNorm("block13_sepconv1_bn").call(x);
            x = relu("block13_sepconv2_act").call(x);
            x = sepConv(1024, "block13_sepconv2").call(x);
            x = batchNorm("block13_sepconv2_bn").call(x);
            x = maxPool("block13_pool").call(x);
            x = add(x, residual);

            x = sepConv(1536, "block14_sepconv1").call(x);
            x = batchNorm("block14_sepconv1_bn").call(x);
            x = relu("block14_sepconv1_act").call(x);
            x = sepConv(2048, "block14_sepconv2").call(x);
            x = batchNorm("block14_sepconv2_bn").call(x);
            x = relu("block14_sepconv2_act").call(x);

            if (includeTop()) {
                x = GlobalAveragePooling2D.builder().optName("avg_pool").build().call(x);
                x = Dense.builder().setUnits(classes()).optActivation(classifierActivation()).optName("predictions")
                        .build().call(x);
            } else {
                x = pool(x);
            }
            return createModel(input, x, name("xception"), includeTop() ? WEIGHTS : WEIGHTS_NO_TOP);
        }

        /**
         * Blocks 2-4: (ReLU,) separable convolution, BN, ReLU, separable convolution, BN, 3x3 max pooling with
         * stride 2, plus the shortcut. Block 2 starts without a ReLU and names its only ReLU {@code sepconv2_act}.
         */
        private static SymbolicTensor entryBlock(SymbolicTensor x, int filters, int block, boolean firstRelu) {
            String prefix = "block" + block;
            SymbolicTensor residual = shortcut(x, filters);
            if (firstRelu) {
                x = relu(prefix + "_sepconv1_act").call(x);
            }
            x = sepConv(filters, prefix + "_sepconv1").call(x);
            x = batchNorm(prefix + "_sepconv1_bn").call(x);
            x = relu(prefix + "_sepconv2_act").call(x);
            x = sepConv(filters, prefix + "_sepconv2").call(x);
            x = batchNorm(prefix + "_sepconv2_bn").call(x);
            x = maxPool(prefix + "_pool").call(x);
            return add(x, residual);
        }

        /** The strided 1x1 convolution and BN of a shortcut, with Keras' default names (conv2d, batch_normalization). */
        private static SymbolicTensor shortcut(SymbolicTensor x, int filters) {
            SymbolicTensor r = Conv2D.builder().setFilters(filters).setKernelSize(1).optStrides(2)
                    .optPadding(Padding.SAME).optUseBias(false).build().call(x);
            return new BatchNormalization().call(r);
        }

        private static Conv2D conv(int filters, int kernel, int strides, String name) {
            return Conv2D.builder().setFilters(filters).setKernelSize(kernel).optStrides(strides).optUseBias(false)
                    .optName(name).build();
        }

        private static SeparableConv2D sepConv(int filters, String name) {
            return SeparableConv2D.builder().setFilters(filters).setKernelSize(3).optPadding(Padding.SAME)
                    .optUseBias(false).optName(name).build();
        }

        private static BatchNormalization batchNorm(String name) {
            return BatchNormalization.builder().optName(name).build();
        }

        private static Activation relu(String name) {
            return Activation.builder().setActivation("relu").optName(name).build();
        }

        private static MaxPooling2D maxPool(String name) {
            return MaxPooling2D.builder().optPoolSize(3).optStrides(2).optPadding(Padding.SAME).optName(name).build();
        }

        private static SymbolicTensor add(SymbolicTensor a, SymbolicTensor b) {
            return new Add().callSymbolic(List.of(a, b));
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
