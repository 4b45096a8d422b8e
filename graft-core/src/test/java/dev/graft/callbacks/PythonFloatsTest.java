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
