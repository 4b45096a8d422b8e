package dev.graft.layers.preprocessing;

import dev.graft.layers.LayerConfig;
import dev.graft.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras' {@code RandomContrast(factor, value_range=(0, 255))}: in training mode, draws a contrast factor
 * {@code c} per image uniformly from {@code [1 - lower, 1 + upper)} and maps every value {@code x} of each
 * channel to {@code (x - mean) * c + mean}, where {@code mean} is that image's mean of that channel, then clips
 * the result to the value range. A single factor {@code f} means {@code lower = upper = f}; factors lie in
 * {@code [0, 1]}. In inference mode, returns the input. Inputs {@code [batch, height, width, channels]} or
 * {@code [height, width, channels]}; same output shape. No weights.
 */
public final class RandomContrast extends RandomImageLayer {
    private final double lower;
    private final double upper;
    private final double valueMin;
    private final double valueMax;

    /** {@code RandomContrast(factor)}: contrast factors in {@code [1 - factor, 1 + factor)}, values in [0, 255]. */
    public RandomContrast(double factor) {
        this(builder().setFactor(factor));
    }

    private RandomContrast(Builder b) {
        super(b);
        if (!(b.lower >= 0 && b.lower <= 1 && b.upper >= 0 && b.upper <= 1)) {
            throw new IllegalArgumentException("RandomContrast needs factors in [0, 1] (setFactor), received lower="
                    + b.lower + ", upper=" + b.upper);
        }
        if (!(Double.isFinite(b.valueMin) && Double.isFinite(b.valueMax) && b.valueMin <= b.valueMax)) {
            throw new IllegalArgumentException("RandomContrast needs a finite value range with low <= high "
                    + "(optValueRange), received (" + b.valueMin + ", " + b.valueMax + ")");
        }
        this.lower = b.lower;
        this.upper = b.upper;
        this.valueMin = b.valueMin;
        this.valueMax = b.valueMax;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How far below 1 the contrast factor may go. */
    public double lower() {
        return lower;
    }

    /** How far above 1 the contrast factor may go. */
    public double upper() {
        return upper;
    }

    @Override
    protected Tensor augment(Tensor images) {
        Tensor factor = uniformPerImage(images.shape().get(0), 1 - lower, 1 + upper);
        Tensor mean = images.mean(new int[] {1, 2}, true);
        return images.sub(mean).mul(factor).add(mean).clip(valueMin, valueMax);
    }

    /**
     * Keras' options: {@code factor} as the pair {@code [lower, upper]} (contrast factors in
     * {@code [1 - lower, 1 + upper)}), {@code value_range}, and the seed, always written so that a loaded layer
     * draws the same factors.
     */
    @Override
    protected void writeConfig(LayerConfig c) {
        c.putArray("factor", new double[] {lower, upper}, 2)
                .putArray("value_range", new double[] {valueMin, valueMax}, 2)
                .put("seed", seed());
    }

    /**
     * The layer {@link #getConfig()} describes (Keras' {@code RandomContrast.from_config}). A pair
     * {@code factor} is sorted, as Keras sorts it; a single number {@code f} means factors in
     * {@code [1 - f, 1 + f)}.
     */
    public static RandomContrast fromConfig(LayerConfig c) {
        Builder b = readCommonConfig(c, builder());
        LayerConfig.NumberArray factor = c.getArray("factor");
        if (factor.isScalar()) {
            b.setFactor(factor.values()[0]);
        } else {
            double[] pair = FactorRange.pair(factor, "factor");
            b.setFactor(Math.min(pair[0], pair[1]), Math.max(pair[0], pair[1]));
        }
        LayerConfig.NumberArray range = c.getArrayOrNull("value_range");
        if (range != null) {
            double[] pair = FactorRange.pair(range, "value_range");
            b.optValueRange(pair[0], pair[1]);
        }
        return b.build();
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("factor", String.format(Locale.ROOT, "(%s, %s)", lower, upper));
        config.put("value_range", String.format(Locale.ROOT, "(%s, %s)", valueMin, valueMax));
        return config;
    }

    /** Builds a {@link RandomContrast}: {@link #setFactor} is required. */
    public static final class Builder extends RandomImageLayer.Builder<Builder> {
        private double lower = Double.NaN;
        private double upper = Double.NaN;
        private double valueMin;
        private double valueMax = 255;

        /** Contrast factors in {@code [1 - factor, 1 + factor)}, {@code factor} in {@code [0, 1]}. */
        public Builder setFactor(double factor) {
            return setFactor(factor, factor);
        }

        /** Contrast factors in {@code [1 - lower, 1 + upper)}, both in {@code [0, 1]}. */
        public Builder setFactor(double lower, double upper) {
            this.lower = lower;
            this.upper = upper;
            return this;
        }

        /** The range the output is clipped to, that of the input pixels (default {@code [0, 255]}). */
        public Builder optValueRange(double low, double high) {
            this.valueMin = low;
            this.valueMax = high;
            return this;
        }

        public RandomContrast build() {
            return new RandomContrast(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
