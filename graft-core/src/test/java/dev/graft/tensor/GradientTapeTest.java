package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link GradientTape} records and returns. */
class GradientTapeTest {
    private TensorScope scope;
    private Variable w;
    private Variable u;

    @BeforeEach
    void setUp() {
        scope = TensorScope.open();
        w = new Variable("w", Tensor.of(new float[] {1, 2, 3}, 3), true);
        u = new Variable("u", Tensor.of(new float[] {-1, 0.5f}, 2), true);
    }

    @AfterEach
    void tearDown() {
        w.close();
        u.close();
        scope.close();
    }

    private static double[] values(Tensor t) {
        return t.toDoubleArray();
    }

    @Test
    void gradientOfASimpleLoss() {
        try (GradientTape tape = GradientTape.open()) {
            // sum(w^2) + 3 * sum(w): gradient 2 w + 3.
            Tensor loss = w.value().square().sum().add(w.value().sum().mul(3));
            List<Tensor> g = tape.gradient(loss, List.of(w));
            assertEquals(1, g.size());
            assertEquals(Shape.of(3), g.get(0).shape());
            assertEquals(DType.FLOAT32, g.get(0).dtype());
            assertArrayEquals(new double[] {5, 7, 9}, values(g.get(0)), 1e-6);
        }
    }

    @Test
    void gradientsAreOrderedLikeTheVariables() {
        try (GradientTape tape = GradientTape.open()) {
            Tensor loss = w.value().sum().mul(u.value().sum());
            List<Tensor> g = tape.gradient(loss, List.of(u, w));
            // d/du = sum(w) = 6; d/dw = sum(u) = -0.5.
            assertArrayEquals(new double[] {6, 6}, values(g.get(0)), 1e-6);
            assertArrayEquals(new double[] {-0.5, -0.5, -0.5}, values(g.get(1)), 1e-6);
        }
    }

    @Test
    void unusedVariablesGetNull() {
        try (GradientTape tape = GradientTape.open()) {
            Tensor loss = w.value().square().sum();
            List<Tensor> g = tape.gradient(loss, List.of(u, w, u));
            assertNull(g.get(0));
            assertNotNull(g.get(1));
            assertNull(g.get(2));
        }
    }

    @Test
    void nonTrainableVariablesGetNull() {
        try (Variable stat = new Variable("moving_mean", Tensor.of(new float[] {2, 2, 2}, 3), false);
             GradientTape tape = GradientTape.open()) {
            Tensor loss = w.value().mul(stat.value()).sum();
            List<Tensor> g = tape.gradient(loss, List.of(w, stat));
            assertArrayEquals(new double[] {2, 2, 2}, values(g.get(0)), 1e-6);
            assertNull(g.get(1));
        }
    }

    @Test
    void frozenVariablesGetNullAndThawedOnesAGradientAgain() {
        u.setTrainable(false);
        assertFalse(u.trainable());
        try (GradientTape tape = GradientTape.open()) {
            Tensor loss = w.value().sum().mul(u.value().sum());
            List<Tensor> g = tape.gradient(loss, List.of(w, u));
            assertArrayEquals(new double[] {-0.5, -0.5, -0.5}, values(g.get(0)), 1e-6);
            assertNull(g.get(1));
        }
        u.setTrainable(true);
        try (GradientTape tape = GradientTape.open()) {
            Tensor loss = w.value().sum().mul(u.value().sum());
            assertArrayEquals(new double[] {6, 6}, values(tape.gradient(loss, List.of(w, u)).get(1)), 1e-6);
        }
    }

    @Test
    void onlyFrozenVariablesGetNullsRatherThanAnError() {
        // Regression: with every requested variable frozen the loss records no graph; Keras answers None
        // for each variable, Graft threw "not computed inside a GradientTape".
        w.setTrainable(false);
        try (GradientTape tape = GradientTape.open()) {
            Tensor loss = w.value().square().sum();
            List<Tensor> g = tape.gradient(loss, List.of(w));
            assertEquals(Arrays.asList((Tensor) null), g);
        }
    }

