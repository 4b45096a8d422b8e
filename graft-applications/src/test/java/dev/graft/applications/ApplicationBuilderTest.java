package dev.graft.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.models.Model;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options every application shares, checked as Keras checks them, shown on the cheapest model. */
class ApplicationBuilderTest {
    private static final long U = Shape.UNKNOWN;

    /** MobileNetV2 at alpha 0.35 without top, 32x32: 410,208 parameters, quick to build. */
    private static MobileNetV2.Builder small() {
        return MobileNetV2.builder().optAlpha(0.35).optIncludeTop(false).optInputShape(32, 32, 3);
    }

    @Test
    void loadsAWeightsFileByPosition(@TempDir Path dir) {
        Path file = dir.resolve("small.h5");
        try (Model source = small().build()) {
            source.saveWeights(file);
            try (Model loaded = small().optWeights(file).build(); Model fresh = small().build()) {
                List<HostArray> expected = source.getWeights();
                assertEquals(expected, loaded.getWeights(), "every weight comes from the file");
                assertTrue(!expected.equals(fresh.getWeights()), "without weights the initialization is random");
            }
        }
    }

    @Test
    void aWeightsFileOfAnotherArchitectureIsRefused(@TempDir Path dir) {
        Path file = dir.resolve("alpha035.h5");
        try (Model source = small().build()) {
            source.saveWeights(file);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> small().optAlpha(0.5).optWeights(file).build());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void rejectsAWeightsPathThatIsNotAFile(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere.h5");
        assertMessage(() -> small().optWeights(missing).build(), "MobileNetV2", "weights", missing.toString(),
                "not a file");
        assertMessage(() -> ResNet50.builder().optWeights(dir).build(), "ResNet50", dir.toString());
    }

    @Test
    void pretrainedTopsTakeOnlySoftmaxOrLogits(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("top.h5"));
        assertMessage(() -> EfficientNetB0.builder().optWeights(file).optClassifierActivation("sigmoid").build(),
                "EfficientNetB0", "LINEAR", "SOFTMAX", "sigmoid");
        // Without the top the activation is ignored, as in Keras; here the (empty) file is then read and refused.
        assertThrows(IllegalArgumentException.class,
                () -> small().optWeights(file).optClassifierActivation("sigmoid").build());
    }

    @Test
    void checksTheInputShapeAsObtainInputShape() {
        assertMessage(() -> ResNet50.builder().optIncludeTop(false).optInputShape(64, 31, 3).build(),
                "ResNet50", "at least 32x32", "(64, 31, 3)");
        assertMessage(() -> EfficientNetB0.builder().optInputShape(U, U, 3).build(),
                "EfficientNetB0", "static inputShape", "(None, None, 3)");
        assertMessage(() -> MobileNetV2.builder().optInputShape(224, U, 3).build(), "static inputShape",
                "(224, None, 3)");
        assertMessage(() -> small().optInputShape(64, 64, U).build(), "channels", "(64, 64, None)");
        assertMessage(() -> small().optInputShape(64, 0, 3).build(), "inputShape", "[64, 0, 3]");
        // unknown sizes are fine without the top, and the default then is (None, None, 3)
        try (Model m = MobileNetV2.builder().optAlpha(0.35).optIncludeTop(false).optInputShape(U, 48, 1).build()) {
            assertEquals(Shape.batchOf(U, 48, 1), m.inputs().get(0).shape());
        }
    }

    @Test
    void checksTheTopAndPooling() {
        assertMessage(() -> ResNet50.builder().optClasses(0).build(), "classes >= 1", "0");
        assertMessage(() -> small().optPooling((Pooling) null).build(), "pooling", "null");
        assertMessage(() -> small().optClassifierActivation((dev.graft.activations.ActivationFunction) null).build(),
                "classifier activation", "null");
        // with the top, pooling is ignored, as in Keras
        try (Model m = MobileNetV2.builder().optAlpha(0.35).optInputShape(32, 32, 3).optClasses(4)
                .optPooling(Pooling.MAX).optClassifierActivation((String) null).build()) {
            assertEquals(Shape.batchOf(4), m.outputs().get(0).shape());
        }
    }

    @Test
    void poolingByKerasName() {
        assertEquals(Pooling.NONE, Pooling.of(null));
        assertEquals(Pooling.AVG, Pooling.of("avg"));
        assertEquals(Pooling.MAX, Pooling.of("MAX"));
        assertMessage(() -> Pooling.of("mean"), "'mean'", "'avg'", "'max'");
    }

    private static void assertMessage(Supplier<?> call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::get);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }
}
