package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;

/**
 * Keras' {@code ReLU(max_value, negative_slope, threshold)} layer, elementwise on any input shape, e.g.
 * {@code [batch, height, width, channels]}; the output has the same shape. No weights.
 * <pre>
 * f(x) = maxValue                          for x &gt;= maxValue
 * f(x) = x                                 for threshold &lt; x &lt; maxValue
 * f(x) = negativeSlope * (x - threshold)   otherwise
 * </pre>
 * With the defaults (no maximum, slope 0, threshold 0) it is the plain rectifier; {@code new ReLU(6.0)} is the
 * ReLU6 of MobileNetV2. As in Keras, a threshold above 0 keeps {@code x} only where {@code x > threshold}, so
 * the output jumps from 0 to {@code threshold} there.
 */
public final class ReLU extends Layer {
    private final Double maxValue;
    private final double negativeSlope;
    private final double threshold;

    /** {@code ReLU()}: {@code max(x, 0)}. */
    public ReLU() {
        this(builder());
    }

    /** {@code ReLU(max_value)}: {@code min(max(x, 0), maxValue)}, e.g. {@code new ReLU(6.0)}. */
    public ReLU(double maxValue) {
        this(builder().optMaxValue(maxValue));
    }

    /**
     * {@code ReLU(max_value, negative_slope, threshold)}.
     *
     * @param maxValue the largest output, or null for none
     */
    public ReLU(Double maxValue, double negativeSlope, double threshold) {
        this(builder().optMaxValue(maxValue).optNegativeSlope(negativeSlope).optThreshold(threshold));
    }

    private ReLU(Builder b) {
        super(b);
        if (b.maxValue != null && !(b.maxValue >= 0)) {
            throw new IllegalArgumentException("ReLU needs maxValue >= 0 or null for none (optMaxValue), received "
                    + b.maxValue);
        }
        if (!(b.negativeSlope >= 0) || Double.isInfinite(b.negativeSlope)) {
            throw new IllegalArgumentException("ReLU needs a finite negativeSlope >= 0 (optNegativeSlope), received "
                    + b.negativeSlope);
        }
        if (!(b.threshold >= 0) || Double.isInfinite(b.threshold)) {
            throw new IllegalArgumentException("ReLU needs a finite threshold >= 0 (optThreshold), received "
                    + b.threshold);
        }
        this.maxValue = b.maxValue;
        this.negativeSlope = b.negativeSlope;
        this.threshold = b.threshold;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The largest output, or null when there is none. */
    public Double maxValue() {
        return maxValue;
    }

    public double negativeSlope() {
        return negativeSlope;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        if (maxValue == null) {
            c.putNull("max_value");
        } else {
            c.put("max_value", maxValue.doubleValue());
        }
        c.put("negative_slope", negativeSlope).put("threshold", threshold);
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code ReLU.from_config}). */
    public static ReLU fromConfig(LayerConfig c) {
        Builder b = c.common(builder());
        return b.optMaxValue(c.getDoubleOrNull("max_value"))
                .optNegativeSlope(c.getDouble("negative_slope", b.negativeSlope))
                .optThreshold(c.getDouble("threshold", b.threshold))
                .build();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return inputShape;
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        if (negativeSlope == 0) {
            return positivePart(x);
        }
        // Keras' leaky relu case: x for x >= 0, slope * x below, written as relu(x) - slope * relu(-x).
        try (Tensor negated = x.neg();
                Tensor shifted = threshold == 0 ? null : negated.add(threshold);
                Tensor negativePart = (shifted == null ? negated : shifted).relu();
                Tensor scaled = negativePart.mul(negativeSlope);
                Tensor positive = positivePart(x)) {
            return positive.sub(scaled);
        }
    }

    /** Keras' positive branch: x above the threshold (or relu), clipped to {@code [0, maxValue]}. */
    private Tensor positivePart(Tensor x) {
        Tensor kept;
        if (threshold != 0) {
            try (Tensor above = x.greaterThan(threshold); Tensor mask = above.toType(x.dtype())) {
                kept = x.mul(mask);
            }
        } else if (maxValue != null && maxValue == 6) {
            return x.relu6();
        } else {
            kept = x.relu();
        }
        if (maxValue == null) {
            return kept;
        }
        try (kept) {
            return kept.clip(0, maxValue);
        }
    }

    /** Builds a {@link ReLU}; every setting is optional and has Keras' default. */
    public static final class Builder extends Layer.Builder<Builder> {
        private Double maxValue;
        private double negativeSlope;
        private double threshold;

        /** The largest output, {@code >= 0}, or null for none (default none). */
        public Builder optMaxValue(Double maxValue) {
            this.maxValue = maxValue;
            return this;
        }

        /** The slope below the threshold, {@code >= 0} (default 0). */
        public Builder optNegativeSlope(double negativeSlope) {
            this.negativeSlope = negativeSlope;
            return this;
        }

        /** The value above which inputs pass unchanged, {@code >= 0} (default 0). */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        public ReLU build() {
            return new ReLU(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
