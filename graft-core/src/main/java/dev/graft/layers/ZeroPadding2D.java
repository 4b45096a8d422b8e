package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.Arrays;

/**
 * Adds rows and columns of zeros around images {@code [batch, height, width, channels]}, as Keras'
 * {@code ZeroPadding2D}: output {@code [batch, top + height + bottom, left + width + right, channels]} (an
 * unknown height or width stays unknown). Keras' {@code ((top, bottom), (left, right))}, for example
 * {@code ((0, 1), (0, 1))} before MobileNet's stride-2 depthwise convolutions.
 */
public final class ZeroPadding2D extends Layer {
    private final int top;
    private final int bottom;
    private final int left;
    private final int right;

    /** {@code ZeroPadding2D()}: Keras' default, one pixel on every side. */
    public ZeroPadding2D() {
        this(builder());
    }

    /** {@code padding} pixels on every side. */
    public ZeroPadding2D(int padding) {
        this(builder().optPadding(padding));
    }

    /** {@code height} rows above and below, {@code width} columns left and right. */
    public ZeroPadding2D(int height, int width) {
        this(builder().optPadding(height, width));
    }

    /** Keras' {@code ((top, bottom), (left, right))}. */
    public ZeroPadding2D(int[][] padding) {
        this(builder().optPadding(padding));
    }

    private ZeroPadding2D(Builder b) {
        super(b);
        if (b.top < 0 || b.bottom < 0 || b.left < 0 || b.right < 0) {
            throw new IllegalArgumentException("ZeroPadding2D needs paddings >= 0, received ((" + b.top + ", "
                    + b.bottom + "), (" + b.left + ", " + b.right + "))");
        }
        this.top = b.top;
        this.bottom = b.bottom;
        this.left = b.left;
        this.right = b.right;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code ((top, bottom), (left, right))}. */
    public int[][] padding() {
        return new int[][] {{top, bottom}, {left, right}};
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.putIntArrays("padding", padding()).put("data_format", "channels_last");
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code ZeroPadding2D.from_config}). */
    public static ZeroPadding2D fromConfig(LayerConfig c) {
        Builder b = c.common(builder());
        if (c.has("padding")) {
            b.optPadding(c.getIntArrays("padding"));
        }
        c.expect("data_format", "channels_last");
        return b.build();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        Spatial2D.requireImage(this, inputShape);
        long h = inputShape.get(1);
        long w = inputShape.get(2);
        return Shape.of(inputShape.get(0), h == Shape.UNKNOWN ? h : h + top + bottom,
                w == Shape.UNKNOWN ? w : w + left + right, inputShape.last());
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        return input.pad(new long[][] {{0, 0}, {top, bottom}, {left, right}, {0, 0}}, 0.0);
    }

    /** Builds a {@link ZeroPadding2D} (default: one pixel on every side). */
    public static final class Builder extends Layer.Builder<Builder> {
        private int top = 1;
        private int bottom = 1;
        private int left = 1;
        private int right = 1;

        /** {@code padding} pixels on every side. */
        public Builder optPadding(int padding) {
            return optPadding(padding, padding);
        }

        /** {@code height} rows above and below, {@code width} columns left and right. */
        public Builder optPadding(int height, int width) {
            return optPadding(height, height, width, width);
        }

        /** Explicit padding on each side. */
        public Builder optPadding(int top, int bottom, int left, int right) {
            this.top = top;
            this.bottom = bottom;
            this.left = left;
            this.right = right;
            return this;
        }

        /** Keras' {@code ((top, bottom), (left, right))}. */
        public Builder optPadding(int[][] padding) {
            if (padding == null || padding.length != 2 || padding[0] == null || padding[1] == null
                    || padding[0].length != 2 || padding[1].length != 2) {
                throw new IllegalArgumentException("ZeroPadding2D needs padding as ((top, bottom), (left, right)), "
                        + "received " + Arrays.deepToString(padding));
            }
            return optPadding(padding[0][0], padding[0][1], padding[1][0], padding[1][1]);
        }

        public ZeroPadding2D build() {
            return new ZeroPadding2D(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
