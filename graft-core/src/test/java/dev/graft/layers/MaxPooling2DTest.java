package dev.graft.layers;

import static dev.graft.layers.Conv2DTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class MaxPooling2DTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> MaxPooling2D.builder().optDType(dtype).build())
                .inputShape(2, 4, 6, 3).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> MaxPooling2D.builder().optPoolSize(3).optStrides(2).optPadding("same")
                        .optDType(dtype).build())
                .inputShape(2, 5, 4, 2).expectWeights(0, 0, 0).run();
    }

    @Test
    void poolsTwoByTwoByDefault() {
        // 2x2 windows with stride 2 on the 4x4 ramp: max of {1,2,5,6} = 6, {3,4,7,8} = 8, {9,10,13,14} = 14,
        // {11,12,15,16} = 16.
        try (TensorScope scope = TensorScope.open(); MaxPooling2D pool = new MaxPooling2D()) {
            Tensor y = pool.call(Naive2D.ramp(4));
            assertEquals(Shape.of(1, 2, 2, 1), y.shape());
            assertArrayEquals(new float[] {6, 8, 14, 16}, y.toFloatArray(), 0f);
            assertArrayEquals(new int[] {2, 2}, pool.strides(), "strides default to the pool size");
        }
    }

    @Test
    void stridesDefaultToThePoolSizeAndCanOverlap() {
        // pool 3 on the 6x6 ramp (values 6i + j + 1): stride 3 takes windows ending at rows/cols 2 and 5,
        // so y = x[2][2], x[2][5], x[5][2], x[5][5] = 15, 18, 33, 36.
        try (TensorScope scope = TensorScope.open(); MaxPooling2D pool = new MaxPooling2D(3);
             MaxPooling2D overlapping = MaxPooling2D.builder().optPoolSize(3).optStrides(1).build()) {
            assertArrayEquals(new float[] {15, 18, 33, 36}, pool.call(Naive2D.ramp(6)).toFloatArray(), 0f);
            // stride 1, 'valid': floor((6 - 3) / 1) + 1 = 4 per side; the max is the window's bottom-right pixel.
            Tensor y = overlapping.call(Naive2D.ramp(6));
            assertEquals(Shape.of(1, 4, 4, 1), y.shape());
            assertEquals(15f, y.toFloatArray()[0]);
            assertEquals(36f, y.toFloatArray()[15]);
        }
    }

    // ---- TensorFlow 'same' padding parity: 3x3 windows on the n x n ramp 1..n*n ------------------------

    @Test
    void samePaddingStride1() {
        // Stride 1, k=3: pad (1, 1). The max of the window centred on (i, j) is its bottom-right real pixel:
        // 4x4: y00 = x[1][1] = 6, y33 = x[3][3] = 16; 5x5: y00 = 7, y44 = 25.
        assertSamePool(4, 3, 1, 4, new float[] {
            6, 7, 8, 8,
            10, 11, 12, 12,
            14, 15, 16, 16,
            14, 15, 16, 16});
        assertSamePool(5, 3, 1, 5, new float[] {
            7, 8, 9, 10, 10,
            12, 13, 14, 15, 15,
            17, 18, 19, 20, 20,
            22, 23, 24, 25, 25,
            22, 23, 24, 25, 25});
    }

    @Test
    void samePaddingStride2EvenInputIsAsymmetric() {
        // 4x4, k=3, s=2: pad (0, 1); windows rows/cols {0,1,2} and {2,3,pad}: y = x[2][2], x[2][3], x[3][2],
        // x[3][3] = 11, 12, 15, 16. A symmetric pad of 1 would take {-1,0,1}, {1,2,3}: 6, 8, 14, 16.
        assertSamePool(4, 3, 2, 2, new float[] {11, 12, 15, 16});
    }

    @Test
    void samePaddingStride2OddInput() {
        // 5x5, k=3, s=2: pad (1, 1); windows {-1,0,1}, {1,2,3}, {3,4,5}: maxima at rows/cols 1, 3, 4:
        // x[1][1] = 7, x[1][3] = 9, x[1][4] = 10, then 17, 19, 20 and 22, 24, 25.
        assertSamePool(5, 3, 2, 3, new float[] {7, 9, 10, 17, 19, 20, 22, 24, 25});
    }

    @Test
    void paddedCellsNeverWinTheMax() {
        // The negated 4x4 ramp, k=3, s=2, 'same' (pad (0, 1)): window rows {0,1,2} x cols {0,1,2} has max -1;
        // the bottom-right window {2,3,pad} x {2,3,pad} holds -11, -12, -15, -16 and zero padding, but the
        // answer is -11, not 0.
        try (TensorScope scope = TensorScope.open(); MaxPooling2D pool = MaxPooling2D.builder().optPoolSize(3)
                .optStrides(2).optPadding(Padding.SAME).build()) {
            Tensor y = pool.call(Naive2D.ramp(4).neg());
            assertArrayEquals(new float[] {-1, -3, -9, -11}, y.toFloatArray(), 0f);
        }
    }

    @Test
    void poolsEachChannelSeparately() {
        // channel 1 = -channel 0 on a 2x2 image; one 2x2 window: max(1,2,3,4) = 4 and max(-1,-2,-3,-4) = -1.
        try (TensorScope scope = TensorScope.open(); MaxPooling2D pool = new MaxPooling2D()) {
            Tensor x = Tensor.of(new float[] {1, -1, 2, -2, 3, -3, 4, -4}, 1, 2, 2, 2);
            assertArrayEquals(new float[] {4, -1}, pool.call(x).toFloatArray(), 0f);
        }
    }

    private static void assertSamePool(int n, int k, int stride, int out, float[] expected) {
        try (TensorScope scope = TensorScope.open(); MaxPooling2D pool = MaxPooling2D.builder().optPoolSize(k)
                .optStrides(stride).optPadding("same").build()) {
            assertEquals(Shape.of(Shape.UNKNOWN, out, out, 1), pool.computeOutputShape(Shape.batchOf(n, n, 1)));
            Tensor y = pool.call(Naive2D.ramp(n));
            assertEquals(Shape.of(1, out, out, 1), y.shape());
            assertArrayEquals(expected, y.toFloatArray(), 0f);
        }
    }

    @Test
    void infersShapesAndRejectsBadInputs() {
        MaxPooling2D pool = MaxPooling2D.builder().optPoolSize(3, 2).optName("mp").build();
        // valid, strides (3, 2): floor((7 - 3) / 3) + 1 = 2, floor((5 - 2) / 2) + 1 = 2; channels unchanged
        assertEquals(Shape.of(Shape.UNKNOWN, 2, 2, 6), pool.computeOutputShape(Shape.batchOf(7, 5, 6)));
        assertEquals(Shape.of(4, Shape.UNKNOWN, 2, Shape.UNKNOWN),
                pool.computeOutputShape(Shape.of(4, Shape.UNKNOWN, 5, Shape.UNKNOWN)));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> pool.call(Input.of(7, 5))),
                "'mp'", "(None, 7, 5)", "rank-4");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> pool.call(Input.of(2, 5, 1))),
                "'mp'", "(None, 2, 5, 1)", "3x2");
        assertThrows(IllegalArgumentException.class, () -> MaxPooling2D.builder().optPoolSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> MaxPooling2D.builder().optStrides(0).build());
    }
}
