package dev.graft.layers.preprocessing;

import dev.graft.layers.LayerConfig;
import java.util.Arrays;
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

    /** Keras' factor option {@code key}: a number {@code f} for {@code [-|f|, |f|]}, a pair for the range between. */
    static FactorRange fromConfig(LayerConfig c, String key) {
        LayerConfig.NumberArray factor = c.getArray(key);
        if (factor.isScalar()) {
            return symmetric(factor.values()[0]);
        }
        double[] bounds = pair(factor, key);
        return between(bounds[0], bounds[1]);
    }

    /** The two numbers of a Keras pair option, such as {@code value_range} {@code [0, 255]}. */
    static double[] pair(LayerConfig.NumberArray option, String key) {
        if (option.shape().length != 1 || option.values().length != 2) {
            throw new IllegalArgumentException("Option '" + key + "' must be a pair of numbers [low, high], received "
                    + (option.isScalar() ? "the number " + option.values()[0]
                            : "an array of shape " + Arrays.toString(option.shape())));
        }
        return option.values();
    }

    /** Writes the range as Keras writes a factor, the tuple {@code [lower, upper]}. */
    void writeConfig(LayerConfig c, String key) {
        c.putArray(key, new double[] {lower, upper}, 2);
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
