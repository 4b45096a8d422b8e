package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.Arrays;

/**
 * Keras' {@code Rescaling(scale, offset=0)}: {@code x * scale + offset}, e.g.
 * {@code new Rescaling(1 / 127.5, -1)} maps pixel values {@code [0, 255]} to {@code [-1, 1]}. Any input
 * shape, e.g. {@code [batch, height, width, channels]}; integer inputs (such as uint8 images) are first
 * converted to the layer's dtype. No weights; the same in training and inference.
 *
 * <p>Keras also takes a list as {@code scale}: one factor per channel (the last axis), set with
 * {@link Builder#setScale(double...)}, e.g. EfficientNet's {@code Rescaling([1 / sqrt(0.229), ...])}.
 */
public final class Rescaling extends Layer {
    private final double scale;
    private final double offset;
    /** One factor per channel, or null when {@link #scale} applies to every value. */
    private final double[] channelScales;

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
        if (b.channelScales != null) {
            if (b.channelScales.length == 0) {
                throw new IllegalArgumentException("Rescaling needs at least one per-channel scale (setScale), "
                        + "received none");
            }
            for (double c : b.channelScales) {
                if (!Double.isFinite(c)) {
                    throw new IllegalArgumentException("Rescaling needs finite per-channel scales (setScale), received "
                            + Arrays.toString(b.channelScales));
                }
            }
        }
        this.channelScales = b.channelScales;
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

    /** The per-channel factors (then {@link #scale()} is 1), or null when one scale applies to every value. */
    public double[] channelScales() {
        return channelScales == null ? null : channelScales.clone();
    }

    /** Keras' options: {@code scale} is a number, or a list of the per-channel factors. */
    @Override
    protected void writeConfig(LayerConfig c) {
        if (channelScales == null) {
            c.put("scale", scale);
        } else {
            c.putArray("scale", channelScales, channelScales.length);
        }
        c.put("offset", offset);
    }

    /**
     * The layer {@link #getConfig()} describes (Keras' {@code Rescaling.from_config}). {@code scale} may be a
     * number or per-channel factors: a list, or a numpy array whose dimensions before the last are 1 (it
     * broadcasts over the channels alone); a single factor in a list or array is a number. {@code offset} must
     * be one number.
     */
    public static Rescaling fromConfig(LayerConfig c) {
        Builder b = c.common(builder());
        LayerConfig.NumberArray scale = c.getArray("scale");
        long[] shape = scale.shape();
        for (int d = 0; d < shape.length - 1; d++) {
            if (shape[d] != 1) {
                throw new IllegalArgumentException("Option 'scale' has shape " + Arrays.toString(shape) + "; Graft's "
                        + "Rescaling takes one factor or one per channel (the last axis), so only the last dimension "
                        + "may differ from 1");
            }
        }
        if (scale.values().length == 1) {
            b.setScale(scale.values()[0]);
        } else {
            b.setScale(scale.values());
        }
        LayerConfig.NumberArray offset = c.getArrayOrNull("offset");
        if (offset != null) {
            if (offset.values().length != 1) {
                throw new IllegalArgumentException("Option 'offset' holds " + offset.values().length + " values; "
                        + "Graft's Rescaling adds one offset to every value, so it must be a single number");
            }
            b.optOffset(offset.values()[0]);
        }
        return b.build();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        if (channelScales != null && (inputShape.rank() < 1
                || (inputShape.last() != Shape.UNKNOWN && inputShape.last() != channelScales.length))) {
            throw shapeError("an input with " + channelScales.length + " channels (last axis), one per scale",
                    inputShape);
        }
        return inputShape;
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        // Keras casts to the compute dtype first, so uint8 pixels are scaled in floating point.
        if (input.dtype() != dtype()) {
            try (Tensor cast = input.toType(dtype()); Tensor scaled = scale(cast)) {
                return scaled.add(offset);
            }
        }
        try (Tensor scaled = scale(input)) {
            return scaled.add(offset);
        }
    }

    private Tensor scale(Tensor x) {
        if (channelScales == null) {
            return x.mul(scale);
        }
        try (Tensor perChannel = Tensor.of(channelScales, channelScales.length);
                Tensor cast = perChannel.toType(dtype())) {
            return x.mul(cast);
        }
    }

    /** Builds a {@link Rescaling}: {@link #setScale} is required. */
    public static final class Builder extends Layer.Builder<Builder> {
        private double scale = Double.NaN;
        private double offset;
        private double[] channelScales;

        /** The factor every input value is multiplied by. */
        public Builder setScale(double scale) {
            this.scale = scale;
            this.channelScales = null;
            return this;
        }

        /** One factor per channel (the input's last axis), as Keras' {@code scale=[...]}; replaces a single scale. */
        public Builder setScale(double... channelScales) {
            this.channelScales = channelScales == null ? null : channelScales.clone();
            this.scale = channelScales == null ? Double.NaN : 1;
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
