package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's in-place operations for optimizers and {@link Variable#assignAdd}/{@link Variable#assignSub},
 * against their formulas written out in doubles on float64 data.
 */
class InPlaceOpsTest {
    private static final double EXACT = 1e-12;
    private final Engine engine = Engine.get();
    private final List<Variable> variables = new ArrayList<>();
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeAll() {
        scope.close();
        variables.forEach(Variable::close);
    }

    private Variable variable(double[] values, long... shape) {
        Variable v = new Variable("v" + variables.size(), Tensor.of(values, shape), true);
        variables.add(v);
        return v;
    }

    private static double[] random(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    // ---- elementwise in-place ops -----------------------------------------------------------------

    @Test
    void addInPlaceAddsAScaledOperandWithBroadcasting() {
        Random random = new Random(1);
        double[] t = random(random, 6);
        double[] o = random(random, 3);
        Variable target = variable(t, 2, 3);
        engine.addInPlace(target.value(), Tensor.of(o, 3), -0.37);
        double[] expected = new double[6];
        for (int i = 0; i < 6; i++) {
            expected[i] = t[i] + -0.37 * o[i % 3]; // t += alpha * o, o broadcast along the rows
        }
        assertArrayEquals(expected, target.value().toDoubleArray(), EXACT);
        assertEquals(Shape.of(2, 3), target.shape());
    }

    @Test
    void scaleInPlaceMultiplies() {
        double[] t = random(new Random(2), 5);
        Variable target = variable(t, 5);
        engine.scaleInPlace(target.value(), 0.9);
        double[] expected = new double[5];
        for (int i = 0; i < 5; i++) {
            expected[i] = t[i] * 0.9;
        }
        assertArrayEquals(expected, target.value().toDoubleArray(), EXACT);
    }

    @Test
    void sqrtInPlaceTakesTheSquareRoot() {
        double[] t = {0, 0.25, 2, 1e-300};
        Variable target = variable(t, 4);
        engine.sqrtInPlace(target.value());
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) {
            expected[i] = Math.sqrt(t[i]);
        }
        assertArrayEquals(expected, target.value().toDoubleArray(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.sqrtInPlace(Tensor.of(new long[] {4}, 1)));
        assertTrue(e.getMessage().contains("int64"), e.getMessage());
    }

    @Test
    void addProductAndAddQuotientInPlace() {
        Random random = new Random(3);
        double[] t = random(random, 4);
        double[] a = random(random, 4);
        double[] b = random(random, 4);
        Variable product = variable(t, 4);
        Variable quotient = variable(t, 4);
        engine.addProductInPlace(product.value(), Tensor.of(a, 4), Tensor.of(b, 4), 0.25);
        engine.addQuotientInPlace(quotient.value(), Tensor.of(a, 4), Tensor.of(b, 4), -1.5);
        for (int i = 0; i < 4; i++) {
            assertEquals(t[i] + 0.25 * a[i] * b[i], product.value().toDoubleArray()[i], EXACT, "t += v a b");
            assertEquals(t[i] + -1.5 * a[i] / b[i], quotient.value().toDoubleArray()[i], EXACT, "t += v a / b");
        }
    }

    @Test
    void inPlaceOpsRejectOperandsThatWouldChangeTheTarget() {
        Variable target = variable(new double[] {1, 2, 3}, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.addInPlace(target.value(), Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), 1));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("broadcast"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> engine.addProductInPlace(target.value(), Tensor.of(new float[] {1, 2, 3}, 3),
                        Tensor.of(new double[] {1, 2, 3}, 3), 1));
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
        assertArrayEquals(new double[] {1, 2, 3}, target.value().toDoubleArray(), 0, "left unchanged");
    }

    @Test
    void inPlaceOpsInsideAnOpenTapeAreNotRecordedAndGradientsStillFlow() {
        Variable w = variable(new double[] {1, -2}, 2);
        try (GradientTape tape = GradientTape.open()) {
            // A trainable variable is a leaf that requires grad: libtorch refuses recorded in-place writes to it.
            engine.addInPlace(w.value(), Tensor.of(new double[] {0.5, 0.5}, 2), 1);
            engine.scaleInPlace(w.value(), 2);
            Tensor loss = w.value().square().sum();
            List<Tensor> grads = tape.gradient(loss, List.of(w));
            assertNotNull(grads.get(0));
            // w = (1 + 0.5) * 2, (-2 + 0.5) * 2 = 3, -3; d/dw sum(w^2) = 2w.
            assertArrayEquals(new double[] {6, -6}, grads.get(0).toDoubleArray(), EXACT);
        }
    }

    // ---- Variable.assignAdd / assignSub -------------------------------------------------------------

