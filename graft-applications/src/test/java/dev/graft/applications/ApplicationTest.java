package dev.graft.applications;

import static dev.graft.applications.XceptionTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.graft.models.Model;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplicationTest {
    @Test
    void findsEveryApplicationByItsKerasName() {
        Map<String, Application> names = Map.of("xception", Application.XCEPTION, "mobilenet", Application.MOBILENET,
                "mobilenet_v2", Application.MOBILENET_V2, "resnet50", Application.RESNET50, "efficientnetb0",
                Application.EFFICIENTNET_B0);
        names.forEach((name, application) -> {
            assertEquals(application, Application.fromName(name));
            assertEquals(name, application.kerasName());
        });
        assertEquals(Application.MOBILENET_V2, Application.fromName("MobileNetV2"));
        assertEquals(Application.EFFICIENTNET_B0, Application.fromName("EfficientNet-B0"));
        assertEquals(List.of(299, 224, 224, 224, 224),
                List.of(Application.values()).stream().map(Application::defaultSize).toList());
        assertMessage(() -> Application.fromName("vgg16"), "'vgg16'", "mobilenet_v2", "efficientnetb0");
    }

    @Test
    void buildersAreTheApplications() {
        assertInstanceOf(Xception.Builder.class, Application.XCEPTION.builder());
        assertInstanceOf(MobileNet.Builder.class, Application.MOBILENET.builder());
        assertInstanceOf(MobileNetV2.Builder.class, Application.MOBILENET_V2.builder());
        assertInstanceOf(ResNet50.Builder.class, Application.RESNET50.builder());
        assertInstanceOf(EfficientNetB0.Builder.class, Application.EFFICIENTNET_B0.builder());
    }

    @Test
    void alphaAppliesToBothMobileNets() {
        try (Model v1 = Application.MOBILENET.builder(0.25).optWeights(Weights.none()).optIncludeTop(false).build();
             Model v2 = Application.MOBILENET_V2.builder(0.35).optWeights(Weights.none()).optIncludeTop(false)
                     .build();
             Model v2Default = Application.MOBILENET_V2.builder(Double.NaN).optWeights(Weights.none())
                     .optIncludeTop(false).build()) {
            assertEquals("mobilenet_0.25_None", v1.name());
            assertEquals("mobilenetv2_0.35_None", v2.name());
            assertEquals("mobilenetv2_1.00_None", v2Default.name());
        }
        assertMessage(() -> Application.RESNET50.builder(0.5), "resnet50 has no alpha", "[mobilenet, mobilenet_v2]");
    }

    @Test
    void preprocessesAsEachApplication() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor rgb = Tensor.of(new float[] {10, 20, 30}, 1, 1, 1, 3);
            // tf: x / 127.5 - 1; caffe: BGR minus (103.939, 116.779, 123.68); EfficientNet: the identity
            float[] tf = {10 / 127.5f - 1, 20 / 127.5f - 1, 30 / 127.5f - 1};
            for (Application a : List.of(Application.XCEPTION, Application.MOBILENET, Application.MOBILENET_V2)) {
                assertArrayEquals(tf, a.preprocessInput(rgb).toFloatArray(), 1e-6f, a.kerasName());
            }
            assertArrayEquals(new float[] {30 - 103.939f, 20 - 116.779f, 10 - 123.68f},
                    Application.RESNET50.preprocessInput(rgb).toFloatArray(), 1e-4f);
            assertArrayEquals(new float[] {10, 20, 30}, Application.EFFICIENTNET_B0.preprocessInput(rgb).toFloatArray());
        }
    }
}
