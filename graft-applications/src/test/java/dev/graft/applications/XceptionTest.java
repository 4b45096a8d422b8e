package dev.graft.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.activations.ActivationFunction;
import dev.graft.layers.Add;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.GlobalMaxPooling2D;
import dev.graft.layers.Layer;
import dev.graft.layers.SeparableConv2D;
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

class XceptionTest {
    @TempDir
    Path dir;

    private static Xception.Builder random() {
        return Xception.builder().optWeights(Weights.none());
    }

    @Test
    void withTopAtTheDefaultSizeHasKerasParametersAndNames() {
        try (Model model = random().build()) {
            assertEquals("xception", model.name());
            assertEquals(Shape.batchOf(299, 299, 3), model.inputs().get(0).shape());
            assertEquals(Shape.batchOf(1000), model.outputs().get(0).shape());
            assertEquals(22_910_480, model.countParams());
            // Keras' 134 layers: input, block 1 (6), block 2 (9: one ReLU only), blocks 3-4 (10 each),
            // blocks 5-12 (10 each), block 13 (10), block 14 (6), avg_pool and predictions.
            assertEquals(1 + 6 + 9 + 2 * 10 + 8 * 10 + 10 + 6 + 2, model.layers().size());
            assertEquals(34, count(model, SeparableConv2D.class));
            assertEquals(6, count(model, Conv2D.class));
            assertEquals(40, count(model, BatchNormalization.class));
            assertEquals(12, count(model, Add.class));
            // Parameters of single layers, from the shapes: kernel 3x3x3x32; depthwise 3x3x64 + pointwise 64x128;
            // 4 BN vectors of 128; Dense 2048x1000 + 1000.
            assertEquals(3 * 3 * 3 * 32, model.getLayer("block1_conv1").countParams());
            assertEquals(3 * 3 * 64 + 64 * 128, model.getLayer("block2_sepconv1").countParams());
            assertEquals(4 * 128, model.getLayer("block2_sepconv2_bn").countParams());
            assertEquals(2048 * 1000 + 1000, model.getLayer("predictions").countParams());
            Dense predictions = (Dense) model.getLayer("predictions");
            assertEquals(1000, predictions.units());
            assertTrue(model.getLayer("avg_pool") instanceof GlobalAveragePooling2D);
            for (String name : List.of("block1_conv1_bn", "block1_conv1_act", "block1_conv2_act", "block2_sepconv2_act",
                    "block2_pool", "block3_sepconv1_act", "block4_sepconv2_bn", "block5_sepconv3_act",
                    "block12_sepconv3_bn", "block13_sepconv2", "block13_pool", "block14_sepconv1_act",
                    "block14_sepconv2_act")) {
                assertEquals(name, model.getLayer(name).name());
            }
            // Keras' block 2 has no ReLU before its first separable convolution.
            assertThrows(IllegalArgumentException.class, () -> model.getLayer("block2_sepconv1_act"));
        }
    }

    @Test
    void withoutTopAt150HasTheGuidesShapeAndParameters() {
        try (Model model = random().optIncludeTop(false).optInputShape(150, 150, 3).build()) {
            assertEquals(Shape.batchOf(5, 5, 2048), model.outputs().get(0).shape());
            assertEquals(5, outputSize(150));
            assertEquals(20_861_480, model.countParams());
            // BN moving statistics: 2 vectors per BN layer, over every BN's channels.
            long moving = model.nonTrainableWeights().stream().mapToLong(v -> v.size()).sum();
            assertEquals(54_528, moving);
            assertEquals(20_861_480 - 54_528, model.trainableWeights().stream().mapToLong(v -> v.size()).sum());
            assertEquals(132, model.layers().size());
            assertEquals("block14_sepconv2_act", model.layers().get(131).name());
        }
    }

    @Test
    void poolingVariantsKeepTheParameters() {
        try (Model avg = random().optIncludeTop(false).optPooling(Pooling.AVG).build();
             Model max = random().optIncludeTop(false).optPooling(Pooling.MAX).optInputShape(150, 150, 3).build()) {
            assertEquals(Shape.of(Shape.UNKNOWN, 2048), avg.outputs().get(0).shape());
            assertEquals(Shape.batchOf(Shape.UNKNOWN, Shape.UNKNOWN, 3), avg.inputs().get(0).shape());
            assertTrue(last(avg) instanceof GlobalAveragePooling2D);
            assertTrue(last(avg).name().startsWith("global_average_pooling2d"), last(avg).name());
            assertEquals(Shape.of(Shape.UNKNOWN, 2048), max.outputs().get(0).shape());
            assertTrue(last(max) instanceof GlobalMaxPooling2D);
            assertTrue(last(max).name().startsWith("global_max_pooling2d"), last(max).name());
            assertEquals(20_861_480, avg.countParams());
            assertEquals(20_861_480, max.countParams());
        }
    }

