package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The facade operation added for the Dataset pipeline: {@link Tensor#stack(List, int)}. */
class DatasetOpsTest {
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    @Test
    void stacksAlongANewLeadingAxis() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {7, 8, 9, 10, 11, 12}, 2, 3);
        Tensor s = Tensor.stack(List.of(a, b), 0);
        assertEquals(Shape.of(2, 2, 3), s.shape());
        assertEquals(DType.FLOAT32, s.dtype());
        // s[0] = a, s[1] = b, so the row-major values are a's then b's.
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, s.toFloatArray());
    }

    @Test
    void stacksScalarsIntoAVector() {
        Tensor s = Tensor.stack(List.of(Tensor.of(new long[] {3}), Tensor.of(new long[] {1}),
                Tensor.of(new long[] {2})), 0);
        assertEquals(Shape.of(3), s.shape());
        assertEquals(DType.INT64, s.dtype());
        assertArrayEquals(new long[] {3, 1, 2}, s.toLongArray());
    }

    @Test
    void stacksAlongAnInnerOrNegativeAxis() {
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor b = Tensor.of(new float[] {4, 5, 6}, 3);
        // Axis 1 of a [3, 2] result: s[i][j] is element i of tensor j.
        float[] interleaved = {1, 4, 2, 5, 3, 6};
        Tensor s1 = Tensor.stack(List.of(a, b), 1);
        assertEquals(Shape.of(3, 2), s1.shape());
        assertArrayEquals(interleaved, s1.toFloatArray());
        Tensor sLast = Tensor.stack(List.of(a, b), -1);
        assertEquals(Shape.of(3, 2), sLast.shape());
        assertArrayEquals(interleaved, sLast.toFloatArray());
        Tensor sFirst = Tensor.stack(List.of(a, b), -2);
        assertEquals(Shape.of(2, 3), sFirst.shape());
    }

    @Test
    void stackOfOneTensorAddsAnAxisOfOne() {
        Tensor s = Tensor.stack(List.of(Tensor.of(new float[] {1, 2}, 2)), 0);
        assertEquals(Shape.of(1, 2), s.shape());
        assertArrayEquals(new float[] {1, 2}, s.toFloatArray());
    }

    @Test
    void stackRefusesMismatchedShapesDtypesEmptyListsAndBadAxes() {
        Tensor a = Tensor.of(new float[] {1, 2}, 2);
        Tensor b = Tensor.of(new float[] {1, 2, 3}, 3);
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
                () -> Tensor.stack(List.of(a, a, b), 0));
        assertTrue(shapes.getMessage().contains("tensor 2 is (3,) float32"), shapes.getMessage());

        Tensor l = Tensor.of(new long[] {1, 2}, 2);
        IllegalArgumentException dtypes = assertThrows(IllegalArgumentException.class,
                () -> Tensor.stack(List.of(a, l), 0));
        assertTrue(dtypes.getMessage().contains("int64"), dtypes.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Tensor.stack(List.of(), 0));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());

        IllegalArgumentException axis = assertThrows(IllegalArgumentException.class,
                () -> Tensor.stack(List.of(a, a), 2));
        assertTrue(axis.getMessage().contains("[-2, 1]"), axis.getMessage());
    }

    @Test
    void gradientsFlowBackToEachStackedTensor() {
        try (Variable v = new Variable("v", Tensor.of(new float[] {1, 2}, 2), true)) {
            try (GradientTape tape = GradientTape.open()) {
                // loss = sum(stack([v, 3 v]) * c) with c = [[1, 1], [2, 2]]: d loss / d v = 1 + 3 * 2 = 7.
                Tensor c = Tensor.of(new float[] {1, 1, 2, 2}, 2, 2);
                Tensor loss = Tensor.stack(List.of(v.value(), v.value().mul(3)), 0).mul(c).sum();
                Tensor g = tape.gradient(loss, List.of(v)).get(0);
                assertArrayEquals(new float[] {7, 7}, g.toFloatArray());
            }
        }
    }
}
