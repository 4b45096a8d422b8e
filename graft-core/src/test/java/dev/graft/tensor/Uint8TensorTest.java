package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Tensor#ofUint8}: bytes become unsigned pixel values. */
class Uint8TensorTest {

    @Test
    void readsEachByteAsUnsigned() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor t = Tensor.ofUint8(new byte[] {0, 1, 127, (byte) 128, (byte) 200, (byte) 255}, 2, 3);
            assertEquals(DType.UINT8, t.dtype());
            assertEquals(Shape.of(2, 3), t.shape());
            assertArrayEquals(new long[] {0, 1, 127, 128, 200, 255}, t.toLongArray());
            assertArrayEquals(new float[] {0, 1, 127, 128, 200, 255}, t.toFloatArray());
        }
    }

    @Test
    void rejectsAShapeThatDoesNotMatchTheData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.ofUint8(new byte[5], 2, 3));
        assertEquals("Shape [2, 3] needs 6 values, received 5", e.getMessage());
    }
}
