package dev.graft.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class ReshapeTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> Reshape.builder().setTargetShape(3, 4).optDType(dtype).build())
                .inputShape(2, 12).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> Reshape.builder().setTargetShape(-1, 2).optDType(dtype).build())
                .inputShape(2, 2, 3, 2).expectWeights(0, 0, 0).run();
    }

    @Test
    void reshapesEverySampleKeepingRowMajorOrder() {
        try (TensorScope scope = TensorScope.open(); Reshape r = new Reshape(3, 2)) {
            float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
            Tensor y = r.call(Tensor.of(x, 2, 6));
            assertEquals(Shape.of(2, 3, 2), y.shape());
            assertArrayEquals(x, y.toFloatArray());
        }
    }

    @Test
    void infersTheMinusOneDimension() {
        try (TensorScope scope = TensorScope.open(); Reshape r = new Reshape(-1, 3)) {
            assertEquals(Shape.batchOf(4, 3), r.computeOutputShape(Shape.batchOf(2, 6)));
            assertEquals(Shape.of(1, 4, 3), r.call(Tensor.zeros(Shape.of(1, 2, 6), DType.FLOAT32)).shape());
            // An input size unknown until run time leaves the inferred dimension unknown.
            assertEquals(Shape.batchOf(Shape.UNKNOWN, 3), r.computeOutputShape(Shape.batchOf(Shape.UNKNOWN, 6)));
            assertArrayEquals(new long[] {-1, 3}, r.targetShape());
        }
    }

    @Test
    void rejectsATargetWithADifferentSizeNamingLayerAndShapes() {
        try (Reshape r = Reshape.builder().setTargetShape(4, 2).optName("to_grid").build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.call(Input.of(2, 3)));
            assertTrue(e.getMessage().contains("'to_grid'") && e.getMessage().contains("(4, 2)")
                    && e.getMessage().contains("(None, 2, 3)") && e.getMessage().contains("8")
                    && e.getMessage().contains("6"), e.getMessage());
        }
        try (TensorScope scope = TensorScope.open(); Reshape r = new Reshape(-1, 4)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> r.call(Tensor.zeros(Shape.of(2, 2, 3), DType.FLOAT32)));
            assertTrue(e.getMessage().contains("(-1, 4)") && e.getMessage().contains("(2, 2, 3)")
                    && e.getMessage().contains("divisible by 4"), e.getMessage());
        }
    }

    @Test
    void rejectsABadTargetShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1));
        assertTrue(e.getMessage().contains("(-1, -1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Reshape(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new Reshape(-2));
        assertThrows(IllegalArgumentException.class, () -> Reshape.builder().build());
    }
}
