package dev.graft.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.DType;
import dev.graft.tensor.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RMSprop, plain, centered and with momentum, against Keras' update rule written out in doubles. */
class RMSpropTest {
    private static final double EXACT = 1e-12;
    private static final int STEPS = 5;

    /**
     * Keras' RMSprop, one step: velocity = rho velocity + (1 - rho) g^2; if centered,
     * avg = rho avg + (1 - rho) g and denominator = velocity - avg^2 + eps, else velocity + eps;
     * increment = lr g / sqrt(denominator); with momentum m = momentum m + increment, w -= m; else
     * w -= increment.
     */
    private static void assertKerasTrajectory(double[][] actual, double lr, double rho, double momentum,
                                              double eps, boolean centered, double tolerance) {
        double[] w = Quadratic.START.clone();
        double[] velocity = new double[3];
        double[] average = new double[3];
        double[] m = new double[3];
        for (int t = 1; t <= actual.length; t++) {
            double[] g = Quadratic.gradient(w);
            for (int i = 0; i < w.length; i++) {
                velocity[i] = rho * velocity[i] + (1 - rho) * g[i] * g[i];
                double denominator;
                if (centered) {
                    average[i] = rho * average[i] + (1 - rho) * g[i];
                    denominator = velocity[i] - average[i] * average[i] + eps;
                } else {
                    denominator = velocity[i] + eps;
                }
                double increment = lr * g[i] / Math.sqrt(denominator);
                if (momentum > 0) {
                    m[i] = momentum * m[i] + increment;
                    w[i] -= m[i];
                } else {
                    w[i] -= increment;
                }
            }
            assertArrayEquals(w, actual[t - 1], tolerance, "step " + t);
        }
    }

    @Test
    void plainWithKerasDefaults() {
        try (RMSprop rmsprop = new RMSprop()) {
            assertEquals(1e-3, rmsprop.learningRate());
            assertEquals(0.9, rmsprop.rho());
            assertEquals(1e-7, rmsprop.epsilon());
            assertEquals("rmsprop", rmsprop.name());
            assertKerasTrajectory(Quadratic.minimize(rmsprop, STEPS), 1e-3, 0.9, 0, 1e-7, false, EXACT);
            assertEquals(List.of("rmsprop/dense_kernel_velocity"),
                    rmsprop.variables().stream().map(Variable::name).toList());
        }
    }

    @Test
    void plainWithALargerRate() {
        try (RMSprop rmsprop = new RMSprop(0.1)) {
            assertKerasTrajectory(Quadratic.minimize(rmsprop, STEPS), 0.1, 0.9, 0, 1e-7, false, EXACT);
        }
    }

    @Test
    void centered() {
        try (RMSprop rmsprop = RMSprop.builder().optLearningRate(0.05).optRho(0.8).optCentered(true).build()) {
            assertKerasTrajectory(Quadratic.minimize(rmsprop, STEPS), 0.05, 0.8, 0, 1e-7, true, EXACT);
            assertEquals(2, rmsprop.variables().size(), "velocity and average_gradient");
        }
    }

    @Test
    void momentum() {
        try (RMSprop rmsprop = RMSprop.builder().optLearningRate(0.05).optMomentum(0.6).optEpsilon(1e-3).build()) {
            assertKerasTrajectory(Quadratic.minimize(rmsprop, STEPS), 0.05, 0.9, 0.6, 1e-3, false, EXACT);
        }
    }

    @Test
    void centeredWithMomentum() {
        try (RMSprop rmsprop = RMSprop.builder().optLearningRate(0.05).optMomentum(0.6).optCentered(true).build()) {
            assertKerasTrajectory(Quadratic.minimize(rmsprop, STEPS), 0.05, 0.9, 0.6, 1e-7, true, EXACT);
            assertEquals(List.of("rmsprop/dense_kernel_velocity", "rmsprop/dense_kernel_momentum",
                    "rmsprop/dense_kernel_average_gradient"),
                    rmsprop.variables().stream().map(Variable::name).toList());
        }
    }

    @Test
    void centeredOnFloat32() {
        try (RMSprop rmsprop = RMSprop.builder().optLearningRate(0.05).optCentered(true).build()) {
            assertKerasTrajectory(Quadratic.minimize(rmsprop, STEPS, DType.FLOAT32), 0.05, 0.9, 0, 1e-7, true, 1e-5);
        }
    }

    @Test
    void rejectsBadHyperparameters() {
        assertThrows(IllegalArgumentException.class, () -> RMSprop.builder().optRho(1.1).build());
        assertThrows(IllegalArgumentException.class, () -> RMSprop.builder().optMomentum(-1).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RMSprop.builder().optEpsilon(-1e-7).build());
        assertEquals("RMSprop needs a finite epsilon >= 0, received -1.0E-7", e.getMessage());
    }
}
