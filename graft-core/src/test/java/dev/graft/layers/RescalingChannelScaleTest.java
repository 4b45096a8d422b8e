package dev.graft.layers;

import static dev.graft.layers.Conv2DTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/** Rescaling with one scale per channel, as Keras' {@code Rescaling(scale=[...])}. */
class RescalingChannelScaleTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> Rescaling.builder().setScale(0.5, -2, 3).optOffset(1).optDType(dtype).build())
                .inputShape(2, 2, 2, 3).expectWeights(0, 0, 0).run();
    }

    @Test
    void scalesEachChannelByItsOwnFactor() {
        // EfficientNet's imagenet stem: x[..., c] * (1 / sqrt(stddev[c]))
        double[] stddev = {0.229, 0.224, 0.225};
        double[] scales = new double[3];
        for (int c = 0; c < 3; c++) {
            scales[c] = 1 / Math.sqrt(stddev[c]);
        }
        float[] x = {1, 2, 3, -1, -2, -3};
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = (float) (x[i] * scales[i % 3] + 0.5);
        }
        try (TensorScope scope = TensorScope.open();
                Rescaling r = Rescaling.builder().setScale(scales).optOffset(0.5).build()) {
            Tensor y = r.call(Tensor.of(x, 1, 1, 2, 3));
            assertEquals(Shape.of(1, 1, 2, 3), y.shape());
            assertArrayEquals(expected, y.toFloatArray(), 1e-6f);
            assertArrayEquals(scales, r.channelScales());
            assertEquals(1, r.scale());
        }
    }

    @Test
    void aScalarScaleSetLaterReplacesThePerChannelOnes() {
        Rescaling r = Rescaling.builder().setScale(1, 2).setScale(3).build();
        assertNull(r.channelScales());
        assertEquals(3, r.scale());
    }

    @Test
    void rejectsAChannelCountMismatchAndBadScales() {
        Rescaling r = Rescaling.builder().optName("scale_rgb").setScale(1, 2, 3).build();
        assertMessage(assertThrows(IllegalArgumentException.class, () -> r.call(Input.of(4, 4, 1))),
                "'scale_rgb'", "3 channels", "(None, 4, 4, 1)");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Rescaling.builder().setScale(1, Double.NaN).build()), "[1.0, NaN]");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Rescaling.builder().setScale(new double[0]).build()), "at least one");
    }
}
