package dev.graft.applications;

import static dev.graft.applications.XceptionTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.DepthwiseConv2D;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.GlobalMaxPooling2D;
import dev.graft.layers.Layer;
import dev.graft.layers.ReLU;
import dev.graft.layers.ZeroPadding2D;
import dev.graft.models.Model;
import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MobileNetTest {
    @TempDir
    Path dir;

    private static MobileNet.Builder random(double alpha) {
        return MobileNet.builder().optAlpha(alpha).optWeights(Weights.none());
    }

    @Test
    void parameterCountsAreKeras() {
        assertParams(random(1.0), 4_253_864, "mobilenet_1.00_224");
        assertParams(random(1.0).optIncludeTop(false), 3_228_864, "mobilenet_1.00_None");
        assertParams(random(0.25), 475_544, "mobilenet_0.25_224");
        assertParams(random(0.25).optIncludeTop(false).optInputShape(224, 224, 3), 218_544, "mobilenet_0.25_224");
        assertParams(random(0.5).optIncludeTop(false).optPooling(Pooling.AVG), 829_536, "mobilenet_0.50_None");
        assertParams(random(0.75).optIncludeTop(false).optPooling(Pooling.MAX).optInputShape(150, 150, 3), 1_832_976,
                "mobilenet_0.75_150");
    }

    private static void assertParams(MobileNet.Builder builder, long params, String name) {
        try (Model model = builder.build()) {
            assertEquals(params, model.countParams(), name);
            assertEquals(name, model.name());
        }
    }

    @Test
    void layerNamesAndShapesAreKeras() {
        try (Model model = random(1.0).build()) {
            // input, conv1 block (3), 13 blocks of 6, 4 paddings before the strided blocks, the top (5).
            assertEquals(1 + 3 + 13 * 6 + 4 + 5, model.layers().size());
            List<String> names = model.layers().stream().map(Layer::name).toList();
            assertEquals(List.of("conv1", "conv1_bn", "conv1_relu", "conv_dw_1", "conv_dw_1_bn", "conv_dw_1_relu",
                    "conv_pw_1", "conv_pw_1_bn", "conv_pw_1_relu", "conv_pad_2", "conv_dw_2"), names.subList(1, 12));
            assertEquals(List.of("conv_pw_13_relu"), names.subList(85, 86));
            assertTrue(names.get(86).startsWith("global_average_pooling2d"), names.get(86));
            assertEquals(List.of("dropout", "conv_preds", "reshape_2", "predictions"), names.subList(87, 91));
            assertEquals(List.of("conv_pad_2", "conv_pad_4", "conv_pad_6", "conv_pad_12"), model.layers().stream()
                    .filter(l -> l instanceof ZeroPadding2D).map(Layer::name).toList());
            ZeroPadding2D pad = (ZeroPadding2D) model.getLayer("conv_pad_2");
            assertArrayEquals(new int[][] {{0, 1}, {0, 1}}, pad.padding());
            assertEquals(6.0, ((ReLU) model.getLayer("conv_dw_7_relu")).maxValue());
            assertEquals(Shape.batchOf(1, 1, 1024), ((GlobalAveragePooling2D) model.layers().get(86))
                    .computeOutputShape(Shape.batchOf(7, 7, 1024)));
            // Depthwise kernels 3x3x(channels)x1 without bias; pointwise 1x1 kernels; conv_preds 1024x1000 + bias.
            assertEquals(3 * 3 * 512, model.getLayer("conv_dw_12").countParams());
            assertEquals(512 * 1024, model.getLayer("conv_pw_12").countParams());
            assertEquals(1024 * 1000 + 1000, model.getLayer("conv_preds").countParams());
        }
        try (Model model = random(1.0).optIncludeTop(false).optInputShape(150, 150, 3).build()) {
            assertEquals(86, model.layers().size());
            assertEquals(Shape.batchOf(outputSize(150), outputSize(150), 1024), model.outputs().get(0).shape());
            assertEquals(Shape.batchOf(4, 4, 1024), model.outputs().get(0).shape());
        }
        try (Model avg = random(0.25).optIncludeTop(false).optPooling(Pooling.AVG).build();
             Model max = random(0.25).optIncludeTop(false).optPooling(Pooling.MAX).build()) {
            assertEquals(Shape.of(Shape.UNKNOWN, 256), avg.outputs().get(0).shape());
            assertTrue(avg.layers().get(86) instanceof GlobalAveragePooling2D);
            assertEquals(Shape.of(Shape.UNKNOWN, 256), max.outputs().get(0).shape());
            assertTrue(max.layers().get(86) instanceof GlobalMaxPooling2D);
        }
    }

    /**
     * MobileNet's output size: conv1 ('same', stride 2) ceil(n / 2), then four strided blocks, each a bottom/right
     * padding by 1 and a 'valid' 3x3 stride-2 depthwise convolution: (n + 1 - 3) / 2 + 1.
     */
    private static long outputSize(long n) {
        long size = (n + 1) / 2;
        for (int i = 0; i < 4; i++) {
            size = (size + 1 - 3) / 2 + 1;
        }
        return size;
    }

    @Test
    void depthMultiplierAndWidthScaleTheLayers() {
        try (Model model = random(0.5).optDepthMultiplier(2).optIncludeTop(false).build()) {
            // int(32 * 0.5) = 16 channels after conv1, times 2 after the depthwise step, then int(64 * 0.5) = 32.
            DepthwiseConv2D dw = (DepthwiseConv2D) model.getLayer("conv_dw_1");
            assertEquals(2, dw.depthMultiplier());
            assertEquals(3 * 3 * 16 * 2, dw.countParams());
            assertEquals(32 * 32, model.getLayer("conv_pw_1").countParams());
        }
    }

    @Test
    void runsABatchOfTwo() {
        try (Model model = random(1.0).build(); TensorScope scope = TensorScope.open();
             SeedGenerator seed = SeedGenerator.of(3)) {
            Tensor images = MobileNet.preprocessInput(Tensor.randomUniform(Shape.of(2, 224, 224, 3), 0, 255,
                    DType.FLOAT32, seed));
            Tensor probabilities = model.call(images);
            assertEquals(Shape.of(2, 1000), probabilities.shape());
            assertArrayEquals(new float[] {1, 1}, probabilities.sum(new int[] {1}, false).toFloatArray(), 1e-5f);
        }
        try (Model model = random(0.25).optIncludeTop(false).build(); TensorScope scope = TensorScope.open()) {
            // Without an input size the model takes any size of at least 32x32; ReLU6 bounds the features.
            Tensor features = model.call(Tensor.full(Shape.of(2, 40, 56, 3), 0.5, DType.FLOAT32));
            assertEquals(Shape.of(2, outputSize(40), outputSize(56), 256), features.shape());
            for (float v : features.toFloatArray()) {
                assertTrue(v >= 0 && v <= 6, "ReLU6 output " + v);
            }
        }
    }

    @Test
    void imagenetWeightsFilesAreNamedAsKerasNamesThem() {
        RemoteFile top = MobileNet.weightsFile(1.0, 224, true);
        assertEquals("mobilenet_1_0_224_tf.h5", top.fileName());
        assertEquals("https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/mobilenet_1_0_224_tf.h5",
                top.url());
        assertEquals("SHA-256", top.hashAlgorithm());
        assertEquals("mobilenet_7_5_160_tf_no_top.h5", MobileNet.weightsFile(0.75, 160, false).fileName());
        assertEquals("mobilenet_5_0_128_tf.h5", MobileNet.weightsFile(0.5, 128, true).fileName());
        assertEquals("dbdb03ee2a22fd895301636cd328b234bb3a9952358f436d82f46b81e0d5b0bf",
                MobileNet.weightsFile(0.25, 224, false).hash());
        assertMessage(() -> MobileNet.weightsFile(0.3, 224, true), "alpha=0.3");
        assertMessage(() -> MobileNet.weightsFile(1.0, 150, true), "rows=150");
    }

    @Test
    void validatesArgumentsAsKeras() {
        WeightsCache offline = WeightsCache.builder().setGraftHome(dir).build();
        assertMessage(() -> MobileNet.builder().optAlpha(0.3).optWeightsCache(offline).build(),
                "alpha can be one of 0.25, 0.50, 0.75 or 1.0 only", "alpha=0.3");
        assertMessage(() -> MobileNet.builder().optDepthMultiplier(2).optWeightsCache(offline).build(),
                "depth multiplier must be 1", "depth_multiplier=2");
        assertMessage(() -> MobileNet.builder().optInputShape(150, 150, 3).build(),
                "`input_shape` should be (224, 224, 3)", "(150, 150, 3)");
        assertMessage(() -> random(1.0).optIncludeTop(false).optInputShape(31, 64, 3).build(),
                "Input size must be at least 32x32", "(31, 64, 3)");
        assertMessage(() -> MobileNet.builder().optClasses(5).build(), "`classes` should be 1000");
        assertMessage(() -> random(0).build(), "alpha > 0", "alpha=0.0");
        assertMessage(() -> MobileNet.builder().optClassifierActivation("relu").optWeightsCache(offline).build(),
                "Only `None` (linear) and `softmax`", "relu");
        assertMessage(() -> random(1.0).optDropout(1.5).build(), "rate", "1.5");
    }

    @Test
    void imagenetWeightsFollowTheInputSizeOrWarnAndUse224() {
        List<String> warnings = new ArrayList<>();
        WeightsCache offline = WeightsCache.builder().setGraftHome(dir).optKerasHome(dir.resolve("keras")).build();
        // A square input of a size with weights selects those weights, with the top too.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MobileNet.builder().optAlpha(0.25)
                .optInputShape(160, 160, 3).optWeightsCache(offline).optWarnings(warnings::add).build());
        assertTrue(e.getMessage().contains("mobilenet_2_5_160_tf.h5"), e.getMessage());
        assertTrue(e.getMessage().contains(MobileNet.BASE_WEIGHT_PATH + "mobilenet_2_5_160_tf.h5"), e.getMessage());
        assertEquals(List.of(), warnings);
        // Other sizes load the 224 weights, with Keras' warning.
        e = assertThrows(IllegalStateException.class, () -> MobileNet.builder().optAlpha(0.5).optIncludeTop(false)
                .optInputShape(150, 200, 3).optWeightsCache(offline).optWarnings(warnings::add).build());
        assertTrue(e.getMessage().contains("mobilenet_5_0_224_tf_no_top.h5"), e.getMessage());
        assertEquals(List.of("`input_shape` is undefined or non-square, or `rows` is not in [128, 160, 192, 224]. "
                + "Weights for input shape (224, 224) will be loaded as the default."), warnings);
    }
}
