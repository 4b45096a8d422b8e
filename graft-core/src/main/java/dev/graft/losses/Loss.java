package dev.graft.losses;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;

/**
 * A loss function, like Keras' {@code Loss}: a per-sample loss reduced over the batch.
 *
 * <p>{@link #call(Tensor, Tensor, Tensor)} first casts the targets to the predictions' float type and aligns
 * their ranks ({@link RankAlignment}: targets {@code [batch]} against predictions {@code [batch, 1]} become
 * {@code [batch, 1]}), then lets the subclass compute one loss per sample (reducing the last axis, so
 * {@code [batch, d]} gives {@code [batch]}), weights it, and applies the {@link Reduction} (by default the
 * mean over the batch). The result is differentiable with respect to the predictions and has their dtype.
 *
 * <p>Intermediate tensors are freed before {@code call} returns; the result belongs to the caller's
 * {@link TensorScope} (or to the caller, who closes it, when no scope is open).
 */
public abstract class Loss {
    private final String name;
    private final Reduction reduction;

    /**
     * @param defaultName the Keras name, used unless the builder sets one
     * @param builder     the name and reduction chosen
     */
    protected Loss(String defaultName, Builder<?> builder) {
        this.name = builder.name != null ? builder.name : defaultName;
        if (name.isBlank()) {
            throw new IllegalArgumentException("A loss needs a non-blank name (optName), received '" + name + "'");
        }
        if (builder.reduction == null) {
            throw new IllegalArgumentException("Loss " + name + " needs a reduction (optReduction), received null");
        }
        this.reduction = builder.reduction;
    }

    /** The loss of predictions {@code yPred} against targets {@code yTrue}, every sample weighing 1. */
    public final Tensor call(Tensor yTrue, Tensor yPred) {
        return call(yTrue, yPred, null);
    }

    /**
     * The loss of predictions {@code yPred} against targets {@code yTrue}.
     *
     * @param yTrue        targets, any numeric type, e.g. {@code [batch, 1]} or {@code [batch]}
     * @param yPred        float predictions, e.g. {@code [batch, 1]}
     * @param sampleWeight weights of the per-sample losses, e.g. {@code [batch]}, broadcast against them; null
     *                     for 1 each. With {@link Reduction#SUM_OVER_BATCH_SIZE} the weighted sum is still
     *                     divided by the number of losses, as in Keras.
     * @return a scalar, or the per-sample losses with {@link Reduction#NONE}, in {@code yPred}'s dtype
     */
    public final Tensor call(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        DType dtype = yPred.dtype();
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("Loss " + name + " needs floating-point predictions, received "
                    + dtype + " of shape " + yPred.shape() + "; cast yPred with toType(DType.FLOAT32)");
        }
        if (yPred.rank() == 0) {
            throw new IllegalArgumentException("Loss " + name + " needs predictions with a batch axis, e.g. "
                    + "[batch, 1], received a scalar");
        }
        try (TensorScope scope = TensorScope.open()) {
            RankAlignment.Aligned aligned = RankAlignment.squeezeOrExpand(yTrue.toType(dtype), yPred);
            checkShapes(aligned.first().shape(), aligned.second().shape());
            Tensor losses = perSampleLoss(aligned.first(), aligned.second());
            if (sampleWeight != null) {
                losses = weigh(losses, sampleWeight.toType(dtype));
            }
            return scope.keep(reduce(losses));
        }
    }

    /**
     * Checks the targets' shape against the predictions' shape after alignment; by default they must be
     * equal.
     *
     * @throws IllegalArgumentException naming both shapes and this loss
     */
    protected void checkShapes(Shape yTrue, Shape yPred) {
        if (!yTrue.equals(yPred)) {
            throw shapeMismatch(yTrue, yPred, "targets and predictions of the same shape");
        }
    }

    /** The error for targets of shape {@code yTrue} that do not fit predictions of shape {@code yPred}. */
    protected final IllegalArgumentException shapeMismatch(Shape yTrue, Shape yPred, String expected) {
        return new IllegalArgumentException("Loss " + name + " needs " + expected + ", received yTrue of shape "
                + yTrue + " and yPred of shape " + yPred);
    }

    /**
     * One loss per sample: reduces the last axis, so {@code [batch, d]} gives {@code [batch]}.
     *
     * @param yTrue targets already cast to {@code yPred}'s dtype, rank-aligned and checked by
     *              {@link #checkShapes}
     * @param yPred predictions
     */
    protected abstract Tensor perSampleLoss(Tensor yTrue, Tensor yPred);

    private Tensor weigh(Tensor losses, Tensor weights) {
        RankAlignment.Aligned aligned = RankAlignment.squeezeOrExpand(losses, weights);
        Shape l = aligned.first().shape();
        Shape w = aligned.second().shape();
        if (!broadcastable(l, w)) {
            throw new IllegalArgumentException("Loss " + name + ": sample weights of shape " + w
                    + " do not broadcast against the per-sample losses of shape " + l
                    + "; pass one weight per sample, e.g. [batch]");
        }
        return aligned.first().mul(aligned.second());
    }

    private static boolean broadcastable(Shape a, Shape b) {
        for (int i = 1; i <= Math.min(a.rank(), b.rank()); i++) {
            long da = a.get(-i);
            long db = b.get(-i);
            if (da != db && da != 1 && db != 1) {
                return false;
            }
        }
        return true;
    }

    private Tensor reduce(Tensor losses) {
        return switch (reduction) {
            case NONE -> losses;
            case SUM -> losses.sum();
            // Keras leaves an already scalar loss alone, and divides by the number of losses (weighted or
            // not); an empty batch gives 0 rather than 0 / 0.
            case SUM_OVER_BATCH_SIZE -> losses.rank() == 0 ? losses
                    : losses.sum().div(Math.max(1, losses.size()));
        };
    }

    /** The name used in logs, by default Keras' name, e.g. {@code binary_crossentropy}. */
    public final String name() {
        return name;
    }

    /** How the per-sample losses are reduced. */
    public final Reduction reduction() {
        return reduction;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + name + ", reduction=" + reduction + ")";
    }

    /** Options every loss has: a name and a {@link Reduction}. */
    public abstract static class Builder<B extends Builder<B>> {
        private String name;
        private Reduction reduction = Reduction.SUM_OVER_BATCH_SIZE;

        /** The name used in logs (default: Keras' name for the loss). */
        public B optName(String name) {
            this.name = name;
            return self();
        }

        /** How per-sample losses are reduced (default {@link Reduction#SUM_OVER_BATCH_SIZE}). */
        public B optReduction(Reduction reduction) {
            this.reduction = reduction;
            return self();
        }

        protected abstract B self();
    }
}