    @Test
    void layersWithWeightsComeInKerasOrder() {
        // Keras' order (as its summary prints it): in blocks 2-4 and 13 the shortcut's conv2d / batch_normalization
        // follow the block's last BN. Weights files are read by position, so the order must be the same.
        List<String> expected = new ArrayList<>(List.of("block1_conv1", "block1_conv1_bn", "block1_conv2",
                "block1_conv2_bn"));
        for (int block : new int[] {2, 3, 4}) {
            expected.addAll(List.of("block" + block + "_sepconv1", "block" + block + "_sepconv1_bn",
                    "block" + block + "_sepconv2", "block" + block + "_sepconv2_bn", "conv2d", "batch_normalization"));
        }
        for (int block = 5; block <= 12; block++) {
            for (int i = 1; i <= 3; i++) {
                expected.add("block" + block + "_sepconv" + i);
                expected.add("block" + block + "_sepconv" + i + "_bn");
            }
        }
        expected.addAll(List.of("block13_sepconv1", "block13_sepconv1_bn", "block13_sepconv2", "block13_sepconv2_bn",
                "conv2d", "batch_normalization", "block14_sepconv1", "block14_sepconv1_bn", "block14_sepconv2",
                "block14_sepconv2_bn", "predictions"));
        try (Model model = random().build()) {
            // Unnamed layers get session-unique names (conv2d_4, ...): compare them without the suffix.
            List<String> actual = model.layers().stream().filter(l -> !l.weights().isEmpty())
                    .map(l -> l.name().replaceAll("^(conv2d|batch_normalization)(_\\d+)?$", "$1")).toList();
            assertEquals(expected, actual);
        }
    }

