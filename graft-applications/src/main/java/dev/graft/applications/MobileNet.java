package dev.graft.applications;

import dev.graft.layers.Activation;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.DepthwiseConv2D;
import dev.graft.layers.Dropout;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Padding;
import dev.graft.layers.ReLU;
import dev.graft.layers.Reshape;
import dev.graft.layers.SymbolicTensor;
import dev.graft.layers.ZeroPadding2D;
import dev.graft.models.Model;
import dev.graft.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Keras' MobileNet (v1) (Howard et al., "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision
 * Applications", 2017), with Keras' architecture, layer names and official ImageNet weights:
 * <pre>{@code
 * Model small = MobileNet.builder().optAlpha(0.25).build();   // "mobilenet_0.25_224", 475,544 parameters
 * Tensor probabilities = small.predict(MobileNet.preprocessInput(images));
 * }</pre>
 * Inputs are RGB images {@code [batch, height, width, 3]} at least 32x32 (default 224x224), preprocessed with
 * {@link #preprocessInput(Tensor)}. {@code alpha} scales the width of every layer (filters {@code int(f * alpha)});
 * ImageNet weights exist for alpha 0.25, 0.5, 0.75 and 1.0 at 128, 160, 192 and 224 pixels. MobileNet 1.0 has
 * 4,253,864 parameters with the top and 3,228,864 without; MobileNet 0.25 has 475,544 and 218,544.
 */
public final class MobileNet {
    /** Where Keras publishes the ImageNet weights. */
    public static final String BASE_WEIGHT_PATH = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/";

    private static final List<Integer> SIZES = List.of(128, 160, 192, 224);
    private static final List<Double> ALPHAS = List.of(0.25, 0.50, 0.75, 1.0);

    /** SHA-256 of each ImageNet file as Keras publishes them, by "alphaText_rows": {with top, without top}. */
    private static final Map<String, String[]> WEIGHTS_HASHES = Map.ofEntries(
            Map.entry("1_0_128", new String[] {
                "ef1480dcb7f11a75bc5187a74863b3b97c4cfed6b6dd5c78f003ba002a4d7fe6",
                "8fbb8332b956430de61ad4fa1ab261ab5b7922ef1d0f38c30056a485ec0d4ecb"}),
            Map.entry("1_0_160", new String[] {
                "a41aa0195ebe0a5301ab90af589155b42671f78704fd9a2e7dda919c478cd479",
                "22d25b67a8936869b5f0d0c840ba150c90dc89c0b07f8aacd387614be67845d2"}),
            Map.entry("1_0_192", new String[] {
                "bd7e7f6a7cd6690a10aedba3e93bec811240418bd9179546e50c0f4c35899a01",
                "d67556231564ded95aaa7a44004c73aa9696fba267a6817f430eee097af11782"}),
            Map.entry("1_0_224", new String[] {
                "006a2d9484fbea625dd4e6518652c101a3eca052671671c56265fc84f2e1181f",
                "9f9cfd8c925431c06ce96744e1d201575f6a681bf38ae2de38e2ae8f7d7829d3"}),
            Map.entry("7_5_128", new String[] {
                "cafcb7455c36187c93eb7fb3a68e29f76b5761cb2d946d57d1967578e3b05361",
                "dcc5aaa418bbf397a431e79a52be0ad1a61fb6364a9bb6d68b5258f13669c8ba"}),
            Map.entry("7_5_160", new String[] {
                "3ee6f1daa0f9da149bec3311eacfb4451ca236bc126dc25ee191f5bdc6e641be",
                "6056d87ad4e3b341cc8272d68b54a8a113ef0b0e5ab1399e4a801d2942a064fa"}),
            Map.entry("7_5_192", new String[] {
                "a7a2364ee404c19301edb827de693f46eeb46aad13e2c5e73494545e57749eef",
                "b8ea4352b99a87552c0b84c59b59d146b823b684766026ed8f0c68d3aab9e677"}),
            Map.entry("7_5_224", new String[] {
                "811e0307a7e8895a180b81c191033482d99470a0604ea8e88e8d947005067d84",
                "1da9019b66f05a0256dedfed0f321fcaf8bfa71f9facf3f9117e62820be39aa5"}),
            Map.entry("5_0_128", new String[] {
                "26752cdb9ab8459c85fb4cd0f45475bbd3bd25f9225b87bbedd474f5976da145",
                "7f9871530e19990a9a180626566fcc32fb487c70880306592cae219d67179635"}),
            Map.entry("5_0_160", new String[] {
                "71c742137645f19426ea3540bb2933310b0a5f2d3a2d09ee1aea91e348f6fba7",
                "7b15a4d22079138dd889a78cdea8d921a3b73cf7d313ff12f23634c4f71bcace"}),
            Map.entry("5_0_192", new String[] {
                "fabfe055bd26ea40c1c0798c4e22fe1eb437feab111be9f1f722360dff81e040",
                "b848a83f140e284973d80805dc4c184a0a885dadcc1700630a86879c9103d5b1"}),
            Map.entry("5_0_224", new String[] {
                "b4b134ed41de14fd8d6717ab4e88b53e3113194acae392bc41c012ba463906bb",
                "df860c59562f4c4af7a2fb2ae90731caef39fd5d03e5fcd6ca46988965f0a4b7"}),
            Map.entry("2_5_128", new String[] {
                "fe295db7f78635f1403127e3ba8cdc6237f83262bdb745063a67c1d81190c7f8",
                "7d8b7f3c9555cb4579f9659ee233a540e66fd7ad514c0a8b14493b667447c5d6"}),
            Map.entry("2_5_160", new String[] {
                "74b32700eb3f6fb8d0b3f416c3fb52ab5eca35dc82393341eb7bb52676b6b003",
                "c2f18432229c945b816f8b9f9cfa40d2964454b033efea804f6cd03942865bd4"}),
            Map.entry("2_5_192", new String[] {
                "22a302e8a39e545c7372ca96fe8698e3cbbc7d3906f60316e0617c15616f8894",
                "4b7370b9880577f12f31942049d19610a4559c8af38f39dc67d1f90ec9663aa1"}),
            Map.entry("2_5_224", new String[] {
                "98d047950e59f478af63681720906940efc8ce8cecb95bce5c7b47394f8bd63d",
                "dbdb03ee2a22fd895301636cd328b234bb3a9952358f436d82f46b81e0d5b0bf"}));

    private MobileNet() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Keras' {@code MobileNet()}: alpha 1.0, the ImageNet classifier, 224x224x3 in, 1000 softmax scores out. */
    public static Model create() {
        return builder().build();
    }

    /** Keras' {@code mobilenet.preprocess_input}: pixels {@code [0, 255]} scaled to {@code [-1, 1]}. */
    public static Tensor preprocessInput(Tensor images) {
        return PreprocessMode.TF.apply(images);
    }

    /** Keras' {@code mobilenet.decode_predictions} with the official class index (see {@link ImageNetClasses}). */
    public static List<List<Prediction>> decodePredictions(Tensor preds, int top) {
        return ImageNetClasses.decodePredictions(preds, top);
    }

    /**
     * The official ImageNet weights file for {@code alpha} (0.25, 0.5, 0.75 or 1.0) and {@code rows} (128, 160, 192
     * or 224): {@code mobilenet_<alpha>_<rows>_tf[_no_top].h5}, alpha written {@code 1_0}, {@code 7_5},
     * {@code 5_0} or {@code 2_5}, with the SHA-256 Keras publishes.
     */
    public static RemoteFile weightsFile(double alpha, int rows, boolean includeTop) {
        MobileNetFamilyBuilder.checkWeightsExist("MobileNet", ALPHAS, SIZES, alpha, rows);
        String alphaText = alpha == 1.0 ? "1_0" : alpha == 0.75 ? "7_5" : alpha == 0.50 ? "5_0" : "2_5";
        String fileName = "mobilenet_" + alphaText + "_" + rows + (includeTop ? "_tf.h5" : "_tf_no_top.h5");
        String[] hashes = WEIGHTS_HASHES.get(alphaText + "_" + rows);
        return new RemoteFile(fileName, BASE_WEIGHT_PATH + fileName, hashes[includeTop ? 0 : 1]);
    }

    /** Builds a MobileNet model; every option has Keras' default. */
    public static final class Builder extends MobileNetFamilyBuilder<Builder> {
        private int depthMultiplier = 1;
        private double dropout = 1e-3;

        private Builder() {
        }

        /** The depth multiplier of the depthwise convolutions (default 1; only 1 with ImageNet weights). */
        public Builder optDepthMultiplier(int depthMultiplier) {
            this.depthMultiplier = depthMultiplier;
            return this;
        }

        /** The dropout rate before the classifier (default 0.001). */
        public Builder optDropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        @Override
        public Model build() {
            long[] shape = checkOptionsAndObtainInputShape("MobileNet", SIZES);
            long rows = shape[0];
            if (weights().isImagenet()) {
                if (depthMultiplier != 1) {
                    throw new IllegalArgumentException("If imagenet weights are being loaded, depth multiplier must "
                            + "be 1. Received depth_multiplier=" + depthMultiplier);
                }
                if (!ALPHAS.contains(alpha())) {
                    throw new IllegalArgumentException("If imagenet weights are being loaded, alpha can be one of "
                            + "0.25, 0.50, 0.75 or 1.0 only. Received alpha=" + alpha());
                }
                rows = imagenetRows(shape, SIZES);
            }
            SymbolicTensor input = imageInput(shape);

            SymbolicTensor x = convBlock(input, 32);
            int[][] blocks = {
                {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
                {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};
            for (int i = 0; i < blocks.length; i++) {
                x = depthwiseConvBlock(x, blocks[i][0], blocks[i][1], i + 1);
            }

            if (includeTop()) {
                x = GlobalAveragePooling2D.builder().optKeepDims(true).build().call(x);
                x = Dropout.builder().setRate(dropout).optName("dropout").build().call(x);
                x = Conv2D.builder().setFilters(classes()).setKernelSize(1).optPadding(Padding.SAME)
                        .optName("conv_preds").build().call(x);
                x = Reshape.builder().setTargetShape(classes()).optName("reshape_2").build().call(x);
                x = Activation.builder().setActivation(classifierActivation()).optName("predictions").build().call(x);
            } else {
                x = pool(x);
            }
            return createModel(input, x, name(defaultName("mobilenet", rows)),
                    weights().isImagenet() ? weightsFile(alpha(), (int) rows, includeTop()) : null);
        }

        /** The first convolution (3x3, stride 2, 'same'), its BN and ReLU6: conv1, conv1_bn, conv1_relu. */
        private SymbolicTensor convBlock(SymbolicTensor x, int filters) {
            x = Conv2D.builder().setFilters((int) (filters * alpha())).setKernelSize(3).optPadding(Padding.SAME)
                    .optUseBias(false).optStrides(2).optName("conv1").build().call(x);
            x = BatchNormalization.builder().optName("conv1_bn").build().call(x);
            return ReLU.builder().optMaxValue(6.0).optName("conv1_relu").build().call(x);
        }

        /**
         * Block {@code id}: a 3x3 depthwise convolution (after a bottom/right zero padding and 'valid' when
         * strided, 'same' otherwise), BN, ReLU6, a 1x1 convolution to {@code int(filters * alpha)}, BN, ReLU6.
         */
        private SymbolicTensor depthwiseConvBlock(SymbolicTensor x, int filters, int strides, int id) {
            if (strides != 1) {
                x = ZeroPadding2D.builder().optPadding(0, 1, 0, 1).optName("conv_pad_" + id).build().call(x);
            }
            x = DepthwiseConv2D.builder().setKernelSize(3).optPadding(strides == 1 ? Padding.SAME : Padding.VALID)
                    .optDepthMultiplier(depthMultiplier).optStrides(strides).optUseBias(false)
                    .optName("conv_dw_" + id).build().call(x);
            x = BatchNormalization.builder().optName("conv_dw_" + id + "_bn").build().call(x);
            x = ReLU.builder().optMaxValue(6.0).optName("conv_dw_" + id + "_relu").build().call(x);
            x = Conv2D.builder().setFilters((int) (filters * alpha())).setKernelSize(1).optPadding(Padding.SAME)
                    .optUseBias(false).optName("conv_pw_" + id).build().call(x);
            x = BatchNormalization.builder().optName("conv_pw_" + id + "_bn").build().call(x);
            return ReLU.builder().optMaxValue(6.0).optName("conv_pw_" + id + "_relu").build().call(x);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
