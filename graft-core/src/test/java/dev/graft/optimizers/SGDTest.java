package dev.graft.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.DType;
import org.junit.jupiter.api.Test;

/** SGD, with and without (Nesterov) momentum, against Keras' update rule written out in doubles. */
class SGDTest {
    private static final double EXACT = 1e-12;
    private static final int STEPS = 5;

    /**
     * Keras' SGD, one step. Without momentum: w -= lr g. With momentum: m = m * momentum - g * lr, then
     * w += m, or with Nesterov w += m * momentum - g * lr.
     */
    private static void assertKerasTrajectory(double[][] actual, double lr, double momentum, boolean nesterov,
                                              double tolerance) {
        double[] w = Quadratic.START.clone();
        double[] m = new double[3];
        for (int t = 1; t <= actual.length; t++) {
            double[] g = Quadratic.gradient(w);
            for (int i = 0; i < w.length; i++) {
                if (momentum == 0) {
                    w[i] -= g[i] * lr;
                    continue;
                }
                m[i] = m[i] * momentum - g[i] * lr;
                w[i] += nesterov ? m[i] * momentum - g[i] * lr : m[i];
            }
            assertArrayEquals(w, actual[t - 1], tolerance, "step " + t);
        }
    }

    @Test
    void plainGradientDescentWithKerasDefaults() {
        try (SGD sgd = new SGD()) {
            assertEquals(0.01, sgd.learningRate());
            assertEquals("SGD", sgd.name());
            assertKerasTrajectory(Quadratic.minimize(sgd, STEPS), 0.01, 0, false, EXACT);
            assertEquals(0, sgd.variables().size(), "plain SGD keeps no state");
        }
    }

    @Test
    void plainGradientDescentWithALargerRate() {
        try (SGD sgd = new SGD(0.2)) {
            assertKerasTrajectory(Quadratic.minimize(sgd, STEPS), 0.2, 0, false, EXACT);
        }
    }

    @Test
    void momentum() {
        try (SGD sgd = SGD.builder().optLearningRate(0.1).optMomentum(0.9).build()) {
            assertKerasTrajectory(Quadratic.minimize(sgd, STEPS), 0.1, 0.9, false, EXACT);
            assertEquals(1, sgd.variables().size());
            assertEquals("SGD/dense_kernel_momentum", sgd.variables().get(0).name());
        }
    }

    @Test
    void nesterovMomentum() {
        try (SGD sgd = SGD.builder().optLearningRate(0.1).optMomentum(0.9).optNesterov(true).build()) {
            assertKerasTrajectory(Quadratic.minimize(sgd, STEPS), 0.1, 0.9, true, EXACT);
        }
    }

    @Test
    void nesterovMomentumOnFloat32() {
        try (SGD sgd = SGD.builder().optLearningRate(0.1).optMomentum(0.5).optNesterov(true).build()) {
            assertKerasTrajectory(Quadratic.minimize(sgd, STEPS, DType.FLOAT32), 0.1, 0.5, true, 1e-6);
        }
    }

    @Test
    void rejectsMomentumOutsideZeroToOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SGD.builder().optMomentum(1.5).build());
        assertEquals("SGD needs momentum in [0, 1], received 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().optMomentum(-0.1).build());
    }
}
