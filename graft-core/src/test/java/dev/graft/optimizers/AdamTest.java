package dev.graft.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adam and AdamW against Keras' update rule written out in doubles. */
class AdamTest {
    private static final double EXACT = 1e-12;
    private static final int STEPS = 5;

    /**
     * Keras' Adam, one step, with t = iterations + 1:
     * m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); vHat = max(vHat, v) if amsgrad;
     * alpha = lr sqrt(1 - b2^t) / (1 - b1^t); w -= alpha m / (sqrt(v or vHat) + eps).
     * Decoupled weight decay, when wd > 0, runs first: w -= w * wd * lr.
     */
    static void kerasAdamStep(double[] w, double[] g, double[] m, double[] v, double[] vHat, int t, double lr,
                              double b1, double b2, double eps, boolean amsgrad, double wd) {
        double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        for (int i = 0; i < w.length; i++) {
            w[i] -= w[i] * wd * lr;
            m[i] += (g[i] - m[i]) * (1 - b1);
            v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
            vHat[i] = Math.max(vHat[i], v[i]);
            double second = amsgrad ? vHat[i] : v[i];
            w[i] -= m[i] * alpha / (Math.sqrt(second) + eps);
        }
    }

    private static void assertKerasTrajectory(double[][] actual, double lr, double b1, double b2, double eps,
                                              boolean amsgrad, double wd, double tolerance) {
        double[] w = Quadratic.START.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        double[] vHat = new double[3];
        for (int t = 1; t <= actual.length; t++) {
            kerasAdamStep(w, Quadratic.gradient(w), m, v, vHat, t, lr, b1, b2, eps, amsgrad, wd);
            assertArrayEquals(w, actual[t - 1], tolerance, "step " + t);
        }
    }

    @Test
    void defaultsFollowKerasExactly() {
        try (Adam adam = new Adam()) {
            assertEquals(1e-3, adam.learningRate());
            assertEquals(0.9, adam.beta1());
            assertEquals(0.999, adam.beta2());
            assertEquals(1e-7, adam.epsilon());
            assertEquals("adam", adam.name());
            assertKerasTrajectory(Quadratic.minimize(adam, STEPS), 1e-3, 0.9, 0.999, 1e-7, false, 0, EXACT);
        }
    }

    @Test
    void largeStepsFollowKerasExactly() {
        try (Adam adam = new Adam(0.1)) {
            assertKerasTrajectory(Quadratic.minimize(adam, STEPS), 0.1, 0.9, 0.999, 1e-7, false, 0, EXACT);
            assertEquals(STEPS, adam.iterations());
        }
    }

    @Test
    void builderOptionsAndAmsgradFollowKeras() {
        try (Adam adam = Adam.builder().optLearningRate(0.2).optBeta1(0.8).optBeta2(0.9).optEpsilon(1e-3)
                .optAmsgrad(true).build()) {
            assertKerasTrajectory(Quadratic.minimize(adam, STEPS), 0.2, 0.8, 0.9, 1e-3, true, 0, EXACT);
            assertEquals(3, adam.variables().size(), "momentum, velocity, velocity_hat");
        }
    }

    @Test
    void amsgradChangesTheTrajectoryOnceTheVelocityShrinks() {
        // With beta2 = 0.5 the velocity of this problem falls after the first steps, so its maximum differs.
        try (Adam plain = Adam.builder().optLearningRate(0.3).optBeta2(0.5).build();
             Adam ams = Adam.builder().optLearningRate(0.3).optBeta2(0.5).optAmsgrad(true).build()) {
            double[][] plainTrajectory = Quadratic.minimize(plain, STEPS);
            double[][] amsTrajectory = Quadratic.minimize(ams, STEPS);
            assertTrue(Math.abs(plainTrajectory[STEPS - 1][0] - amsTrajectory[STEPS - 1][0]) > 1e-6);
        }
    }

