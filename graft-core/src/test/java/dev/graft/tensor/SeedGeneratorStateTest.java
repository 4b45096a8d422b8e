package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeedGeneratorStateTest {

    private static double[] draw(SeedGenerator g) {
        try (Tensor t = Tensor.randomUniform(Shape.of(16), 0, 1, DType.FLOAT64, g)) {
            return t.toDoubleArray();
        }
    }

    @Test
    void aRestoredStateDrawsWhatTheGeneratorWouldHaveDrawn() {
        try (SeedGenerator g = SeedGenerator.of(42); SeedGenerator other = SeedGenerator.of(42)) {
            draw(g);
            byte[] state = g.getState();
            double[] next = draw(g);
            draw(other);
            draw(other);
            draw(other);
            other.setState(state);
            assertArrayEquals(next, draw(other));
            g.setState(state);
            assertArrayEquals(next, draw(g), "a generator goes back to its own earlier state");
        }
    }

    @Test
    void aStateOfAnotherSeedOrGarbageIsRefused() {
        try (SeedGenerator g = SeedGenerator.of(1); SeedGenerator other = SeedGenerator.of(2)) {
            IllegalArgumentException seed = assertThrows(IllegalArgumentException.class,
                    () -> other.setState(g.getState()));
            assertTrue(seed.getMessage().contains("seeded with 1"), seed.getMessage());
            assertThrows(IllegalArgumentException.class, () -> g.setState(new byte[] {1, 2, 3}));
            byte[] truncated = java.util.Arrays.copyOf(g.getState(), 40);
            assertThrows(IllegalArgumentException.class, () -> g.setState(truncated));
            assertThrows(IllegalArgumentException.class, () -> g.setState(null));
        }
    }

    @Test
    void aClosedGeneratorHasNoState() {
        SeedGenerator g = SeedGenerator.of(3);
        g.close();
        assertThrows(IllegalStateException.class, g::getState);
    }
}
