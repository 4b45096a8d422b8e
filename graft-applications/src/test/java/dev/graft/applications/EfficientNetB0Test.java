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
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.graft.activations.ActivationFunction;
import dev.graft.layers.Activation;
import dev.graft.layers.DepthwiseConv2D;
import dev.graft.layers.Dropout;
import dev.graft.layers.GlobalMaxPooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Multiply;
import dev.graft.layers.Normalization;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SymbolicTensor;
import dev.graft.layers.ZeroPadding2D;
import dev.graft.models.Model;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.utils.Names;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EfficientNetB0Test {
    private static final long U = Shape.UNKNOWN;
    private static final long WITH_TOP = 5_330_571;
    private static final long WITHOUT_TOP = 4_049_571;

    private static Model withTop;
    private static Model withoutTop;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildOnce() {
        Names.clearSession(); // so that the stem's unnamed layers get Keras' first default names
        withTop = random().build();
        withoutTop = random().optIncludeTop(false).build();
    }

    private static EfficientNetB0.Builder random() {
        return EfficientNetB0.builder().optWeights(Weights.none());
    }

    @AfterAll
    static void close() {
        withTop.close();
        withoutTop.close();
    }

    @Test
    void defaultModelMatchesKeras() {
        assertImagenetClassifier(withTop, "efficientnetb0", WITH_TOP, WITHOUT_TOP, 1280);
        // Keras' len(model.layers): input; rescaling, normalization; 4 stem layers; 227 in the 16 blocks;
        // top_conv, top_bn, top_activation; avg_pool, top_dropout, predictions.
        assertEquals(1 + 2 + 4 + blockLayers() + 3 + 3, withTop.layers().size());
        assertEquals(240, withTop.layers().size());
        assertLayerNames(withTop, "rescaling", "normalization", "stem_conv_pad", "stem_conv", "stem_bn",
                "stem_activation", "block1a_dwconv", "block1a_se_squeeze", "block1a_se_reshape", "block1a_se_reduce",
                "block1a_se_expand", "block1a_se_excite", "block1a_project_conv", "block1a_project_bn",
                "block2a_expand_conv", "block2a_dwconv_pad", "block2b_drop", "block2b_add", "block6d_add",
                "block7a_project_bn", "top_conv", "top_bn", "top_activation", "avg_pool", "top_dropout",
                "predictions");
        assertEquals(7, withTop.getLayer("normalization").countParams(), "3 means, 3 variances and the count");
    }

    /**
     * Layers per block: expansion 3 (not in block1a), stride-2 pad 1, depthwise 3, squeeze-and-excitation 5,
     * projection 2, and drop + add where the shape is kept (every repeat after the first of a stage).
     */
    private static int blockLayers() {
        int[] repeats = {1, 2, 2, 3, 3, 4, 1};
        int[] strides = {1, 2, 2, 2, 1, 2, 1};
        int total = 0;
        for (int stage = 0; stage < repeats.length; stage++) {
            for (int j = 0; j < repeats[stage]; j++) {
                total += (stage == 0 ? 0 : 3) + (j == 0 && strides[stage] == 2 ? 1 : 0) + 3 + 5 + 2 + (j > 0 ? 2 : 0);
            }
        }
        return total;
    }

    @Test
    void layersAreConfiguredAsInKeras() {
        // stem_bn, block1a's 2, 3 in each of the 15 other blocks, top_bn: Keras' defaults, epsilon 1e-3
        assertBatchNorms(withTop, 1 + 2 + 3 * 15 + 1, 1e-3, 0.99);
        assertEquals(ActivationFunction.SWISH, ((Activation) withTop.getLayer("stem_activation")).activation());
        assertEquals(1.0 / 255, ((Rescaling) withTop.getLayer("rescaling")).scale(), 1e-15);
        assertArrayEquals(new int[] {3}, ((Normalization) withTop.getLayer("normalization")).axes());
        assertArrayEquals(new int[][] {{0, 1}, {0, 1}}, ((ZeroPadding2D) withTop.getLayer("stem_conv_pad")).padding());
        // block3a's 5x5 depthwise on the even 56x56 map: correct_pad gives ((1, 2), (1, 2))
        assertArrayEquals(new int[][] {{1, 2}, {1, 2}}, ((ZeroPadding2D) withTop.getLayer("block3a_dwconv_pad")).padding());
        assertArrayEquals(new int[] {5, 5}, ((DepthwiseConv2D) withTop.getLayer("block3a_dwconv")).kernelSize());
        assertInstanceOf(Multiply.class, withTop.getLayer("block4b_se_excite"));
        // se_reduce: max(1, int(filters_in * 0.25)) filters: block2b has 24 in, so 6
        assertEquals(6, ((dev.graft.layers.Conv2D) withTop.getLayer("block2b_se_reduce")).filters());
        // drop-connect rate 0.2 * b / 16 for the b-th block (from 0), one decision per sample
        Dropout b2 = (Dropout) withTop.getLayer("block2b_drop");
        assertEquals(0.2 * 2 / 16, b2.rate(), 1e-12);
        assertArrayEquals(new long[] {U, 1, 1, 1}, b2.noiseShape());
        assertEquals(0.2 * 14 / 16, ((Dropout) withTop.getLayer("block6d_drop")).rate(), 1e-12);
        Dropout top = (Dropout) withTop.getLayer("top_dropout");
        assertEquals(0.2, top.rate());
        assertNull(top.noiseShape());
        for (String missing : List.of("block1a_add", "block1a_expand_conv", "block7a_add", "block5a_dwconv_pad")) {
            assertThrows(IllegalArgumentException.class, () -> withTop.getLayer(missing), missing);
        }
    }

    @Test
    void withoutTopTheOutputIsTheLastFeatureMap() {
        assertEquals(WITHOUT_TOP, withoutTop.countParams());
        assertEquals(237, withoutTop.layers().size());
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
            assertEquals(WITHOUT_TOP, avg.countParams());
            assertEquals(Shape.batchOf(1280), avg.outputs().get(0).shape());
            assertEquals("avg_pool", avg.layers().get(avg.layers().size() - 1).name());
            assertEquals(WITH_TOP, top.countParams());
            assertEquals(Shape.batchOf(1000), top.outputs().get(0).shape());
            // 150 -> 75 -> 38 -> 19 -> 10 -> 5: each stride-2 padding adapts to the odd side
            assertEquals(Shape.batchOf(5, 5, 1280), outputShapeOf(top, "top_activation"));
        }
    }

    @Test
    void smallInputsForwardAndPinnedInference() {
        try (Model m = random().optIncludeTop(false).optInputShape(32, 32, 3)
                .optPooling(Pooling.MAX).build(); TensorScope scope = TensorScope.open()) {
            assertEquals(WITHOUT_TOP, m.countParams());
            assertInstanceOf(GlobalMaxPooling2D.class, m.getLayer("max_pool"));
            Tensor y = m.call(EfficientNetB0.preprocessInput(images(2, 32, 6)), false);
            assertEquals(Shape.of(2, 1280), y.shape());
            for (float v : y.toFloatArray()) {
                assertTrue(Float.isFinite(v));
            }
            assertInferencePinned(m, 32);
        }
        try (Model m = random().optInputShape(32, 32, 3).optClasses(3).build();
                TensorScope scope = TensorScope.open()) {
            assertEquals(WITHOUT_TOP + 1280 * 3 + 3, m.countParams());
            Tensor p = m.call(images(2, 32, 7), false);
            assertEquals(Shape.of(2, 3), p.shape());
            assertProbabilityRows(p);
        }
    }

    @Test
    void imagenetWeightsAddKerasStemCorrectionWithoutParameters() {
        // Keras adds the correction exactly for weights="imagenet": built without them, the model lacks it.
        assertTrue(withTop.layers().stream().noneMatch(l -> l instanceof Rescaling r && r.channelScales() != null));
        SymbolicTensor images = Input.of(224, 224, 3);
        try (Model stem = new Model(images, EfficientNetB0.normalizeInput(images, true))) {
            assertEquals(7, stem.countParams(), "only the Normalization's");
            assertEquals(4, stem.layers().size());
            assertInstanceOf(Normalization.class, stem.layers().get(2));
            // 1 / sqrt(stddev) per RGB channel, stddev (0.229, 0.224, 0.225)
            assertArrayEquals(new double[] {1 / Math.sqrt(0.229), 1 / Math.sqrt(0.224), 1 / Math.sqrt(0.225)},
                    ((Rescaling) stem.layers().get(3)).channelScales(), 1e-15);
        }
    }

    @Test
    void preprocessInputIsTheIdentity() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Tensor.of(new float[] {0, 12.5f, 255}, 1, 1, 1, 3);
            Tensor y = EfficientNetB0.preprocessInput(x);
            assertNotSame(x, y);
            assertArrayEquals(x.toFloatArray(), y.toFloatArray());
            y.close();
            assertFalse(x.isClosed(), "the result is a tensor of its own");
        }
    }

    @Test
    void imagenetWeightsAreTheOfficialFilesCheckedByMd5() {
        assertEquals("https://storage.googleapis.com/keras-applications/efficientnetb0.h5",
                EfficientNetB0.WEIGHTS.url());
        assertEquals("902e53a9f72be733fc0bcb005b3ebbac", EfficientNetB0.WEIGHTS.hash());
        assertEquals("efficientnetb0_notop.h5", EfficientNetB0.WEIGHTS_NO_TOP.fileName());
        assertEquals("https://storage.googleapis.com/keras-applications/efficientnetb0_notop.h5",
                EfficientNetB0.WEIGHTS_NO_TOP.url());
        assertEquals("50bc09e76180e00e4465e1a485ddc09d", EfficientNetB0.WEIGHTS_NO_TOP.hash());
        WeightsCache offline = WeightsCache.builder().setGraftHome(dir).build();
        assertMessage(() -> EfficientNetB0.builder().optIncludeTop(false).optWeightsCache(offline).build(),
                EfficientNetB0.WEIGHTS_NO_TOP.url(), EfficientNetB0.WEIGHTS_NO_TOP.hash());
    }
}
