package dev.graft.losses;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.Arrays;

/**
 * Keras' {@code SparseCategoricalCrossentropy}: the categorical crossentropy of predictions
 * {@code [batch, classes]} against integer class labels {@code [batch]} or {@code [batch, 1]} (any numeric
 * type; fractional values are truncated, as Keras' cast does). Labels outside {@code [0, classes)} are an
 * error.
 * <ul>
 *   <li>From logits: {@code -logSoftmax(logits)[label]}.</li>
 *   <li>From probabilities: as Keras' TensorFlow backend, {@code p} is clipped to
 *       {@code [1e-7, 1 - 1e-7]}, logged, and treated as logits, so the clipped row is renormalized.</li>
 * </ul>
 */
public final class SparseCategoricalCrossentropy extends Loss {
    private final boolean fromLogits;

    /** Crossentropy of probabilities. */
    public SparseCategoricalCrossentropy() {
        this(builder());
    }

    /** {@code SparseCategoricalCrossentropy(from_logits=fromLogits)}. */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this(builder().optFromLogits(fromLogits));
    }

    private SparseCategoricalCrossentropy(Builder b) {
        super("sparse_categorical_crossentropy", b);
        this.fromLogits = b.fromLogits;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether predictions are logits rather than probabilities. */
    public boolean fromLogits() {
        return fromLogits;
    }

    /** Labels must be {@code yPred}'s shape without its last axis, or that followed by 1. */
    @Override
    protected void checkShapes(Shape yTrue, Shape yPred) {
        if (!labelShape(yTrue, yPred).equals(withoutLast(yPred))) {
            throw shapeMismatch(yTrue, yPred, "integer labels of yPred's shape without its class axis "
                    + "(e.g. [batch] or [batch, 1] for yPred [batch, classes])");
        }
    }

    /** The labels' shape once a trailing 1 matching the class axis is squeezed, as Keras does. */
    private static Shape labelShape(Shape yTrue, Shape yPred) {
        return yTrue.rank() == yPred.rank() && yTrue.last() == 1 ? withoutLast(yTrue) : yTrue;
    }

    private static Shape withoutLast(Shape shape) {
        return Shape.of(Arrays.copyOf(shape.dims(), shape.rank() - 1));
    }

    @Override
    protected Tensor perSampleLoss(Tensor yTrue, Tensor yPred) {
        Tensor labels = yTrue.reshape(labelShape(yTrue.shape(), yPred.shape()).dims()).toType(DType.INT64);
        int classes = Math.toIntExact(yPred.shape().last());
        Tensor oneHot;
        try {
            oneHot = labels.oneHot(classes, yPred.dtype());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Loss " + name() + " needs labels in [0, " + classes
                    + ") for yPred of shape " + yPred.shape() + ": " + e.getMessage(), e);
        }
        Tensor logits = fromLogits ? yPred
                : yPred.clip(BinaryCrossentropy.EPSILON, 1 - BinaryCrossentropy.EPSILON).log();
        return oneHot.mul(logits.logSoftmax(-1)).sum(new int[] {-1}, false).neg();
    }

    /** Builds a {@link SparseCategoricalCrossentropy}; every option has a default. */
    public static final class Builder extends Loss.Builder<Builder> {
        private boolean fromLogits;

        /** Whether predictions are logits (default false: probabilities). */
        public Builder optFromLogits(boolean fromLogits) {
            this.fromLogits = fromLogits;
            return this;
        }

        public SparseCategoricalCrossentropy build() {
            return new SparseCategoricalCrossentropy(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
