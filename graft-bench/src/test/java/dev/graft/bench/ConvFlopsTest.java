package dev.graft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.DepthwiseConv2D;
import dev.graft.layers.Input;
import dev.graft.layers.Padding;
import dev.graft.layers.SeparableConv2D;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import org.junit.jupiter.api.Test;

class ConvFlopsTest {

    /** Multiply-adds of a k x k convolution from cin to cout channels with an s x s output. */
    private static long conv(long cin, long cout, long k, long s) {
        return s * s * cin * cout * k * k;
    }

    /** Multiply-adds of a 3x3 SeparableConv2D: depthwise 9 * cin per position, then pointwise cin * cout. */
    private static long sep(long cin, long cout, long s) {
        return s * s * (9 * cin + cin * cout);
    }

    @Test
    void xceptionAt150IsThePeersCount() {
        // Keras' Xception at 150x150: entry flow 74 -> 72 -> 36 -> 18 -> 9, 8 middle blocks at 9x9, exit at 5x5.
        long macs = conv(3, 32, 3, 74) + conv(32, 64, 3, 72)
                + sep(64, 128, 72) + sep(128, 128, 72) + conv(64, 128, 1, 36)
                + sep(128, 256, 36) + sep(256, 256, 36) + conv(128, 256, 1, 18)
                + sep(256, 728, 18) + sep(728, 728, 18) + conv(256, 728, 1, 9)
                + 8 * 3 * sep(728, 728, 9)
                + sep(728, 728, 9) + sep(728, 1024, 9) + conv(728, 1024, 1, 5)
                + sep(1024, 1536, 5) + sep(1536, 2048, 5);
        try (Model base = Workload.xception().buildBase()) {
            ConvFlops flops = ConvFlops.of(base);
            assertEquals(2 * macs, flops.forward());
            assertEquals(3.8488, flops.forward() / 1e9, 5e-5);
            assertEquals(2 * conv(3, 32, 3, 74), flops.firstConv());
            // 2 full convolutions + 4 shortcuts + 34 separable ones, each a depthwise and a pointwise convolution.
            assertEquals(2 + 4 + 2 * 34, flops.convs());
            assertEquals(3 * flops.forward() - flops.firstConv(), flops.trainingStep());
        }
    }

    @Test
    void countsEachKindOfConvolutionInNestedModels() {
        SymbolicTensor in = Input.of(8, 8, 3);
        // 3x3 'same' Conv2D to 4 channels at 8x8; grouped 1x1 Conv2D (2 groups) to 6; 3x3 'valid' depthwise with
        // multiplier 2 (6 -> 12 channels) at 6x6; 3x3 'same' separable with stride 2 to 5 channels at 3x3.
        SymbolicTensor x = Conv2D.builder().setFilters(4).setKernelSize(3).optPadding(Padding.SAME).build().call(in);
        x = Conv2D.builder().setFilters(6).setKernelSize(1).optGroups(2).build().call(x);
        x = DepthwiseConv2D.builder().setKernelSize(3).optDepthMultiplier(2).build().call(x);
        Model inner = new Model(in, x);
        SymbolicTensor outer = Input.of(8, 8, 3);
        SymbolicTensor y = inner.call(outer);
        y = SeparableConv2D.builder().setFilters(5).setKernelSize(3).optStrides(2).optPadding(Padding.SAME).build()
                .call(y);
        try (Model model = new Model(outer, new Dense(1).call(y))) {
            long conv = 8 * 8 * 4 * 3 * 3 * 3;
            long grouped = 8 * 8 * 6 * (4 / 2);
            long depthwise = 6 * 6 * 6 * 2 * 3 * 3;
            long separable = 3 * 3 * 12 * 3 * 3 + 3 * 3 * 12 * 5;
            ConvFlops flops = ConvFlops.of(model);
            assertEquals(2 * (conv + grouped + depthwise + separable), flops.forward());
            assertEquals(2 * conv, flops.firstConv());
            assertEquals(5, flops.convs());
        }
    }

    @Test
    void refusesAModelWithoutConvolutions() {
        SymbolicTensor in = Input.of(4);
        try (Model dense = new Model(in, new Dense(2).call(in))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConvFlops.of(dense));
            assertEquals("Model '" + dense.name() + "' has no convolution to count", e.getMessage());
        }
    }
}
