package dev.graft.layers.preprocessing;

import dev.graft.layers.LayerConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code RandomZoom(height_factor, width_factor)}: in training mode, scales each image about its center by
 * its own random zoom {@code 1 + u}, with {@code u} drawn uniformly from the height factor's range for the
 * vertical axis and from the width factor's for the horizontal one. A positive {@code u} zooms out (the image
 * shrinks, its border is filled by the fill mode, default reflect), a negative one zooms in: {@code 0.2} means
 * a zoom in {@code [0.8, 1.2)}. Without a width factor, both axes use the same draw, keeping the aspect ratio.
 * Factors lie in {@code [-1, 1]}. In inference mode, returns the input. Inputs
 * {@code [batch, height, width, channels]} or {@code [height, width, channels]}; same output shape. No weights.
 */
public final class RandomZoom extends AffineImageLayer {
    private final FactorRange heightFactor;
    private final FactorRange widthFactor;

    /** {@code RandomZoom(height_factor)}: the same zoom on both axes, {@code 1 + u}, u in {@code [-|f|, |f|]}. */
    public RandomZoom(double heightFactor) {
        this(builder().setHeightFactor(heightFactor));
    }

    /** {@code RandomZoom(height_factor, width_factor)}: independent zooms per axis. */
    public RandomZoom(double heightFactor, double widthFactor) {
        this(builder().setHeightFactor(heightFactor).optWidthFactor(widthFactor));
    }

    private RandomZoom(Builder b) {
        super(b);
        this.heightFactor = checkFactor(b.heightFactor, "a height factor", "setHeightFactor");
        this.widthFactor = b.widthFactor == null ? null
                : checkFactor(b.widthFactor, "a width factor", "optWidthFactor");
    }

    public static Builder builder() {
        return new Builder();
    }

    public FactorRange heightFactor() {
        return heightFactor;
    }

    /** The horizontal factor, or null when the horizontal zoom follows the vertical one. */
    public FactorRange widthFactor() {
        return widthFactor;
    }

    @Override
    protected double[] transforms(int batch, long height, long width) {
        double[] zy = uniform(batch, 1 + heightFactor.lower(), 1 + heightFactor.upper());
        double[] zx = widthFactor == null ? zy : uniform(batch, 1 + widthFactor.lower(), 1 + widthFactor.upper());
        // Output pixel p reads input point z (p - center) + center, center ((width - 1) / 2, (height - 1) / 2).
        return rows(batch, i -> new double[] {zx[i], 0, (width - 1) / 2.0 * (1 - zx[i]),
            0, zy[i], (height - 1) / 2.0 * (1 - zy[i]), 0, 0});
    }

    /** Keras' options, in its order; the seed is always written, so a loaded layer zooms by the same amounts. */
    @Override
    protected void writeConfig(LayerConfig c) {
        heightFactor.writeConfig(c, "height_factor");
        if (widthFactor == null) {
            c.putNull("width_factor");
        } else {
            widthFactor.writeConfig(c, "width_factor");
        }
        writeFillAndSeedConfig(c);
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code RandomZoom.from_config}). */
    public static RandomZoom fromConfig(LayerConfig c) {
        Builder b = readFillConfig(c, readCommonConfig(c, builder()));
        FactorRange height = FactorRange.fromConfig(c, "height_factor");
        b.setHeightFactor(height.lower(), height.upper());
        if (c.has("width_factor")) {
            FactorRange width = FactorRange.fromConfig(c, "width_factor");
            b.optWidthFactor(width.lower(), width.upper());
        }
        return b.build();
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("height_factor", heightFactor);
        own.put("width_factor", widthFactor == null ? "None" : widthFactor);
        return withFillConfig(own);
    }

    /** Builds a {@link RandomZoom}: {@link #setHeightFactor} is required. */
    public static final class Builder extends AffineImageLayer.Builder<Builder> {
        private FactorRange heightFactor;
        private FactorRange widthFactor;

        /** Vertical zoom {@code 1 + u}, u in {@code [-|factor|, |factor|]}, {@code |factor| <= 1}. */
        public Builder setHeightFactor(double factor) {
            this.heightFactor = FactorRange.symmetric(factor);
            return this;
        }

        /** Vertical zoom {@code 1 + u}, u between {@code lower} and {@code upper}, each in {@code [-1, 1]}. */
        public Builder setHeightFactor(double lower, double upper) {
            this.heightFactor = FactorRange.between(lower, upper);
            return this;
        }

        /** Horizontal zoom {@code 1 + u}, u in {@code [-|factor|, |factor|]} (default: the vertical zoom). */
        public Builder optWidthFactor(double factor) {
            this.widthFactor = FactorRange.symmetric(factor);
            return this;
        }

        /** Horizontal zoom {@code 1 + u}, u between {@code lower} and {@code upper}, each in {@code [-1, 1]}. */
        public Builder optWidthFactor(double lower, double upper) {
            this.widthFactor = FactorRange.between(lower, upper);
            return this;
        }

        public RandomZoom build() {
            return new RandomZoom(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
