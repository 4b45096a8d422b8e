package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A variable stored in another memory order holds, gives and takes exactly the same values. */
class VariableMemoryOrderTest {
    private static final double[] RAMP = java.util.stream.IntStream.range(0, 24).asDoubleStream().toArray();

    @Test
    void keepsTheValueShapeAndHostCopy() {
        try (TensorScope scope = TensorScope.open();
             Variable kernel = new Variable("k", Tensor.of(RAMP, 2, 1, 3, 4), true, 3, 2, 0, 1)) {
            assertEquals(Shape.of(2, 1, 3, 4), kernel.shape());
            assertArrayEquals(RAMP, kernel.value().toDoubleArray(), 0);
            assertArrayEquals(RAMP, kernel.toHostArray().toTensor().toDoubleArray(), 0);
            // Elementwise results and reshapes read the values in logical order.
            assertArrayEquals(Tensor.of(RAMP, 2, 1, 3, 4).mul(2).toDoubleArray(), kernel.value().mul(2)
                    .toDoubleArray(), 0);
            assertArrayEquals(RAMP, kernel.value().reshape(24).toDoubleArray(), 0);
        }
    }

    @Test
    void assignmentAndGradientsWorkAsForARowMajorVariable() {
        try (TensorScope scope = TensorScope.open();
             Variable ordered = new Variable("k", Tensor.of(RAMP, 2, 3, 4), true, 2, 0, 1);
             Variable plain = new Variable("p", Tensor.of(RAMP, 2, 3, 4), true)) {
            Tensor w = Tensor.of(RAMP, 2, 3, 4).sub(7).square();
            List<Tensor> a;
            List<Tensor> b;
            try (GradientTape tape = GradientTape.open()) {
                a = tape.gradient(ordered.value().mul(w).tanh().sum(), List.of(ordered));
            }
            try (GradientTape tape = GradientTape.open()) {
                b = tape.gradient(plain.value().mul(w).tanh().sum(), List.of(plain));
            }
            assertArrayEquals(b.get(0).toDoubleArray(), a.get(0).toDoubleArray(), 0);
            ordered.assign(w);
            assertArrayEquals(w.toDoubleArray(), ordered.value().toDoubleArray(), 0);
            ordered.assign(w.div(256)); // values in [0, 1], where finite differences are accurate
            GradientCheck.checkVariables("memory-ordered variable", () -> ordered.value().mul(ordered.value()),
                    List.of(ordered));
        }
    }

    @Test
    void refusesAnOrderThatIsNotAPermutation() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor t = Tensor.of(RAMP, 2, 3, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Variable("k", t, true, 0, 0, 1));
            assertTrue(e.getMessage().contains("'k'") && e.getMessage().contains("(2, 3, 4)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Variable("k", t, true, 0, 1));
        }
    }
}
