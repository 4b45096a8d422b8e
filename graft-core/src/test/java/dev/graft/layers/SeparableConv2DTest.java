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

class SeparableConv2DTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> SeparableConv2D.builder().setFilters(4).setKernelSize(3).optDType(dtype).build())
                .inputShape(2, 5, 6, 3).expectWeights(3, 3, 0).run();
        LayerContract.of(dtype -> SeparableConv2D.builder().setFilters(3).setKernelSize(3).optStrides(2)
                        .optPadding("same").optDepthMultiplier(2).optActivation(ActivationFunction.RELU)
                        .optDType(dtype).build())
                .inputShape(2, 6, 5, 2).expectWeights(3, 3, 0).run();
        LayerContract.of(dtype -> SeparableConv2D.builder().setFilters(2).setKernelSize(2).optDilationRate(2)
                        .optUseBias(false).optDType(dtype).build())
                .inputShape(1, 5, 5, 2).expectWeights(2, 2, 0).run();
    }

    @Test
    void createsWeightsInKerasOrder() {
        try (TensorScope scope = TensorScope.open(); SeparableConv2D sep = SeparableConv2D.builder().setFilters(7)
                .setKernelSize(3).optDepthMultiplier(2).build()) {
            sep.build(Shape.batchOf(9, 9, 4));
            List<Variable> w = sep.weights();
            assertEquals(List.of(sep.name() + "/depthwise_kernel", sep.name() + "/pointwise_kernel",
                    sep.name() + "/bias"), w.stream().map(Variable::name).toList());
            assertEquals(Shape.of(3, 3, 4, 2), w.get(0).shape());
            assertEquals(Shape.of(1, 1, 8, 7), w.get(1).shape());
            assertEquals(Shape.of(7), w.get(2).shape());
            assertEquals(3 * 3 * 4 * 2 + 8 * 7 + 7, sep.countParams());
            assertEquals(Shape.of(Shape.UNKNOWN, 7, 7, 7), sep.computeOutputShape(Shape.batchOf(9, 9, 4)));
        }
    }

    @Test
    void composesDepthwiseAndPointwiseByHand() {
        // 2x2 image, channel 0 = [1, 2, 3, 4], channel 1 = [10, 20, 30, 40]; depthwise 2x2 all-ones kernel gives
        // the channel sums (10, 100); pointwise [[1], [2]] gives 10*1 + 100*2 = 210; bias 1 gives 211.
        try (TensorScope scope = TensorScope.open(); SeparableConv2D sep = new SeparableConv2D(1, 2)) {
            sep.build(Shape.batchOf(2, 2, 2));
            sep.setWeights(List.of(host(Naive2D.ones(8), 2, 2, 2, 1), host(new float[] {1, 2}, 1, 1, 2, 1),
                    host(new float[] {1}, 1)));
            Tensor x = Tensor.of(new float[] {1, 10, 2, 20, 3, 30, 4, 40}, 1, 2, 2, 2);
            assertArrayEquals(new float[] {211}, sep.call(x).toFloatArray(), 1e-4f);
        }
    }

    @Test
    void matchesADirectImplementationOnRandomData() {
        int[][] cases = { // h, w, c, mult, filters, k, stride, dilation, same
            {5, 6, 3, 1, 4, 3, 2, 1, 1},
            {6, 6, 2, 2, 3, 3, 2, 1, 1},
            {7, 7, 2, 2, 2, 3, 1, 2, 0},
        };
        for (int[] p : cases) {
            try (TensorScope scope = TensorScope.open(); SeparableConv2D sep = SeparableConv2D.builder()
                    .setFilters(p[4]).setKernelSize(p[5]).optStrides(p[6]).optDilationRate(p[7])
                    .optDepthMultiplier(p[3]).optPadding(p[8] == 1 ? Padding.SAME : Padding.VALID)
                    .optBiasInitializer(new dev.graft.initializers.Constant(0.25)).build()) {
                float[] x = Naive2D.random(2 * p[0] * p[1] * p[2], 3);
                Tensor y = sep.call(Tensor.of(x, 2, p[0], p[1], p[2]));
                float[] dk = sep.getWeights().get(0).data();
                float[] pk = sep.getWeights().get(1).data();
                float[] d = Naive2D.depthwise(x, 2, p[0], p[1], p[2], dk, p[5], p[5], p[3], p[6], p[7], p[8] == 1);
                int oh = Naive2D.axis(p[0], p[5], p[6], p[7], p[8] == 1)[2];
                int ow = Naive2D.axis(p[1], p[5], p[6], p[7], p[8] == 1)[2];
                float[] expected = Naive2D.conv(d, 2, oh, ow, p[2] * p[3], pk, 1, 1, p[4], 1, 1, false, 1);
                for (int i = 0; i < expected.length; i++) {
                    expected[i] += 0.25f;
                }
                assertArrayEquals(expected, y.toFloatArray(), 1e-5f, Arrays.toString(p));
            }
        }
    }

    @Test
    void rejectsBadInputsAndConfiguration() {
        try (SeparableConv2D sep = SeparableConv2D.builder().setFilters(2).setKernelSize(3).optName("sep").build()) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> sep.call(Input.of(5, 5, 3, 1))),
                    "'sep'", "(None, 5, 5, 3, 1)");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> sep.call(Input.of(9, 2, 3))),
                    "'sep'", "(None, 9, 2, 3)");
            sep.call(Input.of(8, 8, 3));
            assertMessage(assertThrows(IllegalArgumentException.class, () -> sep.call(Input.of(8, 8, 1))),
                    "'sep'", "(None, 8, 8, 1)", "3 channels");
        }
        assertThrows(IllegalArgumentException.class, () -> SeparableConv2D.builder().setKernelSize(3).build());
        assertThrows(IllegalArgumentException.class, () -> SeparableConv2D.builder().setFilters(2).build());
        assertThrows(IllegalArgumentException.class, () -> SeparableConv2D.builder().setFilters(2).setKernelSize(3)
                .optDepthMultiplier(-1).build());
    }
}
