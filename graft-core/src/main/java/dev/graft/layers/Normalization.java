package dev.graft.layers;

import dev.graft.initializers.Constant;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;
import java.util.Arrays;

/**
 * Keras' {@code Normalization(axis, mean, variance, invert)}: {@code (x - mean) / max(sqrt(variance), 1e-7)}
 * with one mean and variance per index of the kept {@code axis} (by default the last: per channel of
 * {@code [batch, height, width, channels]}); with {@code invert}, {@code mean + x * max(sqrt(variance), 1e-7)}.
 * The output has the input's shape.
 *
 * <p>Given {@code mean} and {@code variance} (one value, broadcast, or one per kept index in row-major order
 * of the kept axes), the layer has no weights. Without them it has Keras' three non-trainable weights, in
 * this order: {@code mean} (zeros) and {@code variance} (ones), each shaped like the kept axes, and the
 * scalar {@code count} (zero); their values come from a weights file or {@code setWeights}, as in
 * EfficientNet, whose stem holds one. Keras keeps {@code count} as int64 for old saved models only and never
 * reads it; here it has the layer's dtype, so that weight files can hold it. {@code adapt()} is not
 * offered: the statistics come from the constructor or from weights.
 */
public final class Normalization extends Layer {
    /** Keras' {@code backend.epsilon()}: the smallest standard deviation divided by. */
    private static final double EPSILON = 1e-7;

    private final int[] axes;
    private final double[] mean;
    private final double[] variance;
    private final boolean invert;
    private Variable meanWeight;
    private Variable varianceWeight;
    /** The input shape with the reduced axes set to 1, so that the statistics broadcast. */
    private long[] broadcastShape;

    /** {@code Normalization()}: per index of the last axis, statistics held as weights. */
    public Normalization() {
        this(builder());
    }

    /** {@code Normalization(axis)}: per index of {@code axis}, statistics held as weights. */
    public Normalization(int axis) {
        this(builder().optAxis(axis));
    }

    /** {@code Normalization(mean=..., variance=...)} over the last axis, with fixed statistics. */
    public Normalization(double[] mean, double[] variance) {
        this(builder().optMean(mean).optVariance(variance));
    }

    private Normalization(Builder b) {
        super(b);
        if ((b.mean == null) != (b.variance == null)) {
            throw new IllegalArgumentException("Normalization needs both mean and variance or neither (optMean, "
                    + "optVariance), received mean=" + Arrays.toString(b.mean) + " and variance="
                    + Arrays.toString(b.variance));
        }
        if (b.mean != null) {
            if (b.mean.length != b.variance.length || b.mean.length == 0) {
                throw new IllegalArgumentException("Normalization needs mean and variance of the same non-zero "
                        + "length, received " + b.mean.length + " and " + b.variance.length + " values");
            }
            if (b.axes.length == 0 && b.mean.length != 1) {
                throw new IllegalArgumentException("Normalization over all axes (axis=None) needs one mean and one "
                        + "variance, received " + b.mean.length + " values");
            }
        }
        this.axes = b.axes.clone();
        this.mean = b.mean == null ? null : b.mean.clone();
        this.variance = b.variance == null ? null : b.variance.clone();
        this.invert = b.invert;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The kept axes, as configured; empty for Keras' {@code axis=None} (one mean and variance for all). */
    public int[] axes() {
        return axes.clone();
    }

    public boolean invert() {
        return invert;
    }

    /**
     * Keras' options. Fixed statistics are written as Keras broadcasts them: one number when there is one value,
     * else shaped as the kept axes once the layer is built (a plain list before).
     */
    @Override
    protected void writeConfig(LayerConfig c) {
        c.putInts("axis", axes).put("invert", invert);
        if (mean == null) {
            c.putNull("mean", "variance");
        } else {
            long[] shape = mean.length == 1 ? new long[0]
                    : isBuilt() ? keptDims(buildShapes().get(0)) : new long[] {mean.length};
            c.putArray("mean", mean, shape).putArray("variance", variance, shape);
        }
    }

    /**
     * The layer {@link #getConfig()} describes (Keras' {@code Normalization.from_config}), without weights.
     * {@code axis} {@code null} is Keras' {@code axis=None}; nested {@code mean}/{@code variance} lists are read
     * in row-major order.
     */
    public static Normalization fromConfig(LayerConfig c) {
        Builder b = c.common(builder());
        b.optAxis(c.isNull("axis") ? new int[0] : c.getInts("axis", b.axes))
                .optInvert(c.getBoolean("invert", b.invert));
        LayerConfig.NumberArray mean = c.getArrayOrNull("mean");
        LayerConfig.NumberArray variance = c.getArrayOrNull("variance");
        if (mean != null) {
            b.optMean(mean.values());
        }
        if (variance != null) {
            b.optVariance(variance.values());
        }
        return b.build();
    }

    @Override
    protected void onBuild(Shape inputShape) {
        long[] kept = keptDims(inputShape);
        if (mean == null) {
            Shape statistics = Shape.of(kept);
            meanWeight = addWeight("mean", statistics, Constant.ZEROS, false);
            varianceWeight = addWeight("variance", statistics, Constant.ONES, false);
            addWeight("count", Shape.of(), Constant.ZEROS, false);
        } else {
            long size = Shape.of(kept).size();
            if (mean.length != 1 && mean.length != size) {
                throw shapeError("an input whose kept axes " + Arrays.toString(axes) + " hold " + mean.length
                        + " values, one per mean and variance (or a single mean and variance)", inputShape);
            }
        }
        broadcastShape = broadcastShape(inputShape);
    }

    /** The sizes of the kept axes, in axis order; each must be known. */
    private long[] keptDims(Shape inputShape) {
        int[] sorted = keptAxes(inputShape);
        long[] kept = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            kept[i] = inputShape.get(sorted[i]);
            if (kept[i] == Shape.UNKNOWN) {
                throw shapeError("a known size on every kept axis " + Arrays.toString(axes), inputShape);
            }
        }
        return kept;
    }

