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

class FlattenTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> Flatten.builder().optDType(dtype).build())
                .inputShape(2, 3, 2, 2).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> Flatten.builder().optDType(dtype).build())
                .inputShape(3, 4).expectWeights(0, 0, 0).run();
    }

    @Test
    void keepsTheBatchAndFlattensTheRestInRowMajorOrder() {
        try (TensorScope scope = TensorScope.open(); Flatten flatten = new Flatten()) {
            float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
            Tensor y = flatten.call(Tensor.of(x, 2, 1, 3, 2));
            assertEquals(Shape.of(2, 6), y.shape());
            assertArrayEquals(x, y.toFloatArray());
            assertEquals(Shape.of(4, 1), flatten.call(Tensor.of(new float[] {1, 2, 3, 4}, 4)).shape());
            assertEquals(Shape.of(0, 6), flatten.call(Tensor.zeros(Shape.of(0, 2, 3), DType.FLOAT32)).shape());
        }
    }

    @Test
    void outputShapeIsUnknownOnlyWhenANonBatchDimensionIs() {
        try (Flatten flatten = new Flatten()) {
            assertEquals(Shape.batchOf(24), flatten.computeOutputShape(Shape.batchOf(2, 3, 4)));
            assertEquals(Shape.batchOf(Shape.UNKNOWN), flatten.computeOutputShape(Shape.batchOf(3, Shape.UNKNOWN)));
            assertEquals(Shape.of(5, 12), flatten.computeOutputShape(Shape.of(5, 3, 4)));
            assertEquals(Shape.batchOf(1), flatten.computeOutputShape(Shape.batchOf()));
            assertEquals(Shape.batchOf(150 * 150 * 3), flatten.call(Input.of(150, 150, 3)).shape());
        }
    }

    @Test
    void rejectsAScalar() {
        try (TensorScope scope = TensorScope.open(); Flatten flatten = Flatten.builder().optName("flat").build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> flatten.call(Tensor.of(new float[] {1})));
            assertTrue(e.getMessage().contains("'flat'") && e.getMessage().contains("batch"), e.getMessage());
        }
    }
}
