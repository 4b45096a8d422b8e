package dev.graft.layers.preprocessing;

import dev.graft.layers.LayerConfig;
import dev.graft.tensor.FillMode;
import dev.graft.tensor.Interpolation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code RandomRotation(factor)}: in training mode, turns each image about its center by its own random
 * angle drawn uniformly from {@code [lower * 2 pi, upper * 2 pi)}; a positive angle turns the content
 * counter-clockwise. {@code factor} is a fraction of a full turn: {@code 0.1} means {@code [-36, 36)} degrees,
 * a pair {@code (-0.2, 0.3)} means {@code [-72, 108)} degrees; values lie in {@code [-1, 1]}. Corners that come
 * from outside the input are filled by the fill mode (default reflect). In inference mode, returns the input.
 * Inputs {@code [batch, height, width, channels]} or {@code [height, width, channels]}; same output shape.
 * No weights.
 */
public final class RandomRotation extends AffineImageLayer {
    private final FactorRange factor;

    /** {@code RandomRotation(factor)}: angles in {@code [-|factor|, |factor|]} turns, reflect fill, bilinear. */
    public RandomRotation(double factor) {
        this(builder().setFactor(factor));
    }

    /** {@code RandomRotation(factor, fill_mode, interpolation, fill_value)}. */
    public RandomRotation(double factor, FillMode fillMode, Interpolation interpolation, double fillValue) {
        this(builder().setFactor(factor).optFillMode(fillMode).optInterpolation(interpolation)
                .optFillValue(fillValue));
    }

    private RandomRotation(Builder b) {
        super(b);
        this.factor = checkFactor(b.factor, "a factor (a fraction of a full turn)", "setFactor");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The range of angles, in fractions of a full turn. */
    public FactorRange factor() {
        return factor;
    }

    @Override
    protected double[] transforms(int batch, long height, long width) {
        double[] angles = uniform(batch, factor.lower() * 2 * Math.PI, factor.upper() * 2 * Math.PI);
        // Keras' rotation about the image center ((width - 1) / 2, (height - 1) / 2) in pixel coordinates
        // (x right, y down): output pixel p reads input point R(angle) (p - center) + center.
        double w = width - 1;
        double h = height - 1;
        return rows(batch, i -> {
            double cos = Math.cos(angles[i]);
            double sin = Math.sin(angles[i]);
            return new double[] {cos, -sin, (w - (cos * w - sin * h)) / 2,
                sin, cos, (h - (sin * w + cos * h)) / 2, 0, 0};
        });
    }

    /** Keras' options, in its order; the seed is always written, so a loaded layer turns by the same angles. */
    @Override
    protected void writeConfig(LayerConfig c) {
        factor.writeConfig(c, "factor");
        c.put("data_format", "channels_last").put("fill_mode", fillMode().kerasName()).put("fill_value", fillValue())
                .put("interpolation", interpolation().kerasName()).put("seed", seed());
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code RandomRotation.from_config}). */
    public static RandomRotation fromConfig(LayerConfig c) {
        FactorRange factor = FactorRange.fromConfig(c, "factor");
        return readFillConfig(c, readCommonConfig(c, builder())).setFactor(factor.lower(), factor.upper()).build();
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("factor", factor);
        return withFillConfig(own);
    }

    /** Builds a {@link RandomRotation}: {@link #setFactor} is required. */
    public static final class Builder extends AffineImageLayer.Builder<Builder> {
        private FactorRange factor;

        /** Angles in {@code [-|factor|, |factor|]} fractions of a full turn, {@code |factor| <= 1}. */
        public Builder setFactor(double factor) {
            this.factor = FactorRange.symmetric(factor);
            return this;
        }

        /** Angles between {@code lower} and {@code upper} fractions of a full turn, each in {@code [-1, 1]}. */
        public Builder setFactor(double lower, double upper) {
            this.factor = FactorRange.between(lower, upper);
            return this;
        }

        public RandomRotation build() {
            return new RandomRotation(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