    private int[] keptAxes(Shape inputShape) {
        int rank = inputShape.rank();
        int[] normalized = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < -rank || axes[i] >= rank) {
                throw shapeError("an input of rank > " + Math.max(axes[i], -axes[i] - 1) + " for axis "
                        + Arrays.toString(axes), inputShape);
            }
            normalized[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
        }
        return Arrays.stream(normalized).distinct().sorted().toArray();
    }

    private long[] broadcastShape(Shape inputShape) {
        long[] shape = new long[inputShape.rank()];
        Arrays.fill(shape, 1);
        for (int a : keptAxes(inputShape)) {
            shape[a] = inputShape.get(a);
        }
        return shape;
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long[] kept = keptDims(inputShape);
        if (broadcastShape != null && !Arrays.equals(broadcastShape, broadcastShape(inputShape))) {
            throw shapeError("sizes " + Arrays.toString(broadcastShape) + " on the kept axes "
                    + Arrays.toString(axes) + ", as when the layer was built (received kept sizes "
                    + Arrays.toString(kept) + ")", inputShape);
        }
        return inputShape;
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        try (Tensor m = statistic(meanWeight, mean);
                Tensor v = statistic(varianceWeight, variance);
                Tensor root = v.sqrt();
                Tensor deviation = root.clip(EPSILON, Double.POSITIVE_INFINITY)) {
            if (invert) {
                try (Tensor scaled = input.mul(deviation)) {
                    return scaled.add(m);
                }
            }
            try (Tensor centered = input.sub(m)) {
                return centered.div(deviation);
            }
        }
    }

    /** The weight or the fixed values, in this layer's dtype, shaped to broadcast against the input. */
    private Tensor statistic(Variable weight, double[] fixed) {
        if (weight != null) {
            return weight.value().reshape(broadcastShape);
        }
        try (Tensor values = Tensor.of(fixed, fixed.length == 1 ? new long[0] : broadcastShape)) {
            return values.toType(dtype());
        }
    }

    /** Builds a {@link Normalization}; every setting is optional and has Keras' default. */
    public static final class Builder extends Layer.Builder<Builder> {
        private int[] axes = {-1};
        private double[] mean;
        private double[] variance;
        private boolean invert;

        /**
         * The axes with their own mean and variance (default -1, the last); none at all is Keras'
         * {@code axis=None}: one mean and variance for every element.
         */
        public Builder optAxis(int... axes) {
            this.axes = axes == null ? new int[0] : axes.clone();
            return this;
        }

        /** Fixed means: one value, or one per index of the kept axes (row-major). Needs {@link #optVariance}. */
        public Builder optMean(double... mean) {
            this.mean = mean == null ? null : mean.clone();
            return this;
        }

        /** Fixed variances, shaped like {@link #optMean}'s values. */
        public Builder optVariance(double... variance) {
            this.variance = variance == null ? null : variance.clone();
            return this;
        }

        /** Applies the inverse transformation, turning normalized values back (default false). */
        public Builder optInvert(boolean invert) {
            this.invert = invert;
            return this;
        }

        public Normalization build() {
            return new Normalization(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
