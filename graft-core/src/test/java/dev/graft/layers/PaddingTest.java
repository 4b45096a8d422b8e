package dev.graft.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.Padding2D;
import dev.graft.tensor.Shape;
import org.junit.jupiter.api.Test;

class PaddingTest {
    @Test
    void parsesKerasNames() {
        assertEquals(Padding.VALID, Padding.of("valid"));
        assertEquals(Padding.SAME, Padding.of("SAME"));
        assertEquals("same", Padding.SAME.kerasName());
        assertThrows(IllegalArgumentException.class, () -> Padding.of("causal"));
        assertThrows(IllegalArgumentException.class, () -> Padding.of(null));
    }

    @Test
    void computesOutputLengths() {
        // valid: floor((in - ((k - 1) * d + 1)) / s) + 1
        assertEquals(3, Padding.VALID.outputLength(7, 3, 2, 1)); // (7 - 3) / 2 + 1
        assertEquals(2, Padding.VALID.outputLength(8, 3, 3, 1)); // floor(5 / 3) + 1
        assertEquals(1, Padding.VALID.outputLength(3, 3, 1, 1)); // the window just fits
        assertEquals(2, Padding.VALID.outputLength(6, 3, 1, 2)); // effective kernel 5
        // same: ceil(in / s), whatever the kernel
        assertEquals(4, Padding.SAME.outputLength(7, 3, 2, 1));
        assertEquals(3, Padding.SAME.outputLength(9, 5, 3, 1));
        assertEquals(2, Padding.SAME.outputLength(2, 7, 1, 1));
        assertEquals(Shape.UNKNOWN, Padding.VALID.outputLength(Shape.UNKNOWN, 3, 1, 1));
        assertEquals(Shape.UNKNOWN, Padding.SAME.outputLength(Shape.UNKNOWN, 3, 2, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Padding.VALID.outputLength(4, 3, 1, 2));
        assertTrue(e.getMessage().contains("5 pixels") && e.getMessage().contains("4 pixels"), e.getMessage());
    }

    @Test
    void producesExplicitPadding() {
        assertEquals(Padding2D.VALID, Padding.VALID.toPadding2D(5, 5, 3, 3, 2, 2, 1, 1));
        // 4 wide, k=3, s=2: total 1, all at the bottom/right.
        assertEquals(new Padding2D(0, 1, 0, 1), Padding.SAME.toPadding2D(4, 4, 3, 3, 2, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Padding.VALID.toPadding2D(2, 5, 3, 3, 1, 1, 1, 1));
    }
}
