package dev.graft.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keras' squeeze_or_expand_to_same_rank, case by case. */
class RankAlignmentTest {
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    private static Tensor zeros(long... dims) {
        return Tensor.zeros(Shape.of(dims), DType.FLOAT32);
    }

    private static void assertShapes(RankAlignment.Aligned a, Shape first, Shape second) {
        assertEquals(first, a.first().shape(), "first");
        assertEquals(second, a.second().shape(), "second");
    }

    @Test
    void rankOneAgainstTrailingOneIsExpanded() {
        assertShapes(RankAlignment.squeezeOrExpand(zeros(4), zeros(4, 1)), Shape.of(4, 1), Shape.of(4, 1));
        assertShapes(RankAlignment.squeezeOrExpand(zeros(4, 1), zeros(4)), Shape.of(4, 1), Shape.of(4, 1));
    }

    @Test
    void higherRanksAreSqueezed() {
        assertShapes(RankAlignment.squeezeOrExpand(zeros(2, 3, 1), zeros(2, 3)), Shape.of(2, 3), Shape.of(2, 3));
        assertShapes(RankAlignment.squeezeOrExpand(zeros(2, 3), zeros(2, 3, 1)), Shape.of(2, 3), Shape.of(2, 3));
        // A scalar against [1]: the [1] is squeezed.
        assertShapes(RankAlignment.squeezeOrExpand(zeros(1), zeros()), Shape.of(), Shape.of());
    }

    @Test
    void otherPairsAreLeftAlone() {
        Tensor a = zeros(4);
        Tensor b = zeros(4, 3);
        RankAlignment.Aligned aligned = RankAlignment.squeezeOrExpand(a, b);
        assertSame(a, aligned.first());
        assertSame(b, aligned.second());
        assertShapes(RankAlignment.squeezeOrExpand(zeros(4, 2), zeros(4, 2)), Shape.of(4, 2), Shape.of(4, 2));
        assertShapes(RankAlignment.squeezeOrExpand(zeros(4, 1, 1), zeros(4)), Shape.of(4, 1, 1), Shape.of(4));
    }

    @Test
    void valuesAreKept() {
        Tensor squeezed = RankAlignment.squeezeOrExpand(zeros(1, 3), Tensor.of(new float[] {1, 2, 3}, 1, 3, 1))
                .second();
        assertEquals(Shape.of(1, 3), squeezed.shape());
        assertArrayEquals(new float[] {1, 2, 3}, squeezed.toFloatArray());
        Tensor expanded = RankAlignment.squeezeOrExpand(Tensor.of(new float[] {4, 5, 6}, 3), zeros(3, 1)).first();
        assertEquals(Shape.of(3, 1), expanded.shape());
        assertArrayEquals(new float[] {4, 5, 6}, expanded.toFloatArray());
    }
}
