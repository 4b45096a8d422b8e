package dev.graft.layers.preprocessing;

import java.util.Locale;

/**
 * The bounds {@code [lower, upper]} of a random factor, as Keras' {@code factor} arguments: a single number
 * {@code f} stands for {@code [-|f|, |f|]}, a pair for the range between its two values. Each layer documents
 * what the factor means (a fraction of a turn, of the image size, ...).
 */
public record FactorRange(double lower, double upper) {

    /** Keras' single-number factor: {@code [-|factor|, |factor|]}. */
    public static FactorRange symmetric(double factor) {
        return new FactorRange(-Math.abs(factor), Math.abs(factor));
    }

    /** Keras' pair factor: the range between {@code a} and {@code b}, in either order. */
    public static FactorRange between(double a, double b) {
        return new FactorRange(Math.min(a, b), Math.max(a, b));
    }

    /** Whether both bounds are finite and inside {@code [min, max]}. */
    boolean isWithin(double min, double max) {
        return lower >= min && upper <= max && lower <= upper;
    }

    /** Keras' tuple notation, e.g. {@code (-0.1, 0.1)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "(%s, %s)", lower, upper);
    }
}
