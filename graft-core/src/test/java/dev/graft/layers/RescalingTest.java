package dev.graft.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class RescalingTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> Rescaling.builder().setScale(1 / 127.5).optOffset(-1).optDType(dtype).build())
                .inputShape(2, 4, 4, 3).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> Rescaling.builder().setScale(-3).optDType(dtype).build())
                .inputShape(3, 2).expectWeights(0, 0, 0).run();
    }

    /** Guide item E4: scale 1/127.5, offset -1 maps pixel values [0, 255] to [-1, 1]. */
    @Test
    void mapsPixelValuesToMinusOneOne() {
        try (TensorScope scope = TensorScope.open(); Rescaling r = new Rescaling(1 / 127.5, -1)) {
            Tensor y = r.call(Tensor.of(new float[] {0, 127.5f, 255, 51}, 1, 2, 2, 1));
            assertArrayEquals(new float[] {-1, 0, 1, -0.6f}, y.toFloatArray(), 1e-6f);
            assertEquals(Shape.of(1, 2, 2, 1), y.shape());
            assertEquals(-1.0, r.offset());
        }
    }

    @Test
    void offsetDefaultsToZero() {
        try (TensorScope scope = TensorScope.open(); Rescaling r = new Rescaling(0.5)) {
            assertArrayEquals(new float[] {-1, 0, 2.5f}, r.call(Tensor.of(new float[] {-2, 0, 5}, 3, 1)).toFloatArray());
        }
    }

    @Test
    void convertsIntegerInputsToTheLayerDType() {
        try (TensorScope scope = TensorScope.open(); Rescaling r = new Rescaling(1 / 255.0)) {
            Tensor y = r.call(Tensor.of(new long[] {0, 255, 51}, 1, 3));
            assertEquals(DType.FLOAT32, y.dtype());
            assertArrayEquals(new float[] {0, 1, 0.2f}, y.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void rejectsANonFiniteScale() {
        assertThrows(IllegalArgumentException.class, () -> Rescaling.builder().build());
        assertThrows(IllegalArgumentException.class, () -> new Rescaling(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Rescaling(1, Double.NaN));
    }
}
