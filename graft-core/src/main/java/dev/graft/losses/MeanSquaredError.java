package dev.graft.losses;

import dev.graft.tensor.Tensor;

/** Keras' {@code MeanSquaredError}: {@code mean((yTrue - yPred)^2)} over the last axis, one value per sample. */
public final class MeanSquaredError extends Loss {

    /** The mean squared error, averaged over the batch. */
    public MeanSquaredError() {
        this(builder());
    }

    private MeanSquaredError(Builder b) {
        super("mean_squared_error", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected Tensor perSampleLoss(Tensor yTrue, Tensor yPred) {
        return yTrue.sub(yPred).square().mean(new int[] {-1}, false);
    }

    /** Builds a {@link MeanSquaredError} with a name or reduction of its own. */
    public static final class Builder extends Loss.Builder<Builder> {
        public MeanSquaredError build() {
            return new MeanSquaredError(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
