package dev.graft.layers;

import static dev.graft.layers.Naive2D.host;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.activations.ActivationFunction;
import dev.graft.initializers.Constant;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class Conv2DTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> Conv2D.builder().setFilters(3).setKernelSize(3).optDType(dtype).build())
                .inputShape(2, 5, 6, 2).expectWeights(2, 2, 0).run();
        LayerContract.of(dtype -> Conv2D.builder().setFilters(2).setKernelSize(3, 2).optStrides(2)
                        .optPadding("same").optActivation(ActivationFunction.TANH).optDType(dtype).build())
                .inputShape(2, 5, 4, 3).expectWeights(2, 2, 0).run();
        LayerContract.of(dtype -> Conv2D.builder().setFilters(4).setKernelSize(2).optDilationRate(2)
                        .optPadding(Padding.SAME).optGroups(2).optUseBias(false).optDType(dtype).build())
                .inputShape(1, 4, 5, 4).expectWeights(1, 1, 0).run();
    }

    @Test
    void createsAKerasLayoutKernelAndZeroBias() {
        try (TensorScope scope = TensorScope.open();
             Conv2D conv = Conv2D.builder().setFilters(6).setKernelSize(3, 2).optGroups(3).build()) {
            conv.build(Shape.batchOf(8, 8, 9));
            List<Variable> w = conv.weights();
            assertEquals(conv.name() + "/kernel", w.get(0).name());
            assertEquals(Shape.of(3, 2, 3, 6), w.get(0).shape(), "[kh, kw, in / groups, filters]");
            assertEquals(conv.name() + "/bias", w.get(1).name());
            assertArrayEquals(new float[6], w.get(1).toHostArray().data());
            assertEquals(3 * 2 * 3 * 6 + 6, conv.countParams());
            assertTrue(conv.name().startsWith("conv2d"), conv.name());
        }
    }

    @Test
    void computesAValidConvolutionByHand() {
        // x = [[1,2,3],[4,5,6],[7,8,9]], kernel [[1,2],[3,4]], bias 0.5, 'valid', stride 1:
        // y00 = 1*1 + 2*2 + 4*3 + 5*4 = 37, y01 = 2*1 + 3*2 + 5*3 + 6*4 = 47,
        // y10 = 4*1 + 5*2 + 7*3 + 8*4 = 67, y11 = 5*1 + 6*2 + 8*3 + 9*4 = 77; then + 0.5.
        try (TensorScope scope = TensorScope.open(); Conv2D conv = new Conv2D(1, 2)) {
            conv.build(Shape.batchOf(3, 3, 1));
            conv.setWeights(List.of(host(new float[] {1, 2, 3, 4}, 2, 2, 1, 1), host(new float[] {0.5f}, 1)));
            Tensor y = conv.call(Naive2D.ramp(3));
            assertEquals(Shape.of(1, 2, 2, 1), y.shape());
            assertArrayEquals(new float[] {37.5f, 47.5f, 67.5f, 77.5f}, y.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void readsTheKernelAsHeightWidthInOut() {
        // A 1x2 kernel [1, 10] walks along the width: y[i][j] = x[i][j] + 10 * x[i][j+1] on the 3x3 ramp,
        // so row 0 is 1 + 20 = 21, 2 + 30 = 32. A kernel read as 2x1 would give a 2x3 output instead.
        try (TensorScope scope = TensorScope.open(); Conv2D conv = Conv2D.builder().setFilters(1).setKernelSize(1, 2)
                .optUseBias(false).build()) {
            conv.build(Shape.batchOf(3, 3, 1));
            conv.setWeights(List.of(host(new float[] {1, 10}, 1, 2, 1, 1)));
            Tensor y = conv.call(Naive2D.ramp(3));
            assertEquals(Shape.of(1, 3, 2, 1), y.shape());
            assertArrayEquals(new float[] {21, 32, 54, 65, 87, 98}, y.toFloatArray(), 1e-5f);
        }
        // Channels: a 1x1 kernel [in=2, out=2] = [[1, 2], [3, 4]] maps the pixel (1, 2) to
        // (1*1 + 2*3, 1*2 + 2*4) = (7, 10), like a Dense kernel [in, out].
        try (TensorScope scope = TensorScope.open(); Conv2D conv = Conv2D.builder().setFilters(2).setKernelSize(1)
                .optUseBias(false).build()) {
            conv.build(Shape.batchOf(1, 1, 2));
            conv.setWeights(List.of(host(new float[] {1, 2, 3, 4}, 1, 1, 2, 2)));
            assertArrayEquals(new float[] {7, 10}, conv.call(Tensor.of(new float[] {1, 2}, 1, 1, 1, 2))
                    .toFloatArray(), 1e-6f);
        }
    }

    @Test
    void dilatesTheKernelByHand() {
        // A 3x3 all-ones kernel with dilation 2 spans 5x5: on the 5x5 ramp it sums rows 0, 2, 4 and columns
        // 0, 2, 4: (1+3+5) + (11+13+15) + (21+23+25) = 9 + 39 + 69 = 117.
        try (TensorScope scope = TensorScope.open(); Conv2D conv = onesConv(3, 1, "valid", 2)) {
            Tensor y = conv.call(Naive2D.ramp(5));
            assertEquals(Shape.of(1, 1, 1, 1), y.shape());
            assertArrayEquals(new float[] {117}, y.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void splitsChannelsIntoGroups() {
        // groups=2, in=4, filters=2, 1x1 kernel [in/groups=2, out=2] = [[1, 10], [100, 1000]]:
        // filter 0 sees channels 0-1: 1*1 + 2*100 = 201; filter 1 sees channels 2-3: 3*10 + 4*1000 = 4030.
        try (TensorScope scope = TensorScope.open(); Conv2D conv = Conv2D.builder().setFilters(2).setKernelSize(1)
                .optGroups(2).optUseBias(false).build()) {
            conv.build(Shape.batchOf(1, 1, 4));
            conv.setWeights(List.of(host(new float[] {1, 10, 100, 1000}, 1, 1, 2, 2)));
            assertArrayEquals(new float[] {201, 4030}, conv.call(Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 1, 4))
                    .toFloatArray(), 1e-4f);
        }
    }

    // ---- TensorFlow 'same' padding parity: 3x3 all-ones kernel on the n x n ramp 1..n*n -------------------

    @Test
    void samePaddingStride1EvenInput() {
        // 4x4, k=3, s=1: total pad (4-1)*1 + 3 - 4 = 2, split (1, 1); each output is a 3x3 neighbourhood sum:
        // y00 = 1+2+5+6 = 14, y11 = 1+2+3+5+6+7+9+10+11 = 54, y33 = 11+12+15+16 = 54.
        assertSameConv(4, 3, 1, 4, new float[] {
            14, 24, 30, 22,
            33, 54, 63, 45,
            57, 90, 99, 69,
            46, 72, 78, 54});
    }

    @Test
    void samePaddingStride1OddInput() {
        // 5x5, k=3, s=1: total pad 2, split (1, 1): y00 = 1+2+6+7 = 16, y22 = 9 * 13 = 117, y44 = 19+20+24+25 = 88.
        assertSameConv(5, 3, 1, 5, new float[] {
            16, 27, 33, 39, 28,
            39, 63, 72, 81, 57,
            69, 108, 117, 126, 87,
            99, 153, 162, 171, 117,
            76, 117, 123, 129, 88});
    }

    @Test
    void samePaddingStride1EvenKernelPadsOnlyBottomRight() {
        // 4x4, k=2, s=1: total pad 1, split (0, 1): y00 = 1+2+5+6 = 14 (no padding above or left), and the last
        // row/column see the zero padding: y03 = 4+8 = 12, y30 = 13+14 = 27, y33 = 16.
        assertSameConv(4, 2, 1, 4, new float[] {
            14, 18, 22, 12,
            30, 34, 38, 20,
            46, 50, 54, 28,
            27, 29, 31, 16});
    }

    @Test
    void samePaddingStride2EvenInputIsAsymmetric() {
        // 4x4, k=3, s=2: output ceil(4/2) = 2, total pad (2-1)*2 + 3 - 4 = 1, split (0 top/left, 1 bottom/right).
        // Windows cover rows/cols {0,1,2} and {2,3,pad}:
        // y00 = sum of rows 0-2, cols 0-2 = (1+2+3) + (5+6+7) + (9+10+11) = 54
        // y01 = rows 0-2, cols 2-3 = (3+4) + (7+8) + (11+12) = 45
        // y10 = rows 2-3, cols 0-2 = (9+10+11) + (13+14+15) = 72
        // y11 = rows 2-3, cols 2-3 = 11+12+15+16 = 54.
        // A symmetric padding of 1 (PyTorch style) would give y00 = 1+2+5+6 = 14 instead.
        assertSameConv(4, 3, 2, 2, new float[] {54, 45, 72, 54});
    }

    @Test
    void samePaddingStride2OddInput() {
        // 5x5, k=3, s=2: output 3, total pad 2*2 + 3 - 5 = 2, split (1, 1); windows on rows {-1,0,1}, {1,2,3},
        // {3,4,5}: y00 = 1+2+6+7 = 16, y11 = 9 * 13 = 117 (rows/cols 1-3, centred on 13), y22 = 19+20+24+25 = 88.
        assertSameConv(5, 3, 2, 3, new float[] {16, 33, 28, 69, 117, 87, 76, 123, 88});
    }

    @Test
    void samePaddingStride2OddInputEvenKernel() {
        // 5x5, k=2, s=2: output 3, total pad 2*2 + 2 - 5 = 1, split (0, 1): windows rows {0,1}, {2,3}, {4,pad}:
        // y00 = 1+2+6+7 = 16, y02 = 5+10 = 15, y20 = 21+22 = 43, y22 = 25.
        assertSameConv(5, 2, 2, 3, new float[] {16, 24, 15, 56, 64, 35, 43, 47, 25});
    }

    private static Conv2D onesConv(int k, int stride, String padding, int dilation) {
        return Conv2D.builder().setFilters(1).setKernelSize(k).optStrides(stride).optPadding(padding)
                .optDilationRate(dilation).optUseBias(false).optKernelInitializer(Constant.ONES).build();
    }

    private static void assertSameConv(int n, int k, int stride, int out, float[] expected) {
        try (TensorScope scope = TensorScope.open(); Conv2D conv = onesConv(k, stride, "same", 1)) {
            assertEquals(Shape.of(Shape.UNKNOWN, out, out, 1), conv.computeOutputShape(Shape.batchOf(n, n, 1)));
            Tensor y = conv.call(Naive2D.ramp(n));
            assertEquals(Shape.of(1, out, out, 1), y.shape());
            assertArrayEquals(expected, y.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void matchesADirectImplementationOnRandomData() {
        // strides, 'same' on odd and even sizes, dilation and groups against loops written from the definition.
        int[][] cases = { // h, w, c, filters, kh, kw, stride, dilation, same, groups
            {5, 6, 3, 4, 3, 3, 2, 1, 1, 1},
            {6, 5, 2, 3, 3, 2, 2, 1, 1, 1},
            {7, 7, 4, 6, 3, 3, 1, 2, 1, 2},
            {7, 6, 2, 2, 2, 3, 3, 1, 0, 1},
            {6, 6, 4, 4, 3, 3, 1, 2, 0, 4},
        };
        for (int[] p : cases) {
            try (TensorScope scope = TensorScope.open(); Conv2D conv = Conv2D.builder().setFilters(p[3])
                    .setKernelSize(p[4], p[5]).optStrides(p[6]).optDilationRate(p[7])
                    .optPadding(p[8] == 1 ? Padding.SAME : Padding.VALID).optGroups(p[9]).optUseBias(false).build()) {
                float[] x = Naive2D.random(2 * p[0] * p[1] * p[2], 11);
                Tensor y = conv.call(Tensor.of(x, 2, p[0], p[1], p[2]));
                float[] k = conv.getWeights().get(0).data();
                float[] expected = Naive2D.conv(x, 2, p[0], p[1], p[2], k, p[4], p[5], p[3], p[6], p[7], p[8] == 1,
                        p[9]);
                assertArrayEquals(expected, y.toFloatArray(), 1e-5f, java.util.Arrays.toString(p));
            }
        }
    }

    // ---- shapes and errors ---------------------------------------------------------------------------

    @Test
    void infersOutputShapesExactly() {
        Conv2D valid = Conv2D.builder().setFilters(8).setKernelSize(3).optStrides(2).build();
        // valid: floor((7 - 3) / 2) + 1 = 3; floor((8 - 3) / 2) + 1 = 3
        assertEquals(Shape.of(Shape.UNKNOWN, 3, 3, 8), valid.computeOutputShape(Shape.batchOf(7, 8, 2)));
        Conv2D same = Conv2D.builder().setFilters(8).setKernelSize(3).optStrides(2).optPadding("same").build();
        // same: ceil(7 / 2) = 4, ceil(8 / 2) = 4
        assertEquals(Shape.of(Shape.UNKNOWN, 4, 4, 8), same.computeOutputShape(Shape.batchOf(7, 8, 2)));
        Conv2D dilated = Conv2D.builder().setFilters(1).setKernelSize(3).optDilationRate(3).build();
        // effective kernel (3 - 1) * 3 + 1 = 7: 10 - 7 + 1 = 4
        assertEquals(Shape.of(Shape.UNKNOWN, 4, 1, 1), dilated.computeOutputShape(Shape.batchOf(10, 7, 5)));
        // unknown spatial dimensions stay unknown
        assertEquals(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 3, 8),
                valid.computeOutputShape(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 7, 2)));
        try (Conv2D conv = new Conv2D(4, 3)) {
            SymbolicTensor out = conv.call(Input.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN, 3),
                    dev.graft.tensor.DType.FLOAT32, null));
            assertEquals(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN, 4), out.shape());
        }
    }

    @Test
    void rejectsBadInputsNamingLayerAndShape() {
        try (Conv2D conv = Conv2D.builder().setFilters(2).setKernelSize(3).optName("stem").build()) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> conv.call(Input.of(5, 5))),
                    "'stem'", "(None, 5, 5)", "rank-4");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> conv.call(Input.of(2, 9, 3))),
                    "'stem'", "(None, 2, 9, 3)", "3x3");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> conv.call(Input.of(Shape.of(
                    Shape.UNKNOWN, 8, 8, Shape.UNKNOWN), dev.graft.tensor.DType.FLOAT32, null))),
                    "'stem'", "(None, 8, 8, None)", "channel");
            conv.call(Input.of(8, 8, 3));
            assertMessage(assertThrows(IllegalArgumentException.class, () -> conv.call(Input.of(8, 8, 4))),
                    "'stem'", "(None, 8, 8, 4)", "3 channels");
        }
        try (Conv2D grouped = Conv2D.builder().setFilters(4).setKernelSize(1).optGroups(2).optName("g").build()) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> grouped.call(Input.of(4, 4, 3))),
                    "'g'", "(None, 4, 4, 3)", "groups=2");
        }
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> Conv2D.builder().setKernelSize(3).build());
        assertThrows(IllegalArgumentException.class, () -> Conv2D.builder().setFilters(3).build());
        assertThrows(IllegalArgumentException.class, () -> Conv2D.builder().setFilters(3).setKernelSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> Conv2D.builder().setFilters(3).setKernelSize(1, 2, 3)
                .build());
        assertThrows(IllegalArgumentException.class, () -> Conv2D.builder().setFilters(3).setKernelSize(3)
                .optGroups(2).build());
        assertThrows(IllegalArgumentException.class, () -> Conv2D.builder().setFilters(3).setKernelSize(3)
                .optStrides(2).optDilationRate(2).build());
        assertThrows(IllegalArgumentException.class, () -> Conv2D.builder().setFilters(3).setKernelSize(3)
                .optPadding("causal"));
    }

    static void assertMessage(IllegalArgumentException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }
}
