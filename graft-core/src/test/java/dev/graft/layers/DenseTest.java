package dev.graft.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.activations.ActivationFunction;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class DenseTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> Dense.builder().setUnits(3).optDType(dtype).build())
                .inputShape(2, 4).expectWeights(2, 2, 0).run();
        LayerContract.of(dtype -> Dense.builder().setUnits(2).optActivation(ActivationFunction.TANH)
                        .optUseBias(false).optDType(dtype).build())
                .inputShape(2, 3, 4).expectWeights(1, 1, 0).run();
    }

    @Test
    void computesXTimesKernelPlusBias() {
        try (TensorScope scope = TensorScope.open(); Dense dense = new Dense(2)) {
            dense.build(dev.graft.tensor.Shape.batchOf(3));
            dense.setWeights(List.of(new HostArray(new float[] {1, 2, 3, 4, 5, 6}, new long[] {3, 2}),
                    new HostArray(new float[] {0.5f, -1}, new long[] {2})));
            Tensor y = dense.call(Tensor.of(new float[] {1, 1, 1, 2, 0, -1}, 2, 3));
            assertArrayEquals(new float[] {9.5f, 11, -2.5f, -3}, y.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void rejectsAWrongInputWidthNamingLayerAndShapes() {
        try (Dense dense = Dense.builder().setUnits(3).optName("head").build()) {
            dense.build(dev.graft.tensor.Shape.batchOf(4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> dense.call(Input.of(5)));
            assertTrue(e.getMessage().contains("'head'") && e.getMessage().contains("(None, 5)")
                    && e.getMessage().contains("4"), e.getMessage());
        }
    }
}
