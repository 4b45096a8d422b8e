package dev.graft.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> Add.builder().optDType(dtype).build())
                .inputShape(2, 3).inputShape(2, 3).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> Add.builder().optDType(dtype).build())
                .inputShape(2, 2, 2, 3).inputShape(2, 2, 2, 3).inputShape(2, 2, 2, 3).expectWeights(0, 0, 0).run();
    }

    @Test
    void sumsTwoOrMoreInputsElementwise() {
        try (TensorScope scope = TensorScope.open(); Add add = new Add()) {
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
            Tensor b = Tensor.of(new float[] {10, 20, 30, 40}, 2, 2);
            Tensor c = Tensor.of(new float[] {-1, 0.5f, 0, 100}, 2, 2);
            assertArrayEquals(new float[] {11, 22, 33, 44}, add.call(List.of(a, b)).toFloatArray());
            assertArrayEquals(new float[] {10, 22.5f, 33, 144}, add.call(List.of(a, b, c)).toFloatArray());
        }
    }

    @Test
    void outputShapeTakesKnownDimensionsFromAnyInput() {
        try (Add add = new Add()) {
            assertEquals(Shape.batchOf(4, 3), add.computeOutputShape(
                    List.of(Shape.batchOf(Shape.UNKNOWN, 3), Shape.batchOf(4, 3))));
            assertEquals(Shape.batchOf(5, 5, 8),
                    add.callSymbolic(List.of(Input.of(5, 5, 8), Input.of(5, 5, 8))).shape());
        }
    }

    @Test
    void broadcastsLikeKerasMergeLayers() {
        // x[n, h, w, c] + bias[n, 0, 0, c]; x is 1..8 over (h=2, w=2, c=2), biases (10, 100)
        try (TensorScope scope = TensorScope.open(); Add add = new Add()) {
            Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2);
            Tensor bias = Tensor.of(new float[] {10, 100}, 1, 1, 1, 2);
            Tensor y = add.call(List.of(x, bias));
            assertEquals(Shape.of(1, 2, 2, 2), y.shape());
            assertArrayEquals(new float[] {11, 102, 13, 104, 15, 106, 17, 108}, y.toFloatArray());
            assertEquals(Shape.batchOf(5, 5, 8),
                    add.callSymbolic(List.of(Input.of(5, 5, 8), Input.of(1, 1, 8))).shape());
        }
    }

    @Test
    void rejectsShapesThatDoNotBroadcastNamingLayerAndBothShapes() {
        try (Add add = Add.builder().optName("residual").build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> add.callSymbolic(List.of(Input.of(4, 4, 8), Input.of(4, 4, 16))));
            assertTrue(e.getMessage().contains("'residual'") && e.getMessage().contains("(None, 4, 4, 8)")
                    && e.getMessage().contains("(None, 4, 4, 16)"), e.getMessage());
        }
        try (TensorScope scope = TensorScope.open(); Add add = new Add()) {
            Tensor a = Tensor.zeros(Shape.of(2, 3), DType.FLOAT32);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> add.call(List.of(a, Tensor.zeros(Shape.of(2, 4), DType.FLOAT32))));
            assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(2, 4)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> add.call(a));
            assertTrue(e.getMessage().contains("at least 2 inputs"), e.getMessage());
        }
    }
}
