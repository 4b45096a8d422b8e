package dev.graft.layers;

import static dev.graft.layers.Conv2DTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class GlobalMaxPooling2DTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> GlobalMaxPooling2D.builder().optDType(dtype).build())
                .inputShape(2, 3, 4, 5).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> GlobalMaxPooling2D.builder().optKeepDims(true).optDType(dtype).build())
                .inputShape(2, 3, 2, 3).expectWeights(0, 0, 0).run();
    }

    @Test
    void takesTheMaximumOverHeightAndWidthPerChannel() {
        // image 0: channel 0 = [1, 2, 3, 4] (max 4), channel 1 = [10, 20, 30, 40] (max 40); image 1 = -image 0
        // (max -1 and -10).
        try (TensorScope scope = TensorScope.open(); GlobalMaxPooling2D gmp = new GlobalMaxPooling2D()) {
            Tensor x = Tensor.of(new float[] {1, 10, 2, 20, 3, 30, 4, 40, -1, -10, -2, -20, -3, -30, -4, -40},
                    2, 2, 2, 2);
            Tensor y = gmp.call(x);
            assertEquals(Shape.of(2, 2), y.shape());
            assertArrayEquals(new float[] {4, 40, -1, -10}, y.toFloatArray());
        }
    }

    @Test
    void keepsDimsOnRequest() {
        // The 3x3 ramp 1..9 has maximum 9.
        try (TensorScope scope = TensorScope.open();
             GlobalMaxPooling2D gmp = GlobalMaxPooling2D.builder().optKeepDims(true).build()) {
            Tensor y = gmp.call(Naive2D.ramp(3));
            assertEquals(Shape.of(1, 1, 1, 1), y.shape());
            assertArrayEquals(new float[] {9}, y.toFloatArray());
        }
    }

    @Test
    void infersShapesAndRejectsBadInputs() {
        GlobalMaxPooling2D gmp = GlobalMaxPooling2D.builder().optName("max_pool").build();
        assertEquals(Shape.of(Shape.UNKNOWN, 2048),
                gmp.computeOutputShape(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN, 2048)));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> gmp.call(Input.of(4, 3))),
                "'max_pool'", "rank-4", "(None, 4, 3)");
    }
}
