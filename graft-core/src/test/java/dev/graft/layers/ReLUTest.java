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

class ReLUTest {
    private static final float[] X = {-10, -5, -1, 0, 0.5f, 1, 2.5f, 5, 6, 10};

    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> ReLU.builder().optDType(dtype).build())
                .inputShape(2, 3, 3, 2).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> ReLU.builder().optMaxValue(0.6).optNegativeSlope(0.3).optDType(dtype).build())
                .inputShape(3, 4).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> ReLU.builder().optNegativeSlope(0.2).optThreshold(0.25).optDType(dtype).build())
                .inputShape(3, 5).expectWeights(0, 0, 0).run();
    }

    @Test
    void defaultIsMaxOfXAndZero() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 0.5f, 1, 2.5f, 5, 6, 10}, apply(new ReLU()));
    }

    @Test
    void relu6ClipsAtSix() {
        // min(max(x, 0), 6): MobileNetV2's ReLU(6.)
        ReLU relu6 = new ReLU(6.0);
        assertEquals(6.0, relu6.maxValue());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0.5f, 1, 2.5f, 5, 6, 6}, apply(relu6));
    }

    @Test
    void kerasDocumentationExample() {
        // ReLU(max_value=10, negative_slope=0.5, threshold=0) on [-10, -5, 0, 5, 10] gives [-5, -2.5, 0, 5, 10].
        try (TensorScope scope = TensorScope.open(); ReLU relu = new ReLU(10.0, 0.5, 0)) {
            Tensor y = relu.call(Tensor.of(new float[] {-10, -5, 0, 5, 10}, 5));
            assertArrayEquals(new float[] {-5, -2.5f, 0, 5, 10}, y.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void leakyWithoutMaximum() {
        // x for x >= 0, 0.1 * x below
        float[] expected = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            expected[i] = X[i] >= 0 ? X[i] : 0.1f * X[i];
        }
        assertArrayEquals(expected, apply(new ReLU(null, 0.1, 0)), 1e-6f);
    }

    @Test
    void thresholdWithSlopeAndMaximum() {
        // maxValue 5, slope 0.5, threshold 1:
        //   x > 1  -> min(x, 5)
        //   x <= 1 -> 0.5 * (x - 1)
        float[] expected = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            expected[i] = X[i] > 1 ? Math.min(X[i], 5) : 0.5f * (X[i] - 1);
        }
        assertArrayEquals(expected, apply(new ReLU(5.0, 0.5, 1)), 1e-6f);
    }

    @Test
    void thresholdAloneZeroesUpToTheThreshold() {
        // x for x > 2, else 0 (Keras keeps x, so the output jumps from 0 to 2 there)
        float[] expected = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            expected[i] = X[i] > 2 ? X[i] : 0;
        }
        assertArrayEquals(expected, apply(ReLU.builder().optThreshold(2).build()), 0f);
    }

    @Test
    void keepsTheShapeAndDefaults() {
        ReLU relu = new ReLU();
        assertNull(relu.maxValue());
        assertEquals(0, relu.negativeSlope());
        assertEquals(0, relu.threshold());
        assertEquals(Shape.batchOf(7, 7, 32), relu.call(Input.of(7, 7, 32)).shape());
    }

    @Test
    void rejectsNegativeSettingsNamingThem() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new ReLU(-1.0)), "maxValue", "-1.0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new ReLU(null, -0.1, 0)),
                "negativeSlope", "-0.1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new ReLU(null, 0, -2)), "threshold", "-2");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new ReLU(Double.NaN)), "maxValue", "NaN");
    }

    private static float[] apply(ReLU relu) {
        try (TensorScope scope = TensorScope.open(); relu) {
            return relu.call(Tensor.of(X, X.length)).toFloatArray();
        }
    }
}