    @Test
    void runsABatchOfTwo() {
        try (Model base = random().optIncludeTop(false).optInputShape(150, 150, 3).build();
             Model classifier = random().optInputShape(71, 71, 3).build();
             TensorScope scope = TensorScope.open();
             SeedGenerator seed = SeedGenerator.of(7)) {
            Tensor images = Xception.preprocessInput(Tensor.randomUniform(Shape.of(2, 150, 150, 3), 0, 255,
                    DType.FLOAT32, seed));
            Tensor features = base.call(images);
            assertEquals(Shape.of(2, 5, 5, 2048), features.shape());
            for (float v : features.toFloatArray()) {
                assertTrue(v >= 0 && Float.isFinite(v), "ReLU output " + v);
            }
            // The smallest input Keras accepts, with the softmax top: each row sums to 1.
            Tensor small = Xception.preprocessInput(Tensor.randomUniform(Shape.of(2, 71, 71, 3), 0, 255,
                    DType.FLOAT32, seed));
            Tensor probabilities = classifier.call(small);
            assertEquals(Shape.of(2, 1000), probabilities.shape());
            assertArrayEquals(new float[] {1, 1}, probabilities.sum(new int[] {1}, false).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void validatesArgumentsAsKeras() {
        assertMessage(() -> random().optIncludeTop(false).optInputShape(70, 150, 3).build(),
                "Input size must be at least 71x71", "(70, 150, 3)");
        assertMessage(() -> Xception.builder().optInputShape(150, 150, 3).build(),
                "`input_shape` should be (299, 299, 3)", "(150, 150, 3)");
        assertMessage(() -> Xception.builder().optClasses(10).build(), "`classes` should be 1000", "classes=10");
        assertMessage(() -> Xception.builder().optIncludeTop(false).optInputShape(150, 150, 4).build(),
                "The input must have 3 channels", "(150, 150, 4)");
        assertMessage(() -> random().optIncludeTop(false).optInputShape(150, 150).build(),
                "`input_shape` must be a tuple of three integers", "(150, 150)");
        assertMessage(() -> random().optInputShape(Shape.UNKNOWN, Shape.UNKNOWN, 3).build(),
                "static `input_shape`", "(None, None, 3)");
        assertMessage(() -> random().optWeights(Weights.file(dir.resolve("missing.h5"))).build(),
                "`weights` argument", "missing.h5");
        assertMessage(() -> Xception.builder().optClassifierActivation(ActivationFunction.SIGMOID)
                .optWeightsCache(offlineCache()).build(), "Only `None` (linear) and `softmax`", "sigmoid");
    }

    @Test
    void warnsAboutUnusualChannelCountsAndAcceptsOtherTopsWithoutWeights() {
        List<String> warnings = new ArrayList<>();
        try (Model gray = random().optIncludeTop(false).optInputShape(100, 100, 1).optWarnings(warnings::add).build();
             Model ten = random().optInputShape(80, 80, 3).optClasses(10).optClassifierActivation("sigmoid").build()) {
            assertEquals(List.of(), warnings);
            assertEquals(Shape.batchOf(outputSize(100), outputSize(100), 2048), gray.outputs().get(0).shape());
            assertEquals(Shape.batchOf(10), ten.outputs().get(0).shape());
            try (TensorScope scope = TensorScope.open()) {
                float[] scores = ten.call(Tensor.zeros(Shape.of(1, 80, 80, 3), DType.FLOAT32)).toFloatArray();
                double sum = 0;
                for (float v : scores) {
                    assertTrue(v > 0 && v < 1, "sigmoid output " + v);
                    sum += v;
                }
                assertTrue(Math.abs(sum - 1) > 0.1, "independent sigmoids, not a softmax: " + sum);
            }
        }
        try (Model four = random().optIncludeTop(false).optInputShape(100, 100, 4).optWarnings(warnings::add).build()) {
            assertEquals(List.of("This model usually expects 1 or 3 input channels. However, it was passed an "
                    + "input_shape with 4 input channels."), warnings);
            assertEquals(3 * 3 * 4 * 32, four.getLayer("block1_conv1").countParams());
        }
    }

    @Test
    void imagenetWeightsOfflineNameTheFileTheUrlAndWhereToPutIt() {
        WeightsCache cache = offlineCache();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Xception.builder().optIncludeTop(false).optInputShape(150, 150, 3).optWeightsCache(cache).build());
        assertTrue(e.getMessage().contains("xception_weights_tf_dim_ordering_tf_kernels_notop.h5"), e.getMessage());
        assertTrue(e.getMessage().contains("https://storage.googleapis.com/tensorflow/keras-applications/xception/"
                + "xception_weights_tf_dim_ordering_tf_kernels_notop.h5"), e.getMessage());
        assertTrue(e.getMessage().contains(cache.graftModels().resolve(Xception.WEIGHTS_NO_TOP.fileName()).toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("b0042744bf5b25fce3cb969f33bebb97"), e.getMessage());
        assertEquals("0a58e3b7378bc2990ea3b43d5981f1f6", Xception.WEIGHTS.hash());
        assertEquals("MD5", Xception.WEIGHTS.hashAlgorithm());
    }

    @Test
    void loadsAWeightsFileByPosition() {
        Path file = dir.resolve("xception.h5");
        try (Model saved = random().optIncludeTop(false).optInputShape(71, 71, 3).build()) {
            saved.saveWeights(file);
            // Another input size: the weights do not depend on it.
            try (Model loaded = Xception.builder().optIncludeTop(false).optInputShape(100, 100, 3)
                    .optWeights(Weights.file(file)).build()) {
                for (String layer : List.of("block1_conv1", "block5_sepconv2", "block14_sepconv2_bn")) {
                    for (int i = 0; i < saved.getLayer(layer).weights().size(); i++) {
                        assertArrayEquals(saved.getLayer(layer).weights().get(i).toHostArray().data(),
                                loaded.getLayer(layer).weights().get(i).toHostArray().data(), layer);
                    }
                }
            }
        }
        // A file of another architecture fails, naming the file.
        try (Model other = MobileNet.builder().optWeights(Weights.none()).optAlpha(0.25).optIncludeTop(false).build()) {
            Path mobile = dir.resolve("mobilenet.h5");
            other.saveWeights(mobile);
            assertMessage(() -> random().optIncludeTop(false).optWeights(Weights.file(mobile)).build(), "mobilenet.h5");
        }
    }

    /**
     * Xception's output size for an input size: block1_conv1 ('valid', 3x3, stride 2) gives (n - 3) / 2 + 1,
     * block1_conv2 ('valid', 3x3) n - 2, then the four 'same' stride-2 poolings ceil(n / 2) each.
     */
    private static long outputSize(long n) {
        long size = (n - 3) / 2 + 1 - 2;
        for (int i = 0; i < 4; i++) {
            size = (size + 1) / 2;
        }
        return size;
    }

    private WeightsCache offlineCache() {
        return WeightsCache.builder().setGraftHome(dir.resolve("graft")).optKerasHome(dir.resolve("keras")).build();
    }

    private static long count(Model model, Class<? extends Layer> type) {
        return model.layers().stream().filter(type::isInstance).count();
    }

    private static Layer last(Model model) {
        return model.layers().get(model.layers().size() - 1);
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable build, String... parts) {
        RuntimeException e = (RuntimeException) assertThrows(RuntimeException.class, build);
        assertFalse(e instanceof NullPointerException, e.toString());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }
}
