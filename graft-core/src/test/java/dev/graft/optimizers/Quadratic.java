package dev.graft.optimizers;

import dev.graft.tensor.DType;
import dev.graft.tensor.GradientTape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.List;

/**
 * The test problem of the golden trajectories: minimize {@code f(w) = sum((w - c)^2)} for a 3-element
 * {@code w}, whose gradient is {@code 2 (w - c)}. Gradients come from a {@link GradientTape}, and the
 * optimizer is applied inside the open tape, as in a custom training loop.
 */
final class Quadratic {
    static final double[] START = {1.0, -2.0, 0.5};
    static final double[] TARGET = {0.3, 0.7, -1.2};
    static final String VARIABLE_NAME = "dense/kernel";

    private Quadratic() {
    }

    /** The values of {@code w} after each of {@code steps} steps of {@code optimizer}. */
    static double[][] minimize(Optimizer optimizer, int steps, DType dtype) {
        double[][] trajectory = new double[steps][];
        try (TensorScope scope = TensorScope.open();
             Variable w = new Variable(VARIABLE_NAME, tensor(START, dtype), true)) {
            Tensor c = tensor(TARGET, dtype);
            for (int s = 0; s < steps; s++) {
                try (TensorScope step = TensorScope.open(); GradientTape tape = GradientTape.open()) {
                    Tensor loss = w.value().sub(c).square().sum();
                    List<Tensor> grads = tape.gradient(loss, List.of(w));
                    optimizer.applyGradients(grads, List.of(w));
                }
                trajectory[s] = w.value().toDoubleArray();
            }
        }
        return trajectory;
    }

    static double[][] minimize(Optimizer optimizer, int steps) {
        return minimize(optimizer, steps, DType.FLOAT64);
    }

    /** The gradient {@code 2 (w - c)}, in doubles. */
    static double[] gradient(double[] w) {
        double[] g = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            g[i] = 2 * (w[i] - TARGET[i]);
        }
        return g;
    }

    static Tensor tensor(double[] values, DType dtype) {
        Tensor t = Tensor.of(values, values.length);
        return dtype == DType.FLOAT64 ? t : t.toType(dtype);
    }
}
