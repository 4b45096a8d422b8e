package dev.graft.callbacks;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Formats doubles as Python's {@code repr(float)} and {@code f"{x:.Nf}"} do, so messages and CSV files read as
 * Keras' do.
 */
final class PythonFloats {
    /** Python switches to scientific notation below this decimal exponent ... */
    private static final int MIN_PLAIN_EXPONENT = -4;
    /** ... and from this one on. */
    private static final int MAX_PLAIN_EXPONENT = 15;

    private PythonFloats() {
    }

    /**
     * The text Python prints for {@code x}: {@code 0.1}, {@code 10.0}, {@code 1e-05}, {@code 1.5e+16},
     * {@code nan}, {@code inf}. Every finite value parses back exactly with {@link Double#parseDouble}.
     */
    static String repr(double x) {
        if (!Double.isFinite(x)) {
            return nonFinite(x);
        }
        if (x == 0) {
            return 1 / x < 0 ? "-0.0" : "0.0";
        }
        // Double.toString gives digits that round-trip; only the layout differs from Python's.
        BigDecimal value = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        String digits = value.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - value.scale();
        String sign = x < 0 ? "-" : "";
        if (exponent >= MIN_PLAIN_EXPONENT && exponent <= MAX_PLAIN_EXPONENT) {
            String plain = value.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int absExponent = Math.abs(exponent);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (absExponent < 10 ? "0" : "") + absExponent;
    }

    /**
     * The text of Python's {@code f"{x:.<places>f}"}: {@code x} rounded half-even from its exact binary value
     * to {@code places} decimals, such as {@code 0.12346} for 5 places; {@code nan}, {@code inf}, {@code -inf}
     * for non-finite values, and a minus sign kept on values that round to zero.
     */
    static String fixed(double x, int places) {
        if (!Double.isFinite(x)) {
            return nonFinite(x);
        }
        String digits = new BigDecimal(x).setScale(places, RoundingMode.HALF_EVEN).abs().toPlainString();
        return (Math.copySign(1.0, x) < 0 ? "-" : "") + digits;
    }

    private static String nonFinite(double x) {
        return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    }
}
