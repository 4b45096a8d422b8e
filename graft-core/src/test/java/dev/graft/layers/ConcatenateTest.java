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

class ConcatenateTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> Concatenate.builder().optDType(dtype).build())
                .inputShape(2, 3).inputShape(2, 4).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> Concatenate.builder().optAxis(1).optDType(dtype).build())
                .inputShape(2, 1, 3, 2).inputShape(2, 2, 3, 2).expectWeights(0, 0, 0).run();
    }

    @Test
    void joinsAlongTheLastAxisByDefault() {
        try (TensorScope scope = TensorScope.open(); Concatenate concat = new Concatenate()) {
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
            Tensor b = Tensor.of(new float[] {5, 6, 7, 8, 9, 10}, 2, 3);
            Tensor y = concat.call(List.of(a, b));
            assertEquals(Shape.of(2, 5), y.shape());
            assertArrayEquals(new float[] {1, 2, 5, 6, 7, 3, 4, 8, 9, 10}, y.toFloatArray());
        }
    }

    @Test
    void joinsAlongAnotherAxis() {
        try (TensorScope scope = TensorScope.open(); Concatenate concat = new Concatenate(1)) {
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 2);
            Tensor b = Tensor.of(new float[] {5, 6, 7, 8}, 2, 1, 2);
            Tensor y = concat.call(List.of(a, b));
            assertEquals(Shape.of(2, 2, 2), y.shape());
            assertArrayEquals(new float[] {1, 2, 5, 6, 3, 4, 7, 8}, y.toFloatArray());
        }
    }

    @Test
    void outputShapeSumsTheAxis() {
        try (Concatenate concat = new Concatenate()) {
            assertEquals(Shape.batchOf(5, 5, 24), concat.callSymbolic(
                    List.of(Input.of(5, 5, 8), Input.of(5, 5, 16))).shape());
            assertEquals(Shape.batchOf(3, Shape.UNKNOWN), concat.computeOutputShape(
                    List.of(Shape.batchOf(3, 2), Shape.batchOf(Shape.UNKNOWN, Shape.UNKNOWN))));
        }
    }

    @Test
    void rejectsMismatchedOtherDimensionsNamingLayerAndShapes() {
        try (Concatenate concat = Concatenate.builder().optName("merge").build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> concat.callSymbolic(List.of(Input.of(4, 4, 8), Input.of(5, 4, 8))));
            assertTrue(e.getMessage().contains("'merge'") && e.getMessage().contains("(None, 4, 4, 8)")
                    && e.getMessage().contains("(None, 5, 4, 8)"), e.getMessage());
        }
        try (TensorScope scope = TensorScope.open(); Concatenate concat = new Concatenate()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> concat.call(List.of(Tensor.zeros(Shape.of(2, 3), DType.FLOAT32),
                            Tensor.zeros(Shape.of(2, 3, 1), DType.FLOAT32))));
            assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(2, 3, 1)"), e.getMessage());
        }
        try (Concatenate concat = new Concatenate(3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> concat.callSymbolic(List.of(Input.of(2, 2), Input.of(2, 2))));
            assertTrue(e.getMessage().contains("axis 3"), e.getMessage());
        }
    }
}
