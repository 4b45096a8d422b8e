package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;

/**
 * Keras' {@code Rescaling(scale, offset=0)}: {@code x * scale + offset}, e.g.
 * {@code new Rescaling(1 / 127.5, -1)} maps pixel values {@code [0, 255]} to {@code [-1, 1]}. Any input
 * shape, e.g. {@code [batch, height, width, channels]}; integer inputs (such as uint8 images) are first
 * converted to the layer's dtype. No weights; the same in training and inference.
 */
public final class Rescaling extends Layer {
    private final double scale;
    private final double offset;

    /** {@code Rescaling(scale)}, with offset 0. */
    public Rescaling(double scale) {
        this(builder().setScale(scale));
    }

    /** {@code Rescaling(scale, offset)}. */
    public Rescaling(double scale, double offset) {
        this(builder().setScale(scale).optOffset(offset));
    }

    private Rescaling(Builder b) {
        super(b);
        if (!Double.isFinite(b.scale)) {
            throw new IllegalArgumentException("Rescaling needs a finite scale (setScale), received " + b.scale);
        }
        if (!Double.isFinite(b.offset)) {
            throw new IllegalArgumentException("Rescaling needs a finite offset (optOffset), received " + b.offset);
        }
        this.scale = b.scale;
        this.offset = b.offset;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double scale() {
        return scale;
    }

    public double offset() {
        return offset;
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("scale", scale).put("offset", offset);
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code Rescaling.from_config}); scalars only. */
    public static Rescaling fromConfig(LayerConfig c) {
        Builder b = c.common(builder());
        return b.setScale(c.getDouble("scale")).optOffset(c.getDouble("offset", b.offset)).build();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return inputShape;
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        // Keras casts to the compute dtype first, so uint8 pixels are scaled in floating point.
        if (input.dtype() != dtype()) {
            try (Tensor cast = input.toType(dtype()); Tensor scaled = cast.mul(scale)) {
                return scaled.add(offset);
            }
        }
        try (Tensor scaled = input.mul(scale)) {
            return scaled.add(offset);
        }
    }

    /** Builds a {@link Rescaling}: {@link #setScale} is required. */
    public static final class Builder extends Layer.Builder<Builder> {
        private double scale = Double.NaN;
        private double offset;

        /** The factor every input value is multiplied by. */
        public Builder setScale(double scale) {
            this.scale = scale;
            return this;
        }

        /** Added after scaling (default 0). */
        public Builder optOffset(double offset) {
            this.offset = offset;
            return this;
        }

        public Rescaling build() {
            return new Rescaling(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
