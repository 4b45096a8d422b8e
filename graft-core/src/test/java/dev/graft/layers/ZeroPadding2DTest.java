package dev.graft.layers;

import static dev.graft.layers.Conv2DTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class ZeroPadding2DTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> ZeroPadding2D.builder().optDType(dtype).build())
                .inputShape(2, 3, 4, 2).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> ZeroPadding2D.builder().optPadding(new int[][] {{0, 1}, {2, 0}}).optDType(dtype)
                        .build())
                .inputShape(2, 3, 3, 1).expectWeights(0, 0, 0).run();
    }

    @Test
    void padsBottomAndRightLikeMobileNet() {
        // ((0, 1), (0, 1)) on [[1, 2], [3, 4]]: one zero row below and one zero column on the right.
        try (TensorScope scope = TensorScope.open();
             ZeroPadding2D pad = new ZeroPadding2D(new int[][] {{0, 1}, {0, 1}})) {
            Tensor y = pad.call(Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1));
            assertEquals(Shape.of(1, 3, 3, 1), y.shape());
            assertArrayEquals(new float[] {1, 2, 0, 3, 4, 0, 0, 0, 0}, y.toFloatArray(), 0f);
        }
    }

    @Test
    void padsEachSideAsConfigured() {
        // ((1, 0), (2, 1)) on a 1x1 image [7] with 2 channels [7, 8]: 2x4 output, the pixel at row 1, column 2.
        try (TensorScope scope = TensorScope.open();
             ZeroPadding2D pad = ZeroPadding2D.builder().optPadding(1, 0, 2, 1).build()) {
            Tensor y = pad.call(Tensor.of(new float[] {7, 8}, 1, 1, 1, 2));
            assertEquals(Shape.of(1, 2, 4, 2), y.shape());
            float[] expected = new float[16];
            expected[(1 * 4 + 2) * 2] = 7;
            expected[(1 * 4 + 2) * 2 + 1] = 8;
            assertArrayEquals(expected, y.toFloatArray(), 0f);
        }
    }

    @Test
    void offersKerasConvenienceForms() {
        assertArrayEquals(new int[][] {{1, 1}, {1, 1}}, new ZeroPadding2D().padding(), "Keras' default is 1");
        assertArrayEquals(new int[][] {{3, 3}, {3, 3}}, new ZeroPadding2D(3).padding());
        assertArrayEquals(new int[][] {{1, 1}, {2, 2}}, new ZeroPadding2D(1, 2).padding(), "(symH, symW)");
        assertArrayEquals(new int[][] {{0, 1}, {2, 3}}, new ZeroPadding2D(new int[][] {{0, 1}, {2, 3}}).padding());
    }

    @Test
    void infersShapesAndRejectsBadInputs() {
        ZeroPadding2D pad = ZeroPadding2D.builder().optPadding(1, 2).optName("zp").build();
        assertEquals(Shape.of(Shape.UNKNOWN, 7, 9, 3), pad.computeOutputShape(Shape.batchOf(5, 5, 3)));
        assertEquals(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 9, Shape.UNKNOWN),
                pad.computeOutputShape(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 5, Shape.UNKNOWN)));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> pad.call(Input.of(5, 5))),
                "'zp'", "(None, 5, 5)", "rank-4");
        assertThrows(IllegalArgumentException.class, () -> new ZeroPadding2D(-1));
        assertThrows(IllegalArgumentException.class, () -> new ZeroPadding2D(new int[][] {{1, 1}}));
    }
}
