package dev.graft.losses;

import dev.graft.tensor.Tensor;

/** Keras' {@code MeanAbsoluteError}: {@code mean(|yTrue - yPred|)} over the last axis, one value per sample. */
public final class MeanAbsoluteError extends Loss {

    /** The mean absolute error, averaged over the batch. */
    public MeanAbsoluteError() {
        this(builder());
    }

    private MeanAbsoluteError(Builder b) {
        super("mean_absolute_error", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected Tensor perSampleLoss(Tensor yTrue, Tensor yPred) {
        return yTrue.sub(yPred).abs().mean(new int[] {-1}, false);
    }

    /** Builds a {@link MeanAbsoluteError} with a name or reduction of its own. */
    public static final class Builder extends Loss.Builder<Builder> {
        public MeanAbsoluteError build() {
            return new MeanAbsoluteError(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
