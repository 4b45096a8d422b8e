package dev.graft.applications;

import static dev.graft.applications.XceptionTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.graft.activations.ActivationFunction;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.layers.ZeroPadding2D;
import dev.graft.models.Model;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The options every application shares, checked as Keras checks them: the same for all five models. */
class ApplicationBuilderTest {
    private static final long U = Shape.UNKNOWN;

    @TempDir
    Path dir;

    /** MobileNetV2 at alpha 0.35 without top, 32x32: 410,208 parameters, quick to build. */
    private static MobileNetV2.Builder small() {
        return MobileNetV2.builder().optAlpha(0.35).optIncludeTop(false).optInputShape(32, 32, 3)
                .optWeights(Weights.none());
    }

    private WeightsCache offline() {
        return WeightsCache.builder().setGraftHome(dir.resolve("graft")).build();
    }

    @ParameterizedTest
    @EnumSource(Application.class)
    void imagenetWeightsTakeKerasImagenetOptionsOnly(Application application) {
        // Checked before any layer is made or any file fetched.
        assertMessage(() -> application.builder().optClasses(10).build(), "`classes` should be 1000", "classes=10");
        assertMessage(() -> application.builder().optInputShape(150, 150, 3).build(), "`input_shape` should be ("
                + application.defaultSize() + ", " + application.defaultSize() + ", 3)", "(150, 150, 3)");
        assertMessage(() -> application.builder().optIncludeTop(false).optInputShape(150, 150, 4).build(),
                "The input must have 3 channels", "(150, 150, 4)");
        assertMessage(() -> application.builder().optClassifierActivation("sigmoid").optWeightsCache(offline())
                .build(), "Only `None` (linear) and `softmax`", "sigmoid");
        assertMessage(() -> application.builder().optWeights(Weights.file(dir.resolve("missing.h5"))).build(),
                "`weights` argument", "missing.h5");
        // Offline, the ImageNet file is named with its URL and where to put it.
        assertMessage(() -> application.builder().optIncludeTop(false).optWeightsCache(offline())
                .optWarnings(message -> { }).build(),
                "storage.googleapis.com", dir.resolve("graft").resolve("models").toString());
    }

    @ParameterizedTest
    @EnumSource(Application.class)
    void withoutWeightsAnyTopAndSizeIsAccepted(Application application) {
        List<String> warnings = new ArrayList<>();
        try (Model model = application.builder().optWeights(Weights.none()).optInputShape(80, 96, 3).optClasses(7)
                .optClassifierActivation(ActivationFunction.SIGMOID).optWarnings(warnings::add).build();
             Model features = application.builder().optWeights(Weights.none()).optIncludeTop(false)
                     .optPooling(Pooling.MAX).optName("features").build()) {
            assertEquals(Shape.batchOf(80, 96, 3), model.inputs().get(0).shape());
            assertEquals(Shape.batchOf(7), model.outputs().get(0).shape());
            assertEquals(Shape.batchOf(U, U, 3), features.inputs().get(0).shape());
            assertEquals(2, features.outputs().get(0).shape().rank());
            assertEquals("features", features.name());
            assertEquals(List.of(), warnings);
        }
        assertMessage(() -> application.builder().optWeights(Weights.none()).optInputShape(U, U, 3).build(),
                "static `input_shape`", "(None, None, 3)");
        assertMessage(() -> application.builder().optWeights(Weights.none()).optInputShape(64, 0, 3).build(),
                "input dimensions >= 1", "(64, 0, 3)");
        assertMessage(() -> application.builder().optPooling(null).build(), "pooling=null");
    }

    @Test
    void loadsAWeightsFileByPosition() {
        Path file = dir.resolve("small.h5");
        try (Model source = small().build()) {
            source.saveWeights(file);
            try (Model loaded = small().optWeights(Weights.file(file)).build(); Model fresh = small().build()) {
                List<HostArray> expected = source.getWeights();
                assertEquals(expected, loaded.getWeights(), "every weight comes from the file");
                assertNotEquals(expected, fresh.getWeights(), "without weights the initialization is random");
            }
        }
    }

    @Test
    void aWeightsFileOfAnotherArchitectureIsRefused() {
        Path file = dir.resolve("alpha035.h5");
        try (Model source = small().build()) {
            source.saveWeights(file);
        }
        assertMessage(() -> small().optAlpha(0.5).optWeights(Weights.file(file)).build(), file.toString());
    }

    @Test
    void pretrainedTopsTakeOnlySoftmaxOrLogits() throws Exception {
        Path file = Files.createFile(dir.resolve("top.h5"));
        assertMessage(() -> EfficientNetB0.builder().optWeights(Weights.file(file)).optClassifierActivation("sigmoid")
                .build(), "Only `None` (linear) and `softmax`", "sigmoid");
        // Without the top the activation is ignored, as in Keras; here the (empty) file is then read and refused.
        assertMessage(() -> small().optWeights(Weights.file(file)).optClassifierActivation("sigmoid").build(),
                file.toString(), "HDF5");
    }

    @Test
    void unusualChannelCountsAreAWarningWithoutWeights() {
        List<String> warnings = new ArrayList<>();
        try (Model model = small().optInputShape(U, 48, 4).optWarnings(warnings::add).build()) {
            assertEquals(Shape.batchOf(U, 48, 4), model.inputs().get(0).shape());
        }
        assertEquals(List.of("This model usually expects 1 or 3 input channels. However, it was passed an "
                + "input_shape with 4 input channels."), warnings);
    }

    @Test
    void topIgnoresPoolingAsKerasDoes() {
        try (Model m = MobileNetV2.builder().optWeights(Weights.none()).optAlpha(0.35).optInputShape(32, 32, 3)
                .optClasses(4).optPooling(Pooling.MAX).optClassifierActivation((String) null).build()) {
            assertEquals(Shape.batchOf(4), m.outputs().get(0).shape());
        }
    }

    @Test
    void correctPadMakesValidConvolutionsComputeAsSame() {
        // For a k-wide window with stride 2, 'same' pads k / 2 after and k / 2 - 1 before on an even side, k / 2
        // on both sides of an odd side; an unknown size counts as even, as in Keras.
        for (long[] hwk : new long[][] {{112, 112, 3}, {75, 75, 3}, {56, 57, 5}, {U, U, 5}}) {
            SymbolicTensor x = Input.of(hwk[0], hwk[1], 8);
            int k = (int) hwk[2];
            int[][] pad = ApplicationBuilder.correctPad(x, k);
            int before = hwk[0] == U || hwk[0] % 2 == 0 ? k / 2 - 1 : k / 2;
            int beforeW = hwk[1] == U || hwk[1] % 2 == 0 ? k / 2 - 1 : k / 2;
            assertEquals(List.of(List.of(before, k / 2), List.of(beforeW, k / 2)),
                    List.of(List.of(pad[0][0], pad[0][1]), List.of(pad[1][0], pad[1][1])));
            if (hwk[0] != U) {
                // The padded 'valid' output has 'same''s size, ceil(n / 2).
                try (ZeroPadding2D layer = ZeroPadding2D.builder().optPadding(pad).build()) {
                    long padded = layer.computeOutputShape(x.shape()).get(1);
                    assertEquals((hwk[0] + 1) / 2, (padded - k) / 2 + 1);
                }
            }
        }
    }
}
