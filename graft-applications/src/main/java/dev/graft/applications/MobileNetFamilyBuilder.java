package dev.graft.applications;

import dev.graft.tensor.Shape;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * What {@link MobileNet} and {@link MobileNetV2} add to the common options: the width multiplier
 * {@code alpha}, and Keras' way of picking the default input size, the size of the ImageNet weights and the
 * model's name ({@code <prefix>_<alpha>_<rows>}), where ImageNet weights exist for a few square sizes only.
 */
abstract class MobileNetFamilyBuilder<B extends MobileNetFamilyBuilder<B>> extends ApplicationBuilder<B> {
    private static final int DEFAULT_SIZE = 224;
    private static final int MIN_SIZE = 32;

    private double alpha = 1.0;

    /**
     * The width multiplier (default 1.0): below 1 every layer is thinner, above 1 wider. ImageNet weights exist
     * for a few values only (see the model).
     */
    public B optAlpha(double alpha) {
        this.alpha = alpha;
        return self();
    }

    protected final double alpha() {
        return alpha;
    }

    /**
     * Checks the common options and {@code alpha > 0}, then Keras' input shape: the default size is the side of
     * a given square input if ImageNet weights exist for it ({@code imagenetSizes}), else 224; the input is at
     * least 32x32.
     *
     * @return {@code (height, width, channels)}, {@link Shape#UNKNOWN} for None
     */
    final long[] checkOptionsAndObtainInputShape(String application, List<Integer> imagenetSizes) {
        checkCommonOptions(application);
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException(application + " needs a finite alpha > 0, received alpha=" + alpha);
        }
        long[] given = inputShape();
        boolean squareWithWeights = given != null && given.length == 3 && given[0] == given[1]
                && imagenetSizes.contains((int) given[0]);
        return obtainInputShape(squareWithWeights ? (int) given[0] : DEFAULT_SIZE, MIN_SIZE);
    }

    /**
     * The rows of the ImageNet weights Keras loads for an input of {@code shape}: its height when the input is
     * square of a size in {@code imagenetSizes}, else 224 with Keras' warning. Also the rows in the name.
     */
    final long imagenetRows(long[] shape, List<Integer> imagenetSizes) {
        if (shape[0] == shape[1] && imagenetSizes.contains((int) shape[0])) {
            return shape[0];
        }
        warn("`input_shape` is undefined or non-square, or `rows` is not in " + imagenetSizes + ". Weights for "
                + "input shape (" + DEFAULT_SIZE + ", " + DEFAULT_SIZE + ") will be loaded as the default.");
        return DEFAULT_SIZE;
    }

    /** Fails unless ImageNet weights exist for {@code alpha} and {@code rows}. */
    static void checkWeightsExist(String application, List<Double> alphas, List<Integer> sizes, double alpha,
                                  int rows) {
        if (!alphas.contains(alpha) || !sizes.contains(rows)) {
            throw new IllegalArgumentException(application + "'s ImageNet weights exist for alpha in " + alphas
                    + " and rows in " + sizes + ", received alpha=" + alpha + ", rows=" + rows);
        }
    }

    /** Keras' {@code f"{prefix}_{alpha:0.2f}_{rows}"}, e.g. {@code mobilenet_0.25_224}, with None for unknown rows. */
    final String defaultName(String prefix, long rows) {
        return prefix + "_" + new BigDecimal(alpha).setScale(2, RoundingMode.HALF_EVEN).toPlainString() + "_"
                + (rows == Shape.UNKNOWN ? "None" : Long.toString(rows));
    }
}