    @Test
    void assignAddAndAssignSubUpdateInPlace() {
        Variable w = variable(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor storage = w.value();
        w.assignAdd(Tensor.of(new double[] {10, 20, 30, 40}, 2, 2));
        w.assignSub(Tensor.of(new double[] {1}, 1)); // broadcasts
        assertArrayEquals(new double[] {10, 21, 32, 43}, w.value().toDoubleArray(), EXACT);
        assertSame(storage, w.value());
    }

    @Test
    void assignAddConvertsTheDeltaToTheVariablesDtypeAsKerasDoes() {
        Variable w = new Variable("w32", Tensor.of(new float[] {1, 2}, 2), false);
        variables.add(w);
        w.assignAdd(Tensor.of(new double[] {0.5, 0.25}, 2));
        assertEquals(DType.FLOAT32, w.dtype());
        assertArrayEquals(new double[] {1.5, 2.25}, w.value().toDoubleArray(), 0);
    }

    @Test
    void assignAddWorksOnIntegerVariablesAsOnCounters() {
        Variable count = new Variable("count", Tensor.of(new long[] {5, 7}, 2), false);
        variables.add(count);
        count.assignAdd(Tensor.of(new long[] {1}, 1));
        count.assignSub(Tensor.of(new long[] {2, 3}, 2));
        assertArrayEquals(new long[] {4, 5}, count.value().toLongArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.addInPlace(count.value(), Tensor.of(new long[] {1}, 1), 0.5));
        assertTrue(e.getMessage().contains("whole") && e.getMessage().contains("0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> engine.scaleInPlace(count.value(), 2));
        assertTrue(e.getMessage().contains("floating") && e.getMessage().contains("int64"), e.getMessage());
    }

    @Test
    void assignAddNamesTheVariableWhenTheShapeCannotFit() {
        Variable w = new Variable("dense/bias", Tensor.of(new double[] {1, 2}, 2), true);
        variables.add(w);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> w.assignAdd(Tensor.of(new double[] {1, 2, 3}, 3)));
        assertTrue(e.getMessage().contains("dense/bias") && e.getMessage().contains("assignAdd")
                && e.getMessage().contains("(3,)"), e.getMessage());
        w.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> w.assignSub(Tensor.of(new double[] {1, 2}, 2)));
        assertTrue(closed.getMessage().contains("dense/bias"), closed.getMessage());
    }

    // ---- adamUpdate ---------------------------------------------------------------------------------

    /**
     * Keras' Adam for one element at step t: m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2);
     * vMax = max(vMax, v) with AMSGrad; w -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v or vMax) + eps).
     * {@code state} holds m, v, vMax.
     */
    private static double kerasAdam(double w, double g, double[] state, int t, double lr, double b1, double b2,
                                    double eps, boolean amsgrad) {
        state[0] += (g - state[0]) * (1 - b1);
        state[1] += (g * g - state[1]) * (1 - b2);
        state[2] = Math.max(state[2], state[1]);
        double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        return w - alpha * state[0] / (Math.sqrt(amsgrad ? state[2] : state[1]) + eps);
    }

    private void assertAdamFollowsKeras(boolean amsgrad) {
        // Gradients of the size of epsilon, where Keras' and PyTorch's placements of epsilon differ most, and
        // beta2 = 0.5 so that the velocity also falls (AMSGrad's maximum then differs from it).
        double lr = 0.3;
        double b1 = 0.8;
        double b2 = 0.5;
        double eps = 1e-3;
        Random random = new Random(amsgrad ? 5 : 4);
        long[][] shapes = {{2, 3}, {4}};
        double[][] w = new double[shapes.length][];
        double[][][] state = new double[shapes.length][][];
        List<Tensor> values = new ArrayList<>();
        List<Tensor> momentums = new ArrayList<>();
        List<Tensor> velocities = new ArrayList<>();
        List<Tensor> maxima = new ArrayList<>();
        for (int k = 0; k < shapes.length; k++) {
            int n = Math.toIntExact(Shape.of(shapes[k]).size());
            w[k] = random(random, n);
            state[k] = new double[n][3];
            values.add(variable(w[k], shapes[k]).value());
            momentums.add(variable(new double[n], shapes[k]).value());
            velocities.add(variable(new double[n], shapes[k]).value());
            maxima.add(variable(new double[n], shapes[k]).value());
        }
        for (int t = 1; t <= 4; t++) {
            List<Tensor> gradients = new ArrayList<>();
            for (int k = 0; k < shapes.length; k++) {
                double[] g = random(random, w[k].length);
                for (int i = 0; i < g.length; i++) {
                    g[i] *= eps / t;
                    w[k][i] = kerasAdam(w[k][i], g[i], state[k][i], t, lr, b1, b2, eps, amsgrad);
                }
                gradients.add(Tensor.of(g, shapes[k]));
            }
            engine.adamUpdate(values, gradients, momentums, velocities, amsgrad ? maxima : null, t, lr, b1, b2, eps);
            for (int k = 0; k < shapes.length; k++) {
                double[] m = momentums.get(k).toDoubleArray();
                double[] v = velocities.get(k).toDoubleArray();
                for (int i = 0; i < w[k].length; i++) {
                    assertEquals(state[k][i][0], m[i], EXACT, "momentum");
                    assertEquals(state[k][i][1], v[i], EXACT, "velocity");
                }
                assertArrayEquals(w[k], values.get(k).toDoubleArray(), EXACT, "variable " + k + ", step " + t);
            }
        }
    }

    @Test
    void adamUpdateFollowsKerasIncludingItsEpsilonPlacement() {
        assertAdamFollowsKeras(false);
    }

    @Test
    void adamUpdateWithAmsgradFollowsKeras() {
        assertAdamFollowsKeras(true);
    }

    @Test
    void adamUpdateReadsANonContiguousGradientInItsLogicalOrder() {
        // The gradient is a transposed view of a [3, 2] tensor: its memory order differs from its logical one.
        Tensor g = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2).transpose(1, 0);
        double[] logical = g.toDoubleArray();
        Variable w = variable(new double[6], 2, 3);
        Variable m = variable(new double[6], 2, 3);
        Variable v = variable(new double[6], 2, 3);
        engine.adamUpdate(List.of(w.value()), List.of(g), List.of(m.value()), List.of(v.value()), null, 1, 0.1, 0.9,
                0.999, 1e-7);
        for (int i = 0; i < 6; i++) {
            double[] state = new double[3];
            assertEquals(kerasAdam(0, logical[i], state, 1, 0.1, 0.9, 0.999, 1e-7, false),
                    w.value().toDoubleArray()[i], EXACT, "element " + i);
        }
    }

