package dev.graft.layers;

import static dev.graft.layers.Conv2DTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class AveragePooling2DTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> AveragePooling2D.builder().optDType(dtype).build())
                .inputShape(2, 4, 6, 3).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> AveragePooling2D.builder().optPoolSize(3).optStrides(2).optPadding("same")
                        .optDType(dtype).build())
                .inputShape(2, 4, 5, 2).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> AveragePooling2D.builder().optPoolSize(3).optStrides(1).optPadding("same")
                        .optDType(dtype).build())
                .inputShape(1, 5, 5, 2).expectWeights(0, 0, 0).run();
    }

    @Test
    void averagesTwoByTwoByDefault() {
        // 2x2 windows, stride 2, on the 4x4 ramp: (1+2+5+6)/4 = 3.5, (3+4+7+8)/4 = 5.5, (9+10+13+14)/4 = 11.5,
        // (11+12+15+16)/4 = 13.5.
        try (TensorScope scope = TensorScope.open(); AveragePooling2D pool = new AveragePooling2D()) {
            Tensor y = pool.call(Naive2D.ramp(4));
            assertEquals(Shape.of(1, 2, 2, 1), y.shape());
            assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, y.toFloatArray(), 1e-6f);
        }
    }

    // ---- TensorFlow 'same' padding parity: padded cells are left out of the average --------------------

    @Test
    void samePaddingStride1EvenInput() {
        // 4x4, k=3, s=1, pad (1, 1): corner windows hold 4 real pixels, edges 6, the inside 9:
        // y00 = (1+2+5+6)/4 = 3.5, y01 = (1+2+3+5+6+7)/6 = 4, y11 = 54/9 = 6, y33 = (11+12+15+16)/4 = 13.5.
        // Counting the zero padding (divide by 9) would give y00 = 14/9 instead.
        assertSamePool(4, 3, 1, 4, new float[] {
            3.5f, 4, 5, 5.5f,
            5.5f, 6, 7, 7.5f,
            9.5f, 10, 11, 11.5f,
            11.5f, 12, 13, 13.5f});
    }

    @Test
    void samePaddingStride1OddInput() {
        // 5x5, k=3, s=1, pad (1, 1): y00 = (1+2+6+7)/4 = 4, y01 = (1+2+3+6+7+8)/6 = 4.5, y22 = 117/9 = 13,
        // y44 = (19+20+24+25)/4 = 22.
        assertSamePool(5, 3, 1, 5, new float[] {
            4, 4.5f, 5.5f, 6.5f, 7,
            6.5f, 7, 8, 9, 9.5f,
            11.5f, 12, 13, 14, 14.5f,
            16.5f, 17, 18, 19, 19.5f,
            19, 19.5f, 20.5f, 21.5f, 22});
    }

    @Test
    void samePaddingStride1EvenWindowPadsOnlyBottomRight() {
        // 4x4, k=2, s=1: pad (0, 1). y00 = (1+2+5+6)/4 = 3.5 (no padding above/left); the last column averages
        // two real pixels, y03 = (4+8)/2 = 6; the corner only one, y33 = 16.
        assertSamePool(4, 2, 1, 4, new float[] {
            3.5f, 4.5f, 5.5f, 6,
            7.5f, 8.5f, 9.5f, 10,
            11.5f, 12.5f, 13.5f, 14,
            13.5f, 14.5f, 15.5f, 16});
    }

    @Test
    void samePaddingStride2EvenInputIsAsymmetric() {
        // 4x4, k=3, s=2: pad (0, 1), windows rows/cols {0,1,2} and {2,3,pad}:
        // y00 = 54/9 = 6 (rows/cols 0-2), y01 = 45/6 = 7.5 (cols 2-3), y10 = 72/6 = 12, y11 = 54/4 = 13.5.
        // A symmetric pad of 1 would give y00 = (1+2+5+6)/4 = 3.5.
        assertSamePool(4, 3, 2, 2, new float[] {6, 7.5f, 12, 13.5f});
    }

    @Test
    void samePaddingStride2OddInput() {
        // 5x5, k=3, s=2: pad (1, 1), windows {-1,0,1}, {1,2,3}, {3,4,5}:
        // y00 = (1+2+6+7)/4 = 4, y01 = (2+3+4+7+8+9)/6 = 5.5, y11 = 117/9 = 13, y22 = (19+20+24+25)/4 = 22.
        assertSamePool(5, 3, 2, 3, new float[] {4, 5.5f, 7, 11.5f, 13, 14.5f, 19, 20.5f, 22});
    }

    @Test
    void samePaddingStride2OddInputEvenWindow() {
        // 5x5, k=2, s=2: pad (0, 1), windows {0,1}, {2,3}, {4,pad}: y00 = (1+2+6+7)/4 = 4,
        // y02 = (5+10)/2 = 7.5, y20 = (21+22)/2 = 21.5, y22 = 25.
        assertSamePool(5, 2, 2, 3, new float[] {4, 6, 7.5f, 14, 16, 17.5f, 21.5f, 23.5f, 25});
    }

    private static void assertSamePool(int n, int k, int stride, int out, float[] expected) {
        try (TensorScope scope = TensorScope.open(); AveragePooling2D pool = AveragePooling2D.builder()
                .optPoolSize(k).optStrides(stride).optPadding(Padding.SAME).build()) {
            assertEquals(Shape.of(Shape.UNKNOWN, out, out, 1), pool.computeOutputShape(Shape.batchOf(n, n, 1)));
            Tensor y = pool.call(Naive2D.ramp(n));
            assertEquals(Shape.of(1, out, out, 1), y.shape());
            assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void infersShapesAndRejectsBadInputs() {
        AveragePooling2D pool = AveragePooling2D.builder().optPoolSize(2).optStrides(3).optName("ap").build();
        // valid, pool 2, stride 3: floor((8 - 2) / 3) + 1 = 3, floor((4 - 2) / 3) + 1 = 1
        assertEquals(Shape.of(Shape.UNKNOWN, 3, 1, 5), pool.computeOutputShape(Shape.batchOf(8, 4, 5)));
        AveragePooling2D same = AveragePooling2D.builder().optPoolSize(2).optStrides(3).optPadding("same").build();
        // same: ceil(8 / 3) = 3, ceil(4 / 3) = 2
        assertEquals(Shape.of(Shape.UNKNOWN, 3, 2, 5), same.computeOutputShape(Shape.batchOf(8, 4, 5)));
        assertEquals(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN, 5),
                same.computeOutputShape(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN, 5)));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> pool.call(Input.of(8, 4, 5, 1))),
                "'ap'", "(None, 8, 4, 5, 1)", "rank-4");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> pool.call(Input.of(8, 1, 5))),
                "'ap'", "(None, 8, 1, 5)");
    }
}
