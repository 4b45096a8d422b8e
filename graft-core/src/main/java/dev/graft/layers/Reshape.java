package dev.graft.layers;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Keras' {@code Reshape(target_shape)}: gives every sample the shape {@code targetShape} (which excludes
 * the batch axis), keeping the values in row-major order. One dimension may be {@code -1}: it is inferred
 * from the number of values per sample. For example {@code new Reshape(-1, 3)} turns {@code [batch, 2, 6]}
 * into {@code [batch, 4, 3]}. The number of values per sample must be preserved; a mismatch is reported
 * when the layer is called (on a symbolic input, when the model is built). No weights.
 */
public final class Reshape extends Layer {
    private final long[] targetShape;
    private final int inferredAxis;

    /** {@code Reshape(targetShape)}: the shape of each sample, batch excluded; one entry may be -1. */
    public Reshape(long... targetShape) {
        this(builder().setTargetShape(targetShape));
    }

    private Reshape(Builder b) {
        super(b);
        if (b.targetShape == null) {
            throw new IllegalArgumentException("Reshape needs a target shape (setTargetShape)");
        }
        int inferred = -1;
        for (int i = 0; i < b.targetShape.length; i++) {
            long d = b.targetShape[i];
            if (d == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("Reshape's target shape may contain -1 only once, received "
                            + format(b.targetShape));
                }
                inferred = i;
            } else if (d <= 0) {
                throw new IllegalArgumentException("Reshape's target shape needs dimensions > 0 (or one -1), "
                        + "received " + format(b.targetShape));
            }
        }
        this.targetShape = b.targetShape.clone();
        this.inferredAxis = inferred;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The target shape of each sample, as configured (batch excluded, possibly with one -1). */
    public long[] targetShape() {
        return targetShape.clone();
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.putLongs("target_shape", targetShape);
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code Reshape.from_config}). */
    public static Reshape fromConfig(LayerConfig c) {
        return c.common(builder()).setTargetShape(c.getLongs("target_shape")).build();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        if (inputShape.rank() < 1) {
            throw shapeError("an input with a batch axis (rank >= 1)", inputShape);
        }
        return Shape.of(inputShape.get(0)).append(resolve(inputShape));
    }

    /** The target shape with the -1 filled in; it stays unknown when the input's size per sample is. */
    private long[] resolve(Shape inputShape) {
        long[] out = targetShape.clone();
        Shape rest = inputShape.dropFirst();
        if (!rest.isFullyDefined()) {
            return out; // -1 is Shape.UNKNOWN: Keras' None until the real size is seen
        }
        long size = rest.size();
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (i != inferredAxis) {
                known *= out[i];
            }
        }
        if (inferredAxis >= 0) {
            if (size % known != 0) {
                throw shapeError("a number of values per sample divisible by " + known + " to fill target shape "
                        + format(targetShape) + " (the input has " + size + ")", inputShape);
            }
            out[inferredAxis] = size / known;
        } else if (known != size) {
            throw shapeError(known + " values per sample to match target shape " + format(targetShape)
                    + " (the input has " + size + ")", inputShape);
        }
        return out;
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        Shape s = input.shape();
        return input.reshape(Shape.of(s.get(0)).append(resolve(s)).dims());
    }

    /** Keras' tuple notation, keeping -1 visible (Shape would print it as None). */
    private static String format(long[] dims) {
        String inner = Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", "));
        return dims.length == 1 ? "(" + inner + ",)" : "(" + inner + ")";
    }

    /** Builds a {@link Reshape}: {@link #setTargetShape} is required. */
    public static final class Builder extends Layer.Builder<Builder> {
        private long[] targetShape;

        /** The shape of each sample, batch excluded; one entry may be -1 to be inferred. */
        public Builder setTargetShape(long... targetShape) {
            this.targetShape = targetShape == null ? null : targetShape.clone();
            return this;
        }

        public Reshape build() {
            return new Reshape(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
