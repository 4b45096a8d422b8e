package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * maxPool2d with TensorFlow's padding equals pooling the explicitly padded input (-infinity borders) for every
 * size, window and stride, values and gradients: libtorch pads implicitly where its windows are the same.
 */
class MaxPoolPaddingTest {
    @Test
    void implicitPaddingEqualsExplicitPaddingEverywhere() {
        for (int size = 1; size <= 9; size++) {
            for (int k = 1; k <= 4; k++) {
                for (int s = 1; s <= 3; s++) {
                    Padding2D p = Padding2D.same(size, size + 1, k, k, s, s);
                    compare(size, k, s, p);
                    compare(size, k, s, new Padding2D(Math.min(1, k / 2), Math.min(1, k / 2), 0, 0));
                }
            }
        }
    }

    private static void compare(int size, int k, int s, Padding2D p) {
        String what = "size " + size + " window " + k + " stride " + s + " padding " + p;
        if (size + p.top() + p.bottom() < k || size + 1 + p.left() + p.right() < k) {
            return;
        }
        try (TensorScope scope = TensorScope.open();
             Variable x = new Variable("x", Tensor.randomNormal(Shape.of(2, size, size + 1, 3), 0, 1, DType.FLOAT64,
                     SeedGenerator.of(size * 100 + k * 10 + s)), true)) {
            Tensor w = Tensor.randomUniform(Shape.of(1), 0.5, 1.5, DType.FLOAT64, SeedGenerator.of(1));
            int[] window = {k, k};
            int[] strides = {s, s};
            Tensor implicit;
            Tensor explicit;
            List<Tensor> gi;
            List<Tensor> ge;
            try (GradientTape tape = GradientTape.open()) {
                implicit = x.value().maxPool2d(window, strides, p);
                gi = tape.gradient(implicit.mul(implicit).mul(w).sum(), List.of(x));
            }
            try (GradientTape tape = GradientTape.open()) {
                Tensor padded = x.value().pad(new long[][] {{0, 0}, {p.top(), p.bottom()}, {p.left(), p.right()},
                    {0, 0}}, Double.NEGATIVE_INFINITY);
                explicit = padded.maxPool2d(window, strides, Padding2D.VALID);
                ge = tape.gradient(explicit.mul(explicit).mul(w).sum(), List.of(x));
            }
            assertEquals(explicit.shape(), implicit.shape(), what);
            assertArrayEquals(explicit.toDoubleArray(), implicit.toDoubleArray(), 0, what);
            assertArrayEquals(ge.get(0).toDoubleArray(), gi.get(0).toDoubleArray(), 0, what);
        }
    }
}
