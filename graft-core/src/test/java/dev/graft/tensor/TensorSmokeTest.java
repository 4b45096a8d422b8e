package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorSmokeTest {
    @Test
    void createsAndReadsBack() {
        try (TensorScope s = TensorScope.open()) {
            Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertEquals(Shape.of(2, 3), t.shape());
            assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, t.mul(2).toFloatArray());
            assertEquals(21.0, t.sum().item(), 1e-6);
        }
    }

    @Test
    void conv2dGradient() {
        GradientCheck.check("conv2d", in -> in.get(0).conv2d(in.get(1), in.get(2), new int[] {2, 2},
                Padding2D.same(5, 4, 3, 3, 2, 2), new int[] {1, 1}, 1), new long[] {2, 5, 4, 3},
                new long[] {3, 3, 3, 2}, new long[] {2});
    }

    @Test
    void batchNormTrainingGradient() {
        GradientCheck.check("bn", in -> in.get(0).batchNormTraining(in.get(1), in.get(2), 1e-3).get(0),
                new long[] {3, 2, 2, 3}, new long[] {3}, new long[] {3});
    }

    @Test
    void noGraphOutsideTape() {
        try (TensorScope s = TensorScope.open()) {
            Variable v = new Variable("v", Tensor.of(new float[] {1, 2}, 2), true);
            Tensor y = v.value().mul(3).sum();
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> {
                        try (GradientTape tape = GradientTape.open()) {
                            tape.gradient(y, List.of(v));
                        }
                    });
            v.close();
        }
    }
}
