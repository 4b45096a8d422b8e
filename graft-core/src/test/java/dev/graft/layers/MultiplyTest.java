package dev.graft.layers;

import static dev.graft.layers.Conv2DTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiplyTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> Multiply.builder().optDType(dtype).build())
                .inputShape(2, 3).inputShape(2, 3).expectWeights(0, 0, 0).run();
        // squeeze-and-excitation: features times per-channel gates
        LayerContract.of(dtype -> Multiply.builder().optDType(dtype).build())
                .inputShape(2, 3, 3, 4).inputShape(2, 1, 1, 4).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> Multiply.builder().optDType(dtype).build())
                .inputShape(2, 2, 3).inputShape(2, 2, 3).inputShape(2, 2, 3).expectWeights(0, 0, 0).run();
    }

    @Test
    void multipliesElementwise() {
        try (TensorScope scope = TensorScope.open(); Multiply multiply = new Multiply()) {
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
            Tensor b = Tensor.of(new float[] {10, 20, 30, 40}, 2, 2);
            Tensor c = Tensor.of(new float[] {-1, 0.5f, 0, 2}, 2, 2);
            assertArrayEquals(new float[] {10, 40, 90, 160}, multiply.call(List.of(a, b)).toFloatArray());
            assertArrayEquals(new float[] {-10, 20, 0, 320}, multiply.call(List.of(a, b, c)).toFloatArray());
        }
    }

    @Test
    void broadcastsPerChannelGatesOverTheImage() {
        // x[n, h, w, c] * gate[n, 0, 0, c]; x is 1..8 over (h=2, w=2, c=2), gates (10, 100)
        try (TensorScope scope = TensorScope.open(); Multiply multiply = new Multiply()) {
            Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2);
            Tensor gate = Tensor.of(new float[] {10, 100}, 1, 1, 1, 2);
            Tensor y = multiply.call(List.of(x, gate));
            assertEquals(Shape.of(1, 2, 2, 2), y.shape());
            assertArrayEquals(new float[] {10, 200, 30, 400, 50, 600, 70, 800}, y.toFloatArray());
        }
    }

    @Test
    void aLowerRankInputGetsAxesAfterTheBatch() {
        // [2, 3] times [2, 2, 3]: the first becomes [2, 1, 3], as Keras expands at axis 1
        try (TensorScope scope = TensorScope.open(); Multiply multiply = new Multiply()) {
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor b = Tensor.ones(Shape.of(2, 2, 3), DType.FLOAT32);
            Tensor y = multiply.call(List.of(a, b));
            assertEquals(Shape.of(2, 2, 3), y.shape());
            assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, y.toFloatArray());
            assertEquals(Shape.batchOf(2, 3),
                    multiply.computeOutputShape(List.of(Shape.batchOf(3), Shape.batchOf(2, 3))));
        }
    }

    @Test
    void infersBroadcastShapes() {
        Multiply multiply = new Multiply();
        assertEquals(Shape.batchOf(7, 7, 96),
                multiply.callSymbolic(List.of(Input.of(7, 7, 96), Input.of(1, 1, 96))).shape());
        assertEquals(Shape.of(4, Shape.UNKNOWN, 8), multiply.computeOutputShape(
                List.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 8), Shape.of(4, 1, 8))));
    }

    @Test
    void rejectsIncompatibleShapesAndBatches() {
        Multiply multiply = Multiply.builder().optName("excite").build();
        assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> multiply.callSymbolic(List.of(Input.of(4, 4, 8), Input.of(1, 1, 16)))),
                "'excite'", "(None, 4, 4, 8)", "(None, 1, 1, 16)");
        assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> multiply.computeOutputShape(List.of(Shape.of(2, 3), Shape.of(5, 3)))),
                "batch sizes", "(2, 3)", "(5, 3)");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> multiply.computeOutputShape(Shape.of(2, 3))), "at least 2 inputs");
    }
}
