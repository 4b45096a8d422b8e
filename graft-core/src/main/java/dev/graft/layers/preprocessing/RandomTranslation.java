package dev.graft.layers.preprocessing;

import dev.graft.layers.LayerConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code RandomTranslation(height_factor, width_factor)}: in training mode, moves each image by its own
 * random offset, {@code u * height} pixels down and {@code v * width} pixels right, with {@code u} and {@code v}
 * drawn uniformly from the height and width factors' ranges (negative values move up or left). {@code 0.2}
 * means up to 20% of the size either way; factors lie in {@code [-1, 1]}. The uncovered border is filled by the
 * fill mode (default reflect). In inference mode, returns the input. Inputs
 * {@code [batch, height, width, channels]} or {@code [height, width, channels]}; same output shape. No weights.
 */
public final class RandomTranslation extends AffineImageLayer {
    private final FactorRange heightFactor;
    private final FactorRange widthFactor;

    /** {@code RandomTranslation(height_factor, width_factor)}: offsets up to these fractions of the size. */
    public RandomTranslation(double heightFactor, double widthFactor) {
        this(builder().setHeightFactor(heightFactor).setWidthFactor(widthFactor));
    }

    private RandomTranslation(Builder b) {
        super(b);
        this.heightFactor = checkFactor(b.heightFactor, "a height factor", "setHeightFactor");
        this.widthFactor = checkFactor(b.widthFactor, "a width factor", "setWidthFactor");
    }

    public static Builder builder() {
        return new Builder();
    }

    public FactorRange heightFactor() {
        return heightFactor;
    }

    public FactorRange widthFactor() {
        return widthFactor;
    }

    @Override
    protected double[] transforms(int batch, long height, long width) {
        double[] u = uniform(batch, heightFactor.lower(), heightFactor.upper());
        double[] v = uniform(batch, widthFactor.lower(), widthFactor.upper());
        // Moving the content by (dx, dy) means output pixel p reads input point p - (dx, dy).
        return rows(batch, i -> new double[] {1, 0, -v[i] * width, 0, 1, -u[i] * height, 0, 0});
    }

    /** Keras' options, in its order; the seed is always written, so a loaded layer moves by the same offsets. */
    @Override
    protected void writeConfig(LayerConfig c) {
        heightFactor.writeConfig(c, "height_factor");
        widthFactor.writeConfig(c, "width_factor");
        writeFillAndSeedConfig(c);
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code RandomTranslation.from_config}). */
    public static RandomTranslation fromConfig(LayerConfig c) {
        FactorRange height = FactorRange.fromConfig(c, "height_factor");
        FactorRange width = FactorRange.fromConfig(c, "width_factor");
        return readFillConfig(c, readCommonConfig(c, builder())).setHeightFactor(height.lower(), height.upper())
                .setWidthFactor(width.lower(), width.upper()).build();
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("height_factor", heightFactor);
        own.put("width_factor", widthFactor);
        return withFillConfig(own);
    }

    /** Builds a {@link RandomTranslation}: {@link #setHeightFactor} and {@link #setWidthFactor} are required. */
    public static final class Builder extends AffineImageLayer.Builder<Builder> {
        private FactorRange heightFactor;
        private FactorRange widthFactor;

        /** Vertical offsets up to {@code |factor| * height} either way, {@code |factor| <= 1}. */
        public Builder setHeightFactor(double factor) {
            this.heightFactor = FactorRange.symmetric(factor);
            return this;
        }

        /** Vertical offsets between {@code lower * height} and {@code upper * height} (down is positive). */
        public Builder setHeightFactor(double lower, double upper) {
            this.heightFactor = FactorRange.between(lower, upper);
            return this;
        }

        /** Horizontal offsets up to {@code |factor| * width} either way, {@code |factor| <= 1}. */
        public Builder setWidthFactor(double factor) {
            this.widthFactor = FactorRange.symmetric(factor);
            return this;
        }

        /** Horizontal offsets between {@code lower * width} and {@code upper * width} (right is positive). */
        public Builder setWidthFactor(double lower, double upper) {
            this.widthFactor = FactorRange.between(lower, upper);
            return this;
        }

        public RandomTranslation build() {
            return new RandomTranslation(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
