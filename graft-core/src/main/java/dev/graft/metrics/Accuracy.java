package dev.graft.metrics;

import dev.graft.losses.RankAlignment;
import dev.graft.tensor.DType;
import dev.graft.tensor.Tensor;

/**
 * Keras' {@code Accuracy}: how often the prediction exactly equals the target (targets are cast to the
 * predictions' type first), averaged over the last axis per sample and then over all samples.
 */
public final class Accuracy extends MeanMetricWrapper {

    /** Named {@code accuracy}. */
    public Accuracy() {
        this("accuracy");
    }

    /** With a name of its own. */
    public Accuracy(String name) {
        super(name);
    }

    @Override
    protected Tensor perSampleValues(Tensor yTrue, Tensor yPred) {
        RankAlignment.Aligned aligned = RankAlignment.squeezeOrExpand(yTrue.toType(yPred.dtype()), yPred);
        if (!aligned.first().shape().equals(aligned.second().shape()) || yPred.rank() == 0) {
            throw shapeMismatch(yTrue, yPred, "targets and predictions of the same shape, e.g. [batch, 1]");
        }
        return aligned.first().equal(aligned.second()).toType(DType.FLOAT64).mean(new int[] {-1}, false);
    }
}