    @Test
    void adamUpdateInFloat32TracksTheDoubleRule() {
        double[] g = {0.5, -1e-3, 2};
        Variable w = new Variable("w", Tensor.of(new float[] {1, -1, 0.5f}, 3), true);
        Variable m = new Variable("m", Tensor.zeros(Shape.of(3), DType.FLOAT32), false);
        Variable v = new Variable("v", Tensor.zeros(Shape.of(3), DType.FLOAT32), false);
        variables.addAll(List.of(w, m, v));
        double[] expected = {1, -1, 0.5};
        double[][] state = new double[3][3];
        for (int t = 1; t <= 3; t++) {
            engine.adamUpdate(List.of(w.value()), List.of(Tensor.of(g, 3).toType(DType.FLOAT32)), List.of(m.value()),
                    List.of(v.value()), null, t, 0.01, 0.9, 0.999, 1e-7);
            for (int i = 0; i < 3; i++) {
                expected[i] = kerasAdam(expected[i], g[i], state[i], t, 0.01, 0.9, 0.999, 1e-7, false);
            }
        }
        assertEquals(DType.FLOAT32, w.dtype());
        assertArrayEquals(expected, w.value().toDoubleArray(), 1e-6);
    }

    @Test
    void adamUpdateRejectsMismatchedArguments() {
        Tensor w = variable(new double[2], 2).value();
        Tensor m = variable(new double[2], 2).value();
        Tensor v = variable(new double[2], 2).value();
        Tensor g = Tensor.of(new double[] {1, 2}, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.adamUpdate(List.of(w), List.of(g, g), List.of(m), List.of(v), null, 1, 0.1, 0.9, 0.999,
                        1e-7));
        assertTrue(e.getMessage().contains("1 variables, 2 gradients"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> engine.adamUpdate(List.of(w), List.of(Tensor.of(new double[] {1, 2, 3}, 3)), List.of(m),
                        List.of(v), null, 1, 0.1, 0.9, 0.999, 1e-7));
        assertTrue(e.getMessage().contains("gradient of variable 0") && e.getMessage().contains("(3,)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> engine.adamUpdate(List.of(w), List.of(g), List.of(Tensor.zeros(Shape.of(2), DType.FLOAT32)),
                        List.of(v), null, 1, 0.1, 0.9, 0.999, 1e-7));
        assertTrue(e.getMessage().contains("momentum") && e.getMessage().contains("float32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> engine.adamUpdate(List.of(w), List.of(g), List.of(m), List.of(v), null, 0, 0.1, 0.9, 0.999,
                        1e-7));
        assertTrue(e.getMessage().contains("step"), e.getMessage());
        assertArrayEquals(new double[2], w.toDoubleArray(), 0, "left unchanged");
    }
}
