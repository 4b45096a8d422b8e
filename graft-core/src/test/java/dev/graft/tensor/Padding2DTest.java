package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Padding2DTest {
    @Test
    void sameMatchesTensorFlow() {
        // total = max((ceil(n/s) - 1) * s + k_eff - n, 0), split (total/2 before, the rest after).
        // stride 1, k=3: total 2 -> (1, 1) for odd and even sizes
        assertEquals(new Padding2D(1, 1, 1, 1), Padding2D.same(4, 5, 3, 3, 1, 1));
        // stride 1, k=2: total 1 -> (0, 1), the odd pixel after
        assertEquals(new Padding2D(0, 1, 0, 1), Padding2D.same(4, 5, 2, 2, 1, 1));
        // stride 2, k=3: height 4 -> out 2, total 2 + 3 - 4 = 1 -> (0, 1); width 5 -> out 3, total 4 + 3 - 5 = 2
        assertEquals(new Padding2D(0, 1, 1, 1), Padding2D.same(4, 5, 3, 3, 2, 2));
        // stride 2, k=4 on 6: out 3, total 4 + 4 - 6 = 2 -> (1, 1); k=4 on 7: out 4, total 6 + 4 - 7 = 3 -> (1, 2)
        assertEquals(new Padding2D(1, 1, 1, 2), Padding2D.same(6, 7, 4, 4, 2, 2));
        // stride 2, k=1 on 7: out 4, 6 + 1 - 7 = 0; stride 3, k=2 on 7: out 3, 6 + 2 - 7 = 1 -> (0, 1)
        assertEquals(new Padding2D(0, 0, 0, 1), Padding2D.same(7, 7, 1, 2, 2, 3));
        // stride larger than the kernel never pads negatively: k=1, s=3 on 8: out 3, 6 + 1 - 8 = -1 -> 0
        assertEquals(Padding2D.VALID, Padding2D.same(8, 8, 1, 1, 3, 3));
        // dilation 2 makes a 3-tap kernel span 5: total 4 -> (2, 2)
        assertEquals(new Padding2D(2, 2, 2, 2), Padding2D.same(5, 5, 3, 3, 1, 1, 2, 2));
        // different per axis: (kh=3, s=1) -> (1, 1); (kw=5, s=2) on 9: out 5, 8 + 5 - 9 = 4 -> (2, 2)
        assertEquals(new Padding2D(1, 1, 2, 2), Padding2D.same(9, 9, 3, 5, 1, 2));
    }

    @Test
    void reportsSymmetryAndRejectsNegatives() {
        assertTrue(new Padding2D(1, 1, 2, 2).isSymmetric());
        assertFalse(new Padding2D(0, 1, 0, 1).isSymmetric());
        assertTrue(Padding2D.VALID.isZero());
        assertThrows(IllegalArgumentException.class, () -> new Padding2D(-1, 0, 0, 0));
    }
}
