package dev.graft.layers.preprocessing;

import dev.graft.layers.LayerConfig;
import dev.graft.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code RandomFlip(mode)}: in training mode, flips each image with probability 1/2, left to right
 * ({@code "horizontal"}), top to bottom ({@code "vertical"}) or both at once ({@code "horizontal_and_vertical"},
 * the default, one decision for both axes as in Keras 3). In inference mode, returns the input. Inputs
 * {@code [batch, height, width, channels]} or {@code [height, width, channels]}; same output shape. No weights.
 */
public final class RandomFlip extends RandomImageLayer {
    private final FlipMode mode;

    /** {@code RandomFlip()}: flips horizontally and vertically, seeded from the global random seed. */
    public RandomFlip() {
        this(builder());
    }

    /** {@code RandomFlip(mode)} with Keras' mode name: horizontal, vertical or horizontal_and_vertical. */
    public RandomFlip(String mode) {
        this(builder().optMode(FlipMode.fromKerasName(mode)));
    }

    private RandomFlip(Builder b) {
        super(b);
        if (b.mode == null) {
            throw new IllegalArgumentException("RandomFlip needs a mode (optMode), received null");
        }
        this.mode = b.mode;
    }

    public static Builder builder() {
        return new Builder();
    }

    public FlipMode mode() {
        return mode;
    }

    @Override
    protected Tensor augment(Tensor images) {
        // Keras flips where a uniform draw is <= 0.5, so it keeps the image where the draw is above.
        Tensor keep = uniformPerImage(images.shape().get(0), 0, 1).greaterThan(0.5);
        return keep.where(images, images.flip(mode.axes()));
    }

    /** Keras' options; the seed is always written, so a loaded layer flips the same images. */
    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("seed", seed()).put("mode", mode.kerasName()).put("data_format", "channels_last");
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code RandomFlip.from_config}). */
    public static RandomFlip fromConfig(LayerConfig c) {
        Builder b = readCommonConfig(c, builder());
        return b.optMode(FlipMode.fromKerasName(c.getString("mode", b.mode.kerasName()))).build();
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mode", mode);
        return config;
    }

    /** Builds a {@link RandomFlip}; every option has a default. */
    public static final class Builder extends RandomImageLayer.Builder<Builder> {
        private FlipMode mode = FlipMode.HORIZONTAL_AND_VERTICAL;

        /** Which way to flip (default {@link FlipMode#HORIZONTAL_AND_VERTICAL}). */
        public Builder optMode(FlipMode mode) {
            this.mode = mode;
            return this;
        }

        public RandomFlip build() {
            return new RandomFlip(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
