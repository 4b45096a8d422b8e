package dev.graft.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected strings are what Python's {@code str.format} prints for the same template and value. */
class PathTemplateTest {

    private static String format(String template, String name, Object value) {
        return PathTemplate.of(template).format(Map.of(name, value));
    }

    @Test
    void kerasCheckpointTemplate() {
        String path = PathTemplate.of("ckpt/weights.{epoch:02d}-{val_loss:.4f}.h5")
                .format(Map.of("epoch", 3, "val_loss", 0.123456, "loss", 0.2));
        assertEquals("ckpt/weights.03-0.1235.h5", path);
        assertEquals("e12", format("e{epoch}", "epoch", 12));
        assertEquals("{epoch}-3", format("{{epoch}}-{epoch}", "epoch", 3));
    }

    @Test
    void fixedPointRoundsTheExactBinaryValueHalfToEven() {
        // 0.125 and 0.375 are exact in binary: true ties, rounded to the even digit (Java's %.2f rounds up).
        assertEquals("0.12", format("{x:.2f}", "x", 0.125));
        assertEquals("0.38", format("{x:.2f}", "x", 0.375));
        // 2.675 is stored as 2.67499999999999982236431605997495353221893310546875: rounds down.
        assertEquals("2.67", format("{x:.2f}", "x", 2.675));
        assertEquals("0.500000", format("{x:f}", "x", 0.5));
        assertEquals("3.0", format("{x:.1f}", "x", 3));
        assertEquals("97.2%", format("{x:.1%}", "x", 0.9716));
    }

    @Test
    void scientificAndGeneralFormats() {
        assertEquals("1.23e-04", format("{x:.2e}", "x", 0.000123456));
        assertEquals("1.234568e+04", format("{x:e}", "x", 12345.678));
        assertEquals("0.00e+00", format("{x:.2e}", "x", 0.0));
        assertEquals("1.5E+300", format("{x:.1E}", "x", 1.5e300));
        // g: fixed when -4 <= exponent < precision (default 6), else scientific; trailing zeros dropped.
        assertEquals("0.0001234", format("{x:g}", "x", 0.0001234));
        assertEquals("1.234e-05", format("{x:g}", "x", 0.00001234));
        assertEquals("1.23457e+06", format("{x:g}", "x", 1234567.0));
        assertEquals("100", format("{x:g}", "x", 100.0));
        assertEquals("0.5", format("{x:.3g}", "x", 0.5));
        assertEquals("1e+02", format("{x:.1g}", "x", 99.9));
    }

    @Test
    void noSpecIsPythonStr() {
        assertEquals("0.1", format("{x}", "x", 0.1));
        assertEquals("1.0", format("{x}", "x", 1.0));
        assertEquals("1e-05", format("{x}", "x", 1e-5));
        assertEquals("0.0001", format("{x}", "x", 1e-4));
        assertEquals("1e+16", format("{x}", "x", 1e16));
        assertEquals("123456789.0", format("{x}", "x", 123456789.0));
        assertEquals("-2.5", format("{x}", "x", -2.5));
        assertEquals("0.6931471805599453", format("{x}", "x", Math.log(2)));
    }

    @Test
    void signWidthAndSpecialValues() {
        assertEquals("+3", format("{x:+d}", "x", 3));
        assertEquals("   5", format("{x:4d}", "x", 5));
        assertEquals("-0005", format("{x:05d}", "x", -5));
        assertEquals("-000.500", format("{x:08.3f}", "x", -0.5));
        assertEquals(" 0.50", format("{x: .2f}", "x", 0.5));
        assertEquals("-0.0", format("{x:.1f}", "x", -0.0));
        assertEquals("inf", format("{x:.2f}", "x", Double.POSITIVE_INFINITY));
        assertEquals("-inf", format("{x:e}", "x", Double.NEGATIVE_INFINITY));
        assertEquals("NAN", format("{x:F}", "x", Double.NaN));
        assertEquals("nan", format("{x}", "x", Double.NaN));
    }

    @Test
    void errorsNameThePlaceholder() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PathTemplate.of("w-{val_acc:.2f}.h5").format(Map.of("epoch", 1, "val_loss", 0.5)));
        assertTrue(missing.getMessage().contains("{val_acc}") && missing.getMessage().contains("[epoch, val_loss]"),
                missing.getMessage());
        IllegalArgumentException intCode = assertThrows(IllegalArgumentException.class,
                () -> format("{loss:02d}", "loss", 0.5));
        assertTrue(intCode.getMessage().contains("'d' needs an integer"), intCode.getMessage());

        for (String bad : new String[] {"w-{epoch", "w}", "{0}", "{a.b}", "{x!r}", "{x:<5}", "{x:{w}}", ""}) {
            assertThrows(IllegalArgumentException.class, () -> PathTemplate.of(bad), bad);
        }
    }
}
