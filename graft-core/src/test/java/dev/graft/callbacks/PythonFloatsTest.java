package dev.graft.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PythonFloatsTest {

    @Test
    void matchesPythonsRepr() {
        // Expected strings are what Python 3 prints for repr(float(x)).
        assertEquals("0.1", PythonFloats.repr(0.1));
        assertEquals("10.0", PythonFloats.repr(10.0));
        assertEquals("-2.5", PythonFloats.repr(-2.5));
        assertEquals("0.30000000000000004", PythonFloats.repr(0.1 + 0.2));
        assertEquals("0.0001", PythonFloats.repr(1e-4));
        assertEquals("1e-05", PythonFloats.repr(1e-5));
        assertEquals("-2.5e-07", PythonFloats.repr(-2.5e-7));
        assertEquals("1e-100", PythonFloats.repr(1e-100));
        assertEquals("1000000000000000.0", PythonFloats.repr(1e15));
        assertEquals("123456789012345.6", PythonFloats.repr(123456789012345.6));
        assertEquals("1e+16", PythonFloats.repr(1e16));
        assertEquals("1.5e+300", PythonFloats.repr(1.5e300));
        assertEquals("0.0", PythonFloats.repr(0.0));
        assertEquals("-0.0", PythonFloats.repr(-0.0));
        assertEquals("nan", PythonFloats.repr(Double.NaN));
        assertEquals("inf", PythonFloats.repr(Double.POSITIVE_INFINITY));
        assertEquals("-inf", PythonFloats.repr(Double.NEGATIVE_INFINITY));
    }

    @Test
    void fixedMatchesPythonsFFormat() {
        // Expected strings are what Python 3 prints for f"{x:.5f}" (or .2f): the exact binary value rounded
        // half-even, so 2.675 (stored as 2.67499999...) gives 2.67 and the exact 0.125 gives 0.12.
        assertEquals("0.12346", PythonFloats.fixed(0.123456, 5));
        assertEquals("0.50000", PythonFloats.fixed(0.5, 5));
        assertEquals("2.67", PythonFloats.fixed(2.675, 2));
        assertEquals("0.12", PythonFloats.fixed(0.125, 2));
        assertEquals("0.38", PythonFloats.fixed(0.375, 2));
        assertEquals("-1.50000", PythonFloats.fixed(-1.5, 5));
        assertEquals("-0.00000", PythonFloats.fixed(-1e-9, 5));
        assertEquals("-0.00000", PythonFloats.fixed(-0.0, 5));
        assertEquals("100000000000000000000.00", PythonFloats.fixed(1e20, 2));
        assertEquals("nan", PythonFloats.fixed(Double.NaN, 5));
        assertEquals("inf", PythonFloats.fixed(Double.POSITIVE_INFINITY, 5));
        assertEquals("-inf", PythonFloats.fixed(Double.NEGATIVE_INFINITY, 5));
    }

    @Test
    void finiteValuesParseBackExactly() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            double x = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(x)) {
                assertEquals(x, Double.parseDouble(PythonFloats.repr(x)), 0, () -> Double.toString(x));
            }
            double y = random.nextDouble(-10, 10) * Math.pow(10, random.nextInt(-8, 8));
            assertEquals(y, Double.parseDouble(PythonFloats.repr(y)), 0, () -> Double.toString(y));
        }
    }
}