    @Test
    void aNonPersistentTapeRefusesASecondGradient() {
        try (GradientTape tape = GradientTape.open()) {
            Tensor loss = w.value().square().sum();
            tape.gradient(loss, List.of(w));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> tape.gradient(loss, List.of(w)));
            assertTrue(e.getMessage().contains("openPersistent"), e.getMessage());
        }
    }

    @Test
    void aPersistentTapeGivesGradientsSeveralTimes() {
        try (GradientTape tape = GradientTape.openPersistent()) {
            Tensor y = w.value().square();
            Tensor loss1 = y.sum();
            Tensor loss2 = y.mul(w.value()).sum();
            double[] first = values(tape.gradient(loss1, List.of(w)).get(0));
            double[] again = values(tape.gradient(loss1, List.of(w)).get(0));
            double[] cubic = values(tape.gradient(loss2, List.of(w)).get(0));
            assertArrayEquals(new double[] {2, 4, 6}, first, 1e-6);
            assertArrayEquals(first, again, 0.0);
            assertArrayEquals(new double[] {3, 12, 27}, cubic, 1e-5);
        }
    }

    @Test
    void nothingIsRecordedOutsideATape() {
        Tensor outside = w.value().square().sum();
        try (GradientTape tape = GradientTape.open()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> tape.gradient(outside, List.of(w)));
            assertTrue(e.getMessage().contains("inside the tape"), e.getMessage());
        }
        // After the tape closes, recording stops again.
        Tensor inside;
        try (GradientTape tape = GradientTape.open()) {
            inside = w.value().square();
        }
        Tensor after = inside.sum();
        try (GradientTape tape = GradientTape.open()) {
            // inside carries the graph, but after was computed with recording off.
            assertThrows(IllegalStateException.class, () -> tape.gradient(after, List.of(w)));
        }
    }

    @Test
    void aClosedTapeRefusesGradient() {
        GradientTape tape = GradientTape.open();
        Tensor loss = w.value().sum();
        tape.close();
        tape.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(loss, List.of(w)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void theTargetMustBeAScalar() {
        try (GradientTape tape = GradientTape.open()) {
            Tensor y = w.value().square();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tape.gradient(y, List.of(w)));
            assertTrue(e.getMessage().contains("scalar"), e.getMessage());
            // A one-element tensor of any rank is fine.
            assertArrayEquals(new double[] {2, 4, 6}, values(tape.gradient(y.sum(new int[] {0}, true),
                    List.of(w)).get(0)), 1e-6);
        }
    }

    @Test
    void nestedTapesRestoreRecording() {
        try (GradientTape outer = GradientTape.open()) {
            try (GradientTape inner = GradientTape.open()) {
                w.value().mul(2);
            }
            // Closing the inner tape must not switch recording off for the outer one.
            Tensor loss = w.value().square().sum();
            assertArrayEquals(new double[] {2, 4, 6}, values(outer.gradient(loss, List.of(w)).get(0)), 1e-6);
        }
        Tensor outside = w.value().sum();
        try (GradientTape tape = GradientTape.open()) {
            assertThrows(IllegalStateException.class, () -> tape.gradient(outside, List.of(w)));
        }
    }

    @Test
    void detachCutsTheGraph() {
        try (GradientTape tape = GradientTape.open()) {
            // loss = sum(w * stop(w)): gradient stop(w) = w, not 2 w.
            Tensor loss = w.value().mul(w.value().detach()).sum();
            assertArrayEquals(new double[] {1, 2, 3}, values(tape.gradient(loss, List.of(w)).get(0)), 1e-6);
        }
    }

    @Test
    void gradientsAreFreeOfTheGraphAndCanUpdateVariables() {
        for (int step = 0; step < 3; step++) {
            try (TensorScope s = TensorScope.open(); GradientTape tape = GradientTape.open()) {
                Tensor loss = w.value().square().sum();
                Tensor g = tape.gradient(loss, List.of(w)).get(0);
                w.assign(w.value().sub(g.mul(0.25)));
            }
        }
        // w <- w - 0.25 * 2 w = w / 2, three times.
        assertArrayEquals(new float[] {0.125f, 0.25f, 0.375f}, w.toHostArray().data(), 1e-6f);
        // assign records nothing even inside a tape.
        try (GradientTape tape = GradientTape.open()) {
            w.assign(w.value().mul(2));
            Tensor loss = w.value().sum();
            assertArrayEquals(new double[] {1, 1, 1}, values(tape.gradient(loss, List.of(w)).get(0)), 1e-6);
        }
    }

    @Test
    void gradientsFlowThroughFloat64Variables() {
        try (Variable d = new Variable("d", Tensor.of(new double[] {0.5, -1}, 2), true);
             GradientTape tape = GradientTape.open()) {
            Tensor loss = d.value().exp().sum();
            Tensor g = tape.gradient(loss, List.of(d)).get(0);
            assertEquals(DType.FLOAT64, g.dtype());
            assertArrayEquals(new double[] {Math.exp(0.5), Math.exp(-1)}, values(g), 1e-12);
        }
    }
}
