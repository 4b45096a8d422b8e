package dev.graft.losses;

/** Validation shared by the crossentropies that smooth their labels. */
final class LabelSmoothing {

    private LabelSmoothing() {
    }

    /** {@code value}, checked to lie in [0, 1]. */
    static double check(String lossName, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("Loss " + lossName + " needs a label smoothing in [0, 1] "
                    + "(optLabelSmoothing), received " + value);
        }
        return value;
    }
}
