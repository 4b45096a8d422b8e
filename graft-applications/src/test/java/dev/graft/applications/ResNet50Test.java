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
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.Add;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.GlobalMaxPooling2D;
import dev.graft.layers.InputLayer;
import dev.graft.layers.Layer;
import dev.graft.layers.MaxPooling2D;
import dev.graft.layers.ZeroPadding2D;
import dev.graft.models.Model;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResNet50Test {
    private static final long U = Shape.UNKNOWN;
    /** Keras' counts: 25,636,712 with the top; the top's Dense is 2048 * 1000 + 1000 = 2,049,000 of them. */
    private static final long WITH_TOP = 25_636_712;
    private static final long WITHOUT_TOP = 23_587_712;

    private static Model withTop;
    private static Model withoutTop;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildOnce() {
        withTop = random().build();
        withoutTop = random().optIncludeTop(false).build();
    }

    private static ResNet50.Builder random() {
        return ResNet50.builder().optWeights(Weights.none());
    }

    @AfterAll
    static void close() {
        withTop.close();
        withoutTop.close();
    }

    @Test
    void defaultModelMatchesKeras() {
        assertImagenetClassifier(withTop, "resnet50", WITH_TOP, WITHOUT_TOP, 2048);
        // Keras' len(model.layers): input, 6 stem layers, 4 projection blocks of 12 and 12 identity blocks of
        // 10 layers, avg_pool and predictions.
        assertEquals(1 + 6 + 4 * 12 + 12 * 10 + 2, withTop.layers().size());
        assertLayerNames(withTop, "conv1_pad", "conv1_conv", "conv1_bn", "conv1_relu", "pool1_pad", "pool1_pool",
                "conv2_block1_0_conv", "conv2_block1_0_bn", "conv2_block1_add", "conv2_block3_out",
                "conv3_block4_out", "conv4_block6_2_conv", "conv5_block3_3_bn", "conv5_block3_out", "avg_pool",
                "predictions");
        assertEquals(1000, ((Dense) withTop.getLayer("predictions")).units());
    }

    @Test
    void layersAreConfiguredAsInKeras() {
        // 1 stem + 3 per block * 16 blocks + 4 projection shortcuts, epsilon 1.001e-5, default momentum 0.99
        assertBatchNorms(withTop, 1 + 3 * 16 + 4, 1.001e-5, 0.99);
        ZeroPadding2D pad = (ZeroPadding2D) withTop.getLayer("conv1_pad");
        assertArrayEquals(new int[][] {{3, 3}, {3, 3}}, pad.padding());
        Conv2D stem = (Conv2D) withTop.getLayer("conv1_conv");
        assertArrayEquals(new int[] {7, 7}, stem.kernelSize());
        assertArrayEquals(new int[] {2, 2}, stem.strides());
        assertEquals(2, stem.weights().size(), "ResNet v1 convolutions have biases");
        MaxPooling2D pool = (MaxPooling2D) withTop.getLayer("pool1_pool");
        assertArrayEquals(new int[] {3, 3}, pool.poolSize());
        assertArrayEquals(new int[] {2, 2}, pool.strides());
        // The first block of conv3..conv5 downsamples in its 1x1 convolutions, conv2's does not.
        assertArrayEquals(new int[] {1, 1}, ((Conv2D) withTop.getLayer("conv2_block1_1_conv")).strides());
        assertArrayEquals(new int[] {2, 2}, ((Conv2D) withTop.getLayer("conv4_block1_0_conv")).strides());
        assertInstanceOf(Add.class, withTop.getLayer("conv5_block2_add"));
    }

    @Test
    void layersComeInKerasOrderSoThatWeightFilesLoadByPosition() {
        // Keras orders layers by depth: the shortcut's 0_conv and 0_bn sit level with the main branch's
        // 3_conv and 3_bn, after the deeper 1_* and 2_* layers.
        List<String> names = withTop.layers().stream().map(Layer::name).toList();
        int start = names.indexOf("conv2_block1_1_conv");
        assertEquals(List.of("conv2_block1_1_conv", "conv2_block1_1_bn", "conv2_block1_1_relu", "conv2_block1_2_conv",
                "conv2_block1_2_bn", "conv2_block1_2_relu", "conv2_block1_0_conv", "conv2_block1_3_conv",
                "conv2_block1_0_bn", "conv2_block1_3_bn", "conv2_block1_add", "conv2_block1_out",
                "conv2_block2_1_conv"), names.subList(start, start + 13));
        assertInstanceOf(InputLayer.class, withTop.layers().get(0));
        assertEquals("conv1_pad", names.get(1));
    }

    @Test
    void withoutTopTheOutputIsTheLastFeatureMap() {
        assertEquals(WITHOUT_TOP, withoutTop.countParams());
        assertEquals(175, withoutTop.layers().size());
        assertEquals(Shape.batchOf(U, U, 3), withoutTop.inputs().get(0).shape());
        assertEquals(Shape.batchOf(U, U, 2048), withoutTop.outputs().get(0).shape());
        // 224 and 150 pixels both end at stride 32: ceil(224 / 32) = 7, 150 -> 5
        assertEquals(Shape.batchOf(7, 7, 2048), withoutTop.computeOutputShape(Shape.batchOf(224, 224, 3)));
        assertEquals(Shape.batchOf(5, 5, 2048), withoutTop.computeOutputShape(Shape.batchOf(150, 150, 3)));
    }

    @Test
    void at150PixelsWithAveragePooling() {
        try (Model m = random().optIncludeTop(false).optInputShape(150, 150, 3).optPooling(Pooling.AVG)
                .build()) {
            assertEquals(WITHOUT_TOP, m.countParams());
            assertEquals(Shape.batchOf(2048), m.outputs().get(0).shape());
            assertEquals("avg_pool", m.layers().get(m.layers().size() - 1).name());
            assertEquals(Shape.batchOf(5, 5, 2048), outputShapeOf(m, "conv5_block3_out"));
            assertEquals(176, m.layers().size());
        }
    }

    @Test
    void smallInputsWithMaxPoolingForwardAndPinnedInference() {
        try (Model m = random().optIncludeTop(false).optInputShape(32, 32, 3).optPooling(Pooling.MAX).build();
                TensorScope scope = TensorScope.open()) {
            assertEquals(WITHOUT_TOP, m.countParams());
            assertInstanceOf(GlobalMaxPooling2D.class, m.getLayer("max_pool"));
            Tensor y = m.call(ResNet50.preprocessInput(images(2, 32, 1)), false);
            assertEquals(Shape.of(2, 2048), y.shape());
            for (float v : y.toFloatArray()) {
                assertTrue(Float.isFinite(v));
            }
            assertInferencePinned(m, 32);
        }
    }

    @Test
    void topOnAnotherSizeAndClassCount() {
        // With random weights Keras accepts any size >= 32 with the top; the Dense has 2048 * 10 + 10 weights.
        try (Model m = random().optInputShape(32, 32, 3).optClasses(10).build();
                TensorScope scope = TensorScope.open()) {
            assertEquals(WITHOUT_TOP + 2048 * 10 + 10, m.countParams());
            Tensor p = m.call(images(2, 32, 2), false);
            assertEquals(Shape.of(2, 10), p.shape());
            assertProbabilityRows(p);
        }
        try (Model m = random().optInputShape(150, 150, 3).build()) {
            assertEquals(WITH_TOP, m.countParams());
            assertEquals(Shape.batchOf(1000), m.outputs().get(0).shape());
        }
    }

    @Test
    void rejectsInputsBelow32Pixels() {
        // The checks every application shares are in ApplicationBuilderTest.
        assertMessage(() -> random().optIncludeTop(false).optInputShape(31, 64, 3).build(),
                "Input size must be at least 32x32", "(31, 64, 3)");
    }

    @Test
    void imagenetWeightsAreTheOfficialFilesCheckedByMd5() {
        assertEquals("https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
                + "resnet50_weights_tf_dim_ordering_tf_kernels.h5", ResNet50.WEIGHTS.url());
        assertEquals("2cb95161c43110f7111970584f804107", ResNet50.WEIGHTS.hash());
        assertEquals("resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5", ResNet50.WEIGHTS_NO_TOP.fileName());
        assertEquals("https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
                + "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5", ResNet50.WEIGHTS_NO_TOP.url());
        assertEquals("4d473c1dd8becc155b73f8504c6f6626", ResNet50.WEIGHTS_NO_TOP.hash());
        assertEquals("MD5", ResNet50.WEIGHTS_NO_TOP.hashAlgorithm());
        WeightsCache offline = WeightsCache.builder().setGraftHome(dir).build();
        assertMessage(() -> ResNet50.builder().optIncludeTop(false).optWeightsCache(offline).build(),
                ResNet50.WEIGHTS_NO_TOP.url(), dir.resolve("models").resolve(ResNet50.WEIGHTS_NO_TOP.fileName())
                        .toString(), ResNet50.WEIGHTS_NO_TOP.hash());
    }

    @Test
    void preprocessesInCaffeMode() {
        // RGB (10, 20, 30) -> BGR (30, 20, 10) minus (103.939, 116.779, 123.68)
        try (TensorScope scope = TensorScope.open()) {
            Tensor y = ResNet50.preprocessInput(Tensor.of(new float[] {10, 20, 30}, 1, 1, 1, 3));
            assertArrayEquals(new float[] {30 - 103.939f, 20 - 116.779f, 10 - 123.68f}, y.toFloatArray(), 1e-4f);
        }
    }
}
