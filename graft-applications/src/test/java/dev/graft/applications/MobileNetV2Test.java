package dev.graft.applications;

import static dev.graft.applications.ApplicationTesting.assertBatchNorms;
import static dev.graft.applications.ApplicationTesting.assertImagenetClassifier;
import static dev.graft.applications.ApplicationTesting.assertInferencePinned;
import static dev.graft.applications.ApplicationTesting.assertLayerNames;
import static dev.graft.applications.ApplicationTesting.assertProbabilityRows;
import static dev.graft.applications.ApplicationTesting.images;
import static dev.graft.applications.ApplicationTesting.outputShapeOf;
import static dev.graft.applications.XceptionTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.Add;
import dev.graft.layers.Conv2D;
import dev.graft.layers.DepthwiseConv2D;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.GlobalMaxPooling2D;
import dev.graft.layers.Layer;
import dev.graft.layers.ReLU;
import dev.graft.layers.ZeroPadding2D;
import dev.graft.models.Model;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.utils.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MobileNetV2Test {
    private static final long U = Shape.UNKNOWN;
    private static final long WITH_TOP = 3_538_984;
    private static final long WITHOUT_TOP = 2_257_984;

    private static Model withTop;
    private static Model withoutTop;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildOnce() {
        Names.clearSession(); // so that the unnamed pooling layer gets Keras' first default name
        withTop = random().build();
        withoutTop = random().optIncludeTop(false).build();
    }

    private static MobileNetV2.Builder random() {
        return MobileNetV2.builder().optWeights(Weights.none());
    }

    @AfterAll
    static void close() {
        withTop.close();
        withoutTop.close();
    }

    @Test
    void defaultModelMatchesKeras() {
        assertImagenetClassifier(withTop, "mobilenetv2_1.00_224", WITH_TOP, WITHOUT_TOP, 1280);
        // Keras' len(model.layers): input; Conv1, bn_Conv1, Conv1_relu; block 0's 5 layers; blocks 1-16 with
        // 8 layers each, a pad in the 4 stride-2 blocks and an add in the 10 residual ones; Conv_1, Conv_1_bn,
        // out_relu; pooling and predictions.
        assertEquals(1 + 3 + 5 + (16 * 8 + 4 + 10) + 3 + 2, withTop.layers().size());
        assertLayerNames(withTop, "Conv1", "bn_Conv1", "Conv1_relu", "expanded_conv_depthwise",
                "expanded_conv_depthwise_BN", "expanded_conv_depthwise_relu", "expanded_conv_project",
                "expanded_conv_project_BN", "block_1_expand", "block_1_expand_BN", "block_1_expand_relu", "block_1_pad",
                "block_1_depthwise", "block_2_add", "block_13_pad", "block_15_add", "block_16_project_BN", "Conv_1",
                "Conv_1_bn", "out_relu", "global_average_pooling2d", "predictions");
        assertInstanceOf(GlobalAveragePooling2D.class, withTop.getLayer("global_average_pooling2d"));
    }

    @Test
    void layersAreConfiguredAsInKeras() {
        // bn_Conv1, 2 in block 0, 3 in each of blocks 1-16, Conv_1_bn: epsilon 1e-3, momentum 0.999
        assertBatchNorms(withTop, 1 + 2 + 3 * 16 + 1, 1e-3, 0.999);
        int relus = 0;
        for (Layer l : withTop.layers()) {
            if (l instanceof ReLU r) {
                assertEquals(6.0, r.maxValue(), l.name());
                relus++;
            }
        }
        assertEquals(1 + 1 + 2 * 16 + 1, relus, "ReLU(6.) layers");
        // correct_pad for the even 112x112 map before block 1's stride-2 depthwise: ((0, 1), (0, 1))
        assertArrayEquals(new int[][] {{0, 1}, {0, 1}}, ((ZeroPadding2D) withTop.getLayer("block_1_pad")).padding());
        DepthwiseConv2D dw = (DepthwiseConv2D) withTop.getLayer("block_1_depthwise");
        assertArrayEquals(new int[] {2, 2}, dw.strides());
        assertEquals(1, dw.weights().size(), "no bias");
        assertEquals(96, ((Conv2D) withTop.getLayer("block_1_expand")).filters(), "expansion 6 * 16 channels");
        assertEquals(32, ((Conv2D) withTop.getLayer("Conv1")).filters());
        assertEquals(1280, ((Conv2D) withTop.getLayer("Conv_1")).filters());
        assertInstanceOf(Add.class, withTop.getLayer("block_12_add"));
        assertThrows(IllegalArgumentException.class, () -> withTop.getLayer("block_13_add"),
                "a stride-2 block has no residual");
    }

    @Test
    void withoutTopTheOutputIsTheLastFeatureMap() {
        assertEquals("mobilenetv2_1.00_None", withoutTop.name(), "Keras formats the unknown rows as None");
        assertEquals(WITHOUT_TOP, withoutTop.countParams());
        assertEquals(154, withoutTop.layers().size());
        assertEquals(Shape.batchOf(U, U, 1280), withoutTop.outputs().get(0).shape());
        // Built for any size, the stride-2 paddings assume even sides (Keras' correct_pad with None): a 150x150
        // input then ends at 4x4, while a model built for 150x150 pads its odd sides and ends at 5x5.
        assertEquals(Shape.batchOf(4, 4, 1280), withoutTop.computeOutputShape(Shape.batchOf(150, 150, 3)));
        assertEquals(Shape.batchOf(7, 7, 1280), withoutTop.computeOutputShape(Shape.batchOf(224, 224, 3)));
    }

    @Test
    void at150PixelsWithPooling() {
        try (Model avg = random().optIncludeTop(false).optInputShape(150, 150, 3)
                .optPooling(Pooling.AVG).build();
                Model top = random().optInputShape(150, 150, 3).build()) {
            assertEquals("mobilenetv2_1.00_150", avg.name());
            assertEquals(WITHOUT_TOP, avg.countParams());
            assertEquals(Shape.batchOf(1280), avg.outputs().get(0).shape());
            assertEquals(WITH_TOP, top.countParams());
            assertEquals(Shape.batchOf(1000), top.outputs().get(0).shape());
            // 150 -> 75 -> 38 -> 19 -> 10 -> 5: each stride-2 padding adapts to the odd side
            assertEquals(Shape.batchOf(5, 5, 1280), outputShapeOf(top, "out_relu"));
        }
    }

    @Test
    void smallInputsForwardAndPinnedInference() {
        try (Model m = random().optIncludeTop(false).optInputShape(32, 32, 3).optPooling(Pooling.MAX)
                .build(); TensorScope scope = TensorScope.open()) {
            assertEquals(WITHOUT_TOP, m.countParams());
            assertInstanceOf(GlobalMaxPooling2D.class, m.layers().get(m.layers().size() - 1));
            Tensor y = m.call(MobileNetV2.preprocessInput(images(2, 32, 3)), false);
            assertEquals(Shape.of(2, 1280), y.shape());
            for (float v : y.toFloatArray()) {
                assertTrue(v >= 0 && v <= 6, "max of ReLU6 outputs: " + v);
            }
            assertInferencePinned(m, 32);
        }
        try (Model m = random().optInputShape(32, 32, 3).optClasses(5).build();
                TensorScope scope = TensorScope.open()) {
            Tensor p = m.call(MobileNetV2.preprocessInput(images(2, 32, 4)), false);
            assertEquals(Shape.of(2, 5), p.shape());
            assertProbabilityRows(p);
        }
    }

    @Test
    void alphaScalesTheWidths() {
        // alpha 0.35: 410,208 parameters without the top, as Keras' MobileNetV2(alpha=0.35, include_top=False);
        // Conv1 has _make_divisible(32 * 0.35, 8) = 16 filters and the last convolution stays 1280 wide.
        try (Model m = random().optAlpha(0.35).optIncludeTop(false).optInputShape(96, 96, 3).build()) {
            assertEquals(410_208, m.countParams());
            assertEquals("mobilenetv2_0.35_96", m.name());
            assertEquals(16, ((Conv2D) m.getLayer("Conv1")).filters());
            assertEquals(1280, ((Conv2D) m.getLayer("Conv_1")).filters());
            // block 16 projects to _make_divisible(int(320 * 0.35) = 112, 8) = 112 channels
            assertEquals(112, ((Conv2D) m.getLayer("block_16_project")).filters());
        }
        // above 1 the last convolution widens too: _make_divisible(1280 * 1.4, 8) = 1792
        try (Model m = random().optAlpha(1.4).optIncludeTop(false).optInputShape(32, 32, 3)
                .optName("wide").build()) {
            assertEquals(1792, ((Conv2D) m.getLayer("Conv_1")).filters());
            assertEquals("wide", m.name());
        }
    }

    @Test
    void makeDivisibleAsKeras() {
        // max(8, int(v + 4) // 8 * 8), plus 8 if that lost over 10%
        assertEquals(32, MobileNetV2.makeDivisible(32, 8));
        assertEquals(16, MobileNetV2.makeDivisible(11.2, 8)); // int(15.2) // 8 * 8 = 8 < 10.08 -> 16
        assertEquals(8, MobileNetV2.makeDivisible(3, 8));
        assertEquals(24, MobileNetV2.makeDivisible(20, 8)); // int(24) // 8 * 8 = 24
        assertEquals(1664, MobileNetV2.makeDivisible(1280 * 1.3, 8));
    }

    @Test
    void rejectsBadAlphaAndSmallInputs() {
        assertMessage(() -> random().optAlpha(0).build(), "alpha > 0", "alpha=0.0");
        assertMessage(() -> random().optIncludeTop(false).optInputShape(24, 24, 3).build(), "at least 32x32",
                "(24, 24, 3)");
    }

    @Test
    void preprocessesInTfMode() {
        // x / 127.5 - 1
        try (TensorScope scope = TensorScope.open()) {
            Tensor y = MobileNetV2.preprocessInput(Tensor.of(new float[] {0, 127.5f, 255, 51}, 1, 2, 2, 1));
            assertArrayEquals(new float[] {-1, 0, 1, 51 / 127.5f - 1}, y.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void namesTheOfficialWeightsAsKerasDoes() {
        RemoteFile top = MobileNetV2.weightsFile(1.0, 224, true);
        assertEquals("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5", top.fileName());
        assertEquals("https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
                + "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5", top.url());
        assertNull(top.hash(), "Keras publishes no hash for these files");
        // alpha as Python's str(float(alpha))
        assertEquals("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5",
                MobileNetV2.weightsFile(0.35, 96, false).fileName());
        assertEquals("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.5_160_no_top.h5",
                MobileNetV2.weightsFile(0.50, 160, false).fileName());
        assertMessage(() -> MobileNetV2.weightsFile(0.6, 224, true), "alpha=0.6", "0.35");
        assertMessage(() -> MobileNetV2.weightsFile(1.0, 150, true), "rows=150");
    }

    @Test
    void imagenetWeightsWithoutAHashComeFromTheCacheForTheInputSize() throws IOException {
        // A stand-in for the official file (no hash is published, so any file of the right name is taken).
        Path stored = dir.resolve("stand-in.h5");
        try (Model source = random().optAlpha(0.35).optIncludeTop(false).optInputShape(96, 96, 3).build()) {
            source.saveWeights(stored);
        }
        Path kerasModels = Files.createDirectories(dir.resolve("keras/models"));
        Files.copy(stored, kerasModels.resolve(MobileNetV2.weightsFile(0.35, 96, false).fileName()));
        List<String> fetched = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        WeightsCache cache = WeightsCache.builder().setGraftHome(dir.resolve("graft")).optKerasHome(dir.resolve("keras"))
                .optFetcher((url, target, hash) -> {
                    fetched.add(url + " #" + hash);
                    Files.copy(stored, target);
                }).build();
        try (Model square = MobileNetV2.builder().optAlpha(0.35).optIncludeTop(false).optInputShape(96, 96, 3)
                .optWeightsCache(cache).optWarnings(warnings::add).build();
                Model wide = MobileNetV2.builder().optAlpha(0.35).optIncludeTop(false).optInputShape(96, 128, 3)
                        .optWeightsCache(cache).optWarnings(warnings::add).build();
                Model source = random().optAlpha(0.35).optIncludeTop(false).optInputShape(96, 96, 3)
                        .optWeights(Weights.file(stored)).build()) {
            assertEquals(source.getWeights(), square.getWeights());
            assertEquals(source.getWeights(), wide.getWeights());
            assertEquals("mobilenetv2_0.35_96", square.name());
            // A non-square input loads the 224 weights, named so, with Keras' warning.
            assertEquals("mobilenetv2_0.35_224", wide.name());
            assertEquals(List.of(MobileNetV2.BASE_WEIGHT_PATH
                    + "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top.h5 #null"), fetched);
            assertEquals(List.of("`input_shape` is undefined or non-square, or `rows` is not in [96, 128, 160, 192, "
                    + "224]. Weights for input shape (224, 224) will be loaded as the default."), warnings);
        }
    }

    @Test
    void imagenetWeightsTakeKerasAlphasAndSizes() {
        WeightsCache offline = WeightsCache.builder().setGraftHome(dir).build();
        assertMessage(() -> MobileNetV2.builder().optAlpha(0.6).optWeightsCache(offline).build(),
                "alpha must be one of `0.35`, `0.50`, `0.75`, `1.0`, `1.3` or `1.4` only", "alpha=0.6");
        // With the top, a square size that has weights is the default size, so it is accepted.
        assertMessage(() -> MobileNetV2.builder().optInputShape(128, 128, 3).optWeightsCache(offline).build(),
                "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_128.h5");
    }
}
