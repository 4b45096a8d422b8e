package dev.graft.saving;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Formats a number as Python's {@code format(value, spec)} does, for the specs file names use:
 * {@code [sign][0][width][.precision][type]} with type {@code d}, {@code f}, {@code F}, {@code e},
 * {@code E}, {@code g}, {@code G} or {@code %}, or no spec at all ({@code str(value)}). Rounding is
 * Python's: the exact binary value, ties to even, so {@code 2.675} with {@code .2f} gives {@code 2.67}.
 */
final class PythonFormat {
    private static final Pattern SPEC = Pattern.compile("([-+ ])?(0)?(\\d+)?(?:\\.(\\d+))?([dfFeEgG%])?");

    private PythonFormat() {
    }

    /**
     * {@code value} (an {@link Integer}, {@link Long}, {@link Float} or {@link Double}) formatted by
     * {@code spec}; {@code field} names the placeholder in error messages.
     */
    static String format(Object value, String spec, String field) {
        Matcher m = parse(spec, field);
        String sign = m.group(1);
        boolean zeroPad = m.group(2) != null;
        int width = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        Integer precision = m.group(4) == null ? null : Integer.parseInt(m.group(4));
        String type = m.group(5);
        boolean integral = value instanceof Integer || value instanceof Long;
        if (!integral && !(value instanceof Float || value instanceof Double)) {
            throw new IllegalArgumentException("Placeholder {" + field + "} received " + value + " ("
                    + (value == null ? "null" : value.getClass().getSimpleName()) + "), expected a number");
        }
        boolean negative;
        String body;
        if (integral && (type == null || type.equals("d"))) {
            if (precision != null) {
                throw new IllegalArgumentException("Placeholder {" + field + ":" + spec + "}: precision is not allowed "
                        + "for the integer " + value);
            }
            long v = ((Number) value).longValue();
            negative = v < 0;
            body = Long.toString(v).replace("-", "");
        } else if ("d".equals(type)) {
            throw new IllegalArgumentException("Placeholder {" + field + ":" + spec + "}: format code 'd' needs an "
                    + "integer, received the float " + value + "; use e.g. {" + field + ":.4f}");
        } else {
            double v = ((Number) value).doubleValue();
            if (type == null && precision != null) {
                throw new IllegalArgumentException("Placeholder {" + field + ":" + spec + "}: give a type with the "
                        + "precision, e.g. {" + field + ":." + precision + "f}");
            }
            negative = !Double.isNaN(v) && (Double.doubleToRawLongBits(v) < 0);
            body = formatFloat(Math.abs(v), type, precision);
        }
        String prefix = negative ? "-" : "+".equals(sign) ? "+" : " ".equals(sign) ? " " : "";
        int padding = width - prefix.length() - body.length();
        if (padding <= 0) {
            return prefix + body;
        }
        return zeroPad ? prefix + "0".repeat(padding) + body : " ".repeat(padding) + prefix + body;
    }

    /** Checks that {@code spec} is a supported format spec; {@code field} names the placeholder in the error. */
    static Matcher parse(String spec, String field) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("Placeholder {" + field + ":" + spec + "} has a format spec that is not "
                    + "supported; use [sign][0][width][.precision][type] with type d, f, e, g or %, e.g. {"
                    + field + ":.4f}");
        }
        return m;
    }

    /** {@code v >= 0} (or NaN) formatted by {@code type}; null type is Python's {@code repr}. */
    private static String formatFloat(double v, String type, Integer precision) {
        boolean upper = type != null && Character.isUpperCase(type.charAt(0));
        if (!Double.isFinite(v)) {
            String s = Double.isNaN(v) ? "nan" : "inf";
            s = upper ? s.toUpperCase() : s;
            return "%".equals(type) ? s + "%" : s;
        }
        if (type == null) {
            return repr(v);
        }
        int p = precision == null ? 6 : precision;
        String s = switch (type) {
            case "f", "F" -> fixed(new BigDecimal(v), p);
            case "%" -> fixed(new BigDecimal(v * 100), p) + "%";
            case "e", "E" -> scientific(new BigDecimal(v), p, false);
            default -> general(v, p == 0 ? 1 : p);
        };
        return upper ? s.toUpperCase() : s;
    }

    private static String fixed(BigDecimal v, int decimals) {
        return v.setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** {@code d.ddd e+XX} with {@code decimals} digits after the point (all kept unless {@code strip}). */
    private static String scientific(BigDecimal v, int decimals, boolean strip) {
        String digits;
        int exponent;
        if (v.signum() == 0) {
            digits = "0".repeat(decimals + 1);
            exponent = 0;
        } else {
            BigDecimal rounded = v.round(new MathContext(decimals + 1, RoundingMode.HALF_EVEN));
            digits = rounded.unscaledValue().toString();
            exponent = rounded.precision() - rounded.scale() - 1;
            digits = (digits + "0".repeat(decimals + 1)).substring(0, decimals + 1);
        }
        String fraction = digits.substring(1);
        if (strip) {
            fraction = fraction.replaceAll("0+$", "");
        }
        String mantissa = fraction.isEmpty() ? digits.substring(0, 1) : digits.charAt(0) + "." + fraction;
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    /** Python's {@code g}: fixed or scientific by the exponent, trailing zeros removed. */
    private static String general(double v, int significant) {
        if (v == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(significant, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= -4 && exponent < significant) {
            return stripZeros(fixed(rounded, significant - 1 - exponent));
        }
        return scientific(new BigDecimal(v), significant - 1, true);
    }

    /** Python's {@code repr}: the shortest digits that read back as {@code v}, scientific outside 1e-4..1e16. */
    private static String repr(double v) {
        if (v == 0) {
            return "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        return scientific(shortest, shortest.precision() - 1, true);
    }

    private static String stripZeros(String fixed) {
        return fixed.contains(".") ? fixed.replaceAll("0+$", "").replaceAll("\\.$", "") : fixed;
    }
}
