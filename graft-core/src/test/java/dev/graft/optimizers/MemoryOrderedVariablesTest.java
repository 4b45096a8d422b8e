package dev.graft.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Optimizers update a variable kept in another memory order (a convolution kernel in libtorch's layout)
 * exactly as a row-major one, whatever the layout of its gradient; their state takes the variable's order.
 */
class MemoryOrderedVariablesTest {
    @Test
    void everyOptimizerGivesTheSameBitsAsForARowMajorVariable() {
        List<Supplier<Optimizer>> optimizers = List.of(() -> new Adam(1e-2),
                () -> Adam.builder().optLearningRate(1e-2).optAmsgrad(true).build(),
                () -> SGD.builder().optLearningRate(0.1).optMomentum(0.9).build(), () -> new RMSprop(1e-2));
        for (Supplier<Optimizer> make : optimizers) {
            try (TensorScope scope = TensorScope.open(); SeedGenerator g = SeedGenerator.of(3)) {
                Tensor initial = Tensor.randomNormal(Shape.of(3, 3, 4, 5), 0, 1, DType.FLOAT32, g);
                Variable ordered = new Variable("k", initial, true, 3, 2, 0, 1);
                Variable plain = new Variable("k", initial, true);
                Optimizer a = make.get();
                Optimizer b = make.get();
                for (int step = 0; step < 4; step++) {
                    Tensor gradient = Tensor.randomNormal(Shape.of(3, 3, 4, 5), 0, 1, DType.FLOAT32, g);
                    // Row-major on odd steps, the variable's own layout (as autograd returns it) on even ones.
                    Tensor laidOut = step % 2 == 0 ? gradient.mul(ordered.value()).div(ordered.value()) : gradient;
                    a.applyGradients(List.of(laidOut), List.of(ordered));
                    b.applyGradients(List.of(laidOut), List.of(plain));
                }
                String what = a.getClass().getSimpleName();
                assertArrayEquals(plain.value().toFloatArray(), ordered.value().toFloatArray(), 0f, what);
                for (Variable slot : a.variables()) {
                    assertArrayEquals(new int[] {3, 2, 0, 1}, slot.memoryOrder(), what + " " + slot.name());
                }
                ordered.close();
                plain.close();
            }
        }
    }
}