    @Test
    void float32VariablesStayFloat32AndTrackTheDoubleRule() {
        try (Adam adam = new Adam(0.1)) {
            double[][] trajectory = Quadratic.minimize(adam, STEPS, DType.FLOAT32);
            assertKerasTrajectory(trajectory, 0.1, 0.9, 0.999, 1e-7, false, 0, 1e-5);
            for (Variable slot : adam.variables()) {
                assertEquals(DType.FLOAT32, slot.dtype(), slot.name());
            }
        }
    }

    @Test
    void epsilonIsAddedBeforeBiasCorrectionUnlikePyTorch() {
        // One step with a gradient as small as epsilon, where the two placements disagree most.
        double g = 1e-7;
        double lr = 1.0;
        try (TensorScope scope = TensorScope.open();
             Adam adam = new Adam(lr);
             Variable w = new Variable("w", Tensor.of(new double[] {0}, 1), true)) {
            adam.applyGradients(List.of(Tensor.of(new double[] {g}, 1)), List.of(w));
            double actual = w.value().toDoubleArray()[0];
            // Keras: m = 0.1 g, v = 0.001 g^2, alpha = lr sqrt(1 - 0.999) / (1 - 0.9).
            double keras = -(lr * Math.sqrt(1 - 0.999) / (1 - 0.9)) * (0.1 * g) / (Math.sqrt(0.001 * g * g) + 1e-7);
            // PyTorch: mHat = m / (1 - 0.9) = g, vHat = v / (1 - 0.999) = g^2; w -= lr mHat / (sqrt(vHat) + eps).
            double pytorch = -lr * g / (Math.sqrt(g * g) + 1e-7);
            assertEquals(keras, actual, EXACT);
            assertEquals(-0.0306, keras, 1e-4);
            assertTrue(Math.abs(actual - pytorch) > 0.4, "Keras " + actual + " vs PyTorch " + pytorch);
        }
    }

    @Test
    void adamWDecaysTheWeightsBeforeTheAdamUpdate() {
        try (AdamW adamW = new AdamW(0.1); Adam adam = new Adam(0.1)) {
            assertEquals("adamw", adamW.name());
            double[][] trajectory = Quadratic.minimize(adamW, STEPS);
            // Keras' AdamW default weight decay: 0.004.
            assertKerasTrajectory(trajectory, 0.1, 0.9, 0.999, 1e-7, false, 0.004, EXACT);
            double[][] undecayed = Quadratic.minimize(adam, STEPS);
            assertTrue(Math.abs(undecayed[STEPS - 1][0] - trajectory[STEPS - 1][0]) > 1e-5, "the decay must show");
        }
    }

    @Test
    void adamWTakesItsOwnWeightDecayAndAdamOptions() {
        try (AdamW adamW = AdamW.builder().optLearningRate(0.05).optWeightDecay(0.3).optBeta1(0.7).build()) {
            assertKerasTrajectory(Quadratic.minimize(adamW, STEPS), 0.05, 0.7, 0.999, 1e-7, false, 0.3, EXACT);
        }
    }

    @Test
    void adamOnlyDecaysWhenAskedTo() {
        try (Adam adam = Adam.builder().optLearningRate(0.1).optWeightDecay(0.3).build()) {
            assertKerasTrajectory(Quadratic.minimize(adam, STEPS), 0.1, 0.9, 0.999, 1e-7, false, 0.3, EXACT);
        }
    }

    @Test
    void rejectsBadHyperparameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Adam.builder().optBeta1(1.0).build());
        assertTrue(e.getMessage().contains("beta1") && e.getMessage().contains("1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().optBeta2(-0.1).build());
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().optEpsilon(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> new Adam(-1e-3));
        assertThrows(IllegalArgumentException.class, () -> AdamW.builder().optWeightDecay(-0.1).build());
    }

    @Test
    void describesItself() {
        String s = AdamW.builder().optAmsgrad(true).build().toString();
        assertEquals("AdamW(name=adamw, learningRate=0.001, beta1=0.9, beta2=0.999, epsilon=1.0E-7, amsgrad=true, "
                + "weightDecay=0.004, iterations=0)", s);
    }
}
