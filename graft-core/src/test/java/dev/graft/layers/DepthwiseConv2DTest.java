package dev.graft.layers;

import static dev.graft.layers.Conv2DTest.assertMessage;
import static dev.graft.layers.Naive2D.host;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.activations.ActivationFunction;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DepthwiseConv2DTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> DepthwiseConv2D.builder().setKernelSize(3).optDType(dtype).build())
                .inputShape(2, 5, 6, 3).expectWeights(2, 2, 0).run();
        LayerContract.of(dtype -> DepthwiseConv2D.builder().setKernelSize(3, 2).optStrides(2).optPadding("same")
                        .optDepthMultiplier(2).optActivation(ActivationFunction.RELU6).optDType(dtype).build())
                .inputShape(2, 5, 4, 2).expectWeights(2, 2, 0).run();
        LayerContract.of(dtype -> DepthwiseConv2D.builder().setKernelSize(2).optDilationRate(2).optUseBias(false)
                        .optPadding(Padding.SAME).optDType(dtype).build())
                .inputShape(1, 5, 5, 2).expectWeights(1, 1, 0).run();
    }

    @Test
    void createsKerasNamedWeights() {
        try (TensorScope scope = TensorScope.open();
             DepthwiseConv2D dw = DepthwiseConv2D.builder().setKernelSize(3).optDepthMultiplier(2).build()) {
            dw.build(Shape.batchOf(8, 8, 5));
            List<Variable> w = dw.weights();
            assertEquals(dw.name() + "/depthwise_kernel", w.get(0).name());
            assertEquals(Shape.of(3, 3, 5, 2), w.get(0).shape(), "(kh, kw, in, depth_multiplier)");
            assertEquals(dw.name() + "/bias", w.get(1).name());
            assertEquals(Shape.of(10), w.get(1).shape());
            assertEquals(Shape.of(Shape.UNKNOWN, 6, 6, 10), dw.computeOutputShape(Shape.batchOf(8, 8, 5)));
        }
    }

    @Test
    void ordersOutputChannelsAsKeras() {
        // 2x2 image, channel 0 = [1, 2, 3, 4] (sum 10), channel 1 = [10, 20, 30, 40] (sum 100); 2x2 'valid'
        // kernel, multiplier 2, with kernel[i][j][c][m] = 10c + m + 1 everywhere in the window, so output channel
        // c*2 + m is (sum of channel c) * (10c + m + 1): [10*1, 10*2, 100*11, 100*12] = [10, 20, 1100, 1200],
        // plus bias [0.1, 0.2, 0.3, 0.4]. The other order (m*in + c) would give [10, 1100, 20, 1200].
        try (TensorScope scope = TensorScope.open();
             DepthwiseConv2D dw = DepthwiseConv2D.builder().setKernelSize(2).optDepthMultiplier(2).build()) {
            dw.build(Shape.batchOf(2, 2, 2));
            float[] k = new float[2 * 2 * 2 * 2];
            for (int pos = 0; pos < 4; pos++) {
                k[pos * 4] = 1;
                k[pos * 4 + 1] = 2;
                k[pos * 4 + 2] = 11;
                k[pos * 4 + 3] = 12;
            }
            dw.setWeights(List.of(host(k, 2, 2, 2, 2), host(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 4)));
            Tensor x = Tensor.of(new float[] {1, 10, 2, 20, 3, 30, 4, 40}, 1, 2, 2, 2);
            assertArrayEquals(new float[] {10.1f, 20.2f, 1100.3f, 1200.4f}, dw.call(x).toFloatArray(), 1e-3f);
        }
    }

    @Test
    void convolvesEachChannelAloneByHand() {
        // Two channels of the 3x3 ramp (channel 1 = 10 x channel 0), 2x2 kernel per channel:
        // channel 0 kernel [[1,0],[0,0]] picks the top-left pixel: [1, 2, 4, 5];
        // channel 1 kernel [[0,0],[0,1]] picks the bottom-right one: 10 * [5, 6, 8, 9] = [50, 60, 80, 90].
        try (TensorScope scope = TensorScope.open();
             DepthwiseConv2D dw = DepthwiseConv2D.builder().setKernelSize(2).optUseBias(false).build()) {
            dw.build(Shape.batchOf(3, 3, 2));
            dw.setWeights(List.of(host(new float[] {1, 0, 0, 0, 0, 0, 0, 1}, 2, 2, 2, 1)));
            float[] x = new float[18];
            for (int i = 0; i < 9; i++) {
                x[2 * i] = i + 1;
                x[2 * i + 1] = 10 * (i + 1);
            }
            assertArrayEquals(new float[] {1, 50, 2, 60, 4, 80, 5, 90},
                    dw.call(Tensor.of(x, 1, 3, 3, 2)).toFloatArray(), 1e-4f);
        }
    }

    @Test
    void matchesADirectImplementationOnRandomData() {
        int[][] cases = { // h, w, c, mult, kh, kw, stride, dilation, same
            {5, 6, 3, 1, 3, 3, 2, 1, 1},
            {6, 6, 2, 3, 3, 3, 2, 1, 1},
            {7, 5, 2, 2, 3, 2, 1, 2, 1},
            {6, 7, 3, 2, 2, 3, 3, 1, 0},
        };
        for (int[] p : cases) {
            try (TensorScope scope = TensorScope.open(); DepthwiseConv2D dw = DepthwiseConv2D.builder()
                    .setKernelSize(p[4], p[5]).optStrides(p[6]).optDilationRate(p[7]).optDepthMultiplier(p[3])
                    .optPadding(p[8] == 1 ? Padding.SAME : Padding.VALID).optUseBias(false).build()) {
                float[] x = Naive2D.random(2 * p[0] * p[1] * p[2], 5);
                Tensor y = dw.call(Tensor.of(x, 2, p[0], p[1], p[2]));
                float[] k = dw.getWeights().get(0).data();
                float[] expected = Naive2D.depthwise(x, 2, p[0], p[1], p[2], k, p[4], p[5], p[3], p[6], p[7],
                        p[8] == 1);
                assertArrayEquals(expected, y.toFloatArray(), 1e-5f, Arrays.toString(p));
            }
        }
    }

    @Test
    void rejectsBadInputsAndConfiguration() {
        try (DepthwiseConv2D dw = DepthwiseConv2D.builder().setKernelSize(3).optName("dw").build()) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> dw.call(Input.of(5, 5))),
                    "'dw'", "(None, 5, 5)");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> dw.call(Input.of(2, 2, 3))),
                    "'dw'", "(None, 2, 2, 3)");
            dw.call(Input.of(8, 8, 3));
            assertMessage(assertThrows(IllegalArgumentException.class, () -> dw.call(Input.of(8, 8, 4))),
                    "'dw'", "(None, 8, 8, 4)", "3 channels");
        }
        assertThrows(IllegalArgumentException.class, () -> DepthwiseConv2D.builder().build());
        assertThrows(IllegalArgumentException.class, () -> DepthwiseConv2D.builder().setKernelSize(3)
                .optDepthMultiplier(0).build());
        assertThrows(IllegalArgumentException.class, () -> DepthwiseConv2D.builder().setKernelSize(3)
                .optStrides(2).optDilationRate(2).build());
    }
}
