package dev.graft.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.GradientCheck;
import dev.graft.tensor.GradientTape;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.List;

/** Helpers shared by the loss tests: values, gradients with respect to the predictions, finiteness. */
final class LossTesting {
    static final double EPS = 1e-5;

    private LossTesting() {
    }

    /** float32 tensor. */
    static Tensor f32(long[] shape, double... values) {
        float[] data = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = (float) values[i];
        }
        return Tensor.of(data, shape);
    }

    static long[] s(long... dims) {
        return dims;
    }

    static void assertValues(Tensor t, long[] shape, double... expected) {
        assertEquals(Shape.of(shape), t.shape(), "shape");
        assertArrayEquals(expected, t.toDoubleArray(), EPS, "values");
    }

    static void assertScalar(double expected, Tensor t) {
        assertEquals(0, t.rank(), "a scalar loss");
        assertEquals(expected, t.item(), EPS);
    }

    /** The loss value and its gradient with respect to {@code yPred}: [value, gradient...]. */
    static double[][] valueAndGradient(Loss loss, Tensor yTrue, Tensor yPred) {
        try (TensorScope scope = TensorScope.open();
             Variable pred = new Variable("y_pred", yPred.toType(yPred.dtype()), true);
             GradientTape tape = GradientTape.open()) {
            Tensor value = loss.call(yTrue, pred.value());
            List<Tensor> g = tape.gradient(value, List.of(pred));
            return new double[][] {{value.item()}, g.get(0).toDoubleArray()};
        }
    }

    static void assertAllFinite(String what, double... values) {
        for (int i = 0; i < values.length; i++) {
            assertTrue(Double.isFinite(values[i]), what + "[" + i + "] = " + values[i]);
        }
    }

    /** Float64 finite-difference check of the loss's gradient with respect to predictions of these values. */
    static void checkGradient(String name, Loss loss, Tensor yTrue, double[] predValues, long... predShape) {
        GradientCheck.check(name, in -> loss.call(yTrue, in.get(0)), List.of(predValues), predShape);
    }
}
