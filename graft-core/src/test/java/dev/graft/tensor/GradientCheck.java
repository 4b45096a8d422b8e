package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Finite-difference gradient checks in float64: compares the gradient the engine records inside a
 * {@link GradientTape} with central differences of the same function.
 */
public final class GradientCheck {
    private static final double STEP = 1e-6;

    private GradientCheck() {
    }

    /**
     * Checks {@code f} at random float64 inputs of the given shapes. The scalar compared is
     * {@code sum(f(inputs) * w)} for a fixed random {@code w}, so that every output element matters.
     */
    public static void check(String name, Function<List<Tensor>, Tensor> f, long[]... shapes) {
        Random random = new Random(42);
        List<double[]> values = new ArrayList<>();
        for (long[] s : shapes) {
            double[] v = new double[Math.toIntExact(Shape.of(s).size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextDouble() * 2 - 1;
            }
            values.add(v);
        }
        check(name, f, values, shapes);
    }

    /** Checks {@code f} at the given float64 input values. */
    public static void check(String name, Function<List<Tensor>, Tensor> f, List<double[]> values, long[]... shapes) {
        try (TensorScope scope = TensorScope.open()) {
            List<Variable> vars = new ArrayList<>();
            for (int i = 0; i < shapes.length; i++) {
                vars.add(new Variable(name + "/x" + i, Tensor.of(values.get(i), shapes[i]), true));
            }
            double[] weights;
            Shape outShape;
            try (Tensor probe = f.apply(values(vars))) {
                outShape = probe.shape();
                weights = new Random(7).doubles(probe.size(), 0.5, 1.5).toArray();
            }
            Tensor w = Tensor.of(weights, outShape.dims());
            List<Tensor> analytic;
            try (GradientTape tape = GradientTape.open()) {
                Tensor loss = f.apply(values(vars)).mul(w).sum();
                analytic = tape.gradient(loss, vars);
            }
            for (int i = 0; i < vars.size(); i++) {
                Tensor gi = analytic.get(i);
                assertNotNull(gi, name + ": no gradient for input " + i);
                double[] g = gi.toDoubleArray();
                double[] x = values.get(i).clone();
                for (int j = 0; j < x.length; j++) {
                    double orig = x[j];
                    x[j] = orig + STEP;
                    double plus = evaluate(f, vars, i, x, shapes[i], w);
                    x[j] = orig - STEP;
                    double minus = evaluate(f, vars, i, x, shapes[i], w);
                    x[j] = orig;
                    double numeric = (plus - minus) / (2 * STEP);
                    double tol = 1e-5 * Math.max(1.0, Math.abs(numeric));
                    assertEquals(numeric, g[j], tol, name + ": d/d(input " + i + ")[" + j + "]");
                }
                try (Tensor restore = Tensor.of(x, shapes[i])) {
                    vars.get(i).assign(restore);
                }
            }
            vars.forEach(Variable::close);
        }
    }

    /**
     * Checks the gradient of {@code sum(f() * w)} with respect to each of {@code variables} (float64), for
     * a fixed random {@code w}: {@code f} reads the variables' current values.
     */
    public static void checkVariables(String name, java.util.function.Supplier<Tensor> f, List<Variable> variables) {
        try (TensorScope scope = TensorScope.open()) {
            Shape outShape = f.get().shape();
            Tensor w = Tensor.of(new Random(7).doubles(outShape.size(), 0.5, 1.5).toArray(), outShape.dims());
            List<Tensor> analytic;
            try (GradientTape tape = GradientTape.open()) {
                analytic = tape.gradient(f.get().mul(w).sum(), variables);
            }
            for (int i = 0; i < variables.size(); i++) {
                Variable v = variables.get(i);
                assertNotNull(analytic.get(i), name + ": no gradient for " + v.name());
                double[] g = analytic.get(i).toDoubleArray();
                double[] x = v.value().toDoubleArray();
                long[] shape = v.shape().dims();
                for (int j = 0; j < x.length; j++) {
                    double orig = x[j];
                    x[j] = orig + STEP;
                    double plus = evaluate(f, v, x, shape, w);
                    x[j] = orig - STEP;
                    double minus = evaluate(f, v, x, shape, w);
                    x[j] = orig;
                    double numeric = (plus - minus) / (2 * STEP);
                    double tol = 1e-5 * Math.max(1.0, Math.abs(numeric));
                    assertEquals(numeric, g[j], tol, name + ": d/d(" + v.name() + ")[" + j + "]");
                }
                try (Tensor restore = Tensor.of(x, shape)) {
                    v.assign(restore);
                }
            }
        }
    }

    private static double evaluate(java.util.function.Supplier<Tensor> f, Variable v, double[] x, long[] shape,
                                   Tensor w) {
        try (TensorScope scope = TensorScope.open()) {
            v.assign(Tensor.of(x, shape));
            return f.get().mul(w).sum().item();
        }
    }

    private static double evaluate(Function<List<Tensor>, Tensor> f, List<Variable> vars, int index, double[] x,
                                   long[] shape, Tensor w) {
        try (TensorScope scope = TensorScope.open()) {
            vars.get(index).assign(Tensor.of(x, shape));
            return f.apply(values(vars)).mul(w).sum().item();
        }
    }

    private static List<Tensor> values(List<Variable> vars) {
        List<Tensor> out = new ArrayList<>();
        for (Variable v : vars) {
            out.add(v.value());
        }
        return out;
    }
}
