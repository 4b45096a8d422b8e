package dev.graft.metrics;

import dev.graft.tensor.DType;
import dev.graft.tensor.Tensor;

/**
 * Keras' {@code CategoricalAccuracy}: how often the predicted class ({@code argmax} of {@code yPred},
 * probabilities or logits) equals the class of the one-hot target ({@code argmax} of {@code yTrue}), for
 * targets and predictions {@code [batch, classes]}.
 */
public final class CategoricalAccuracy extends MeanMetricWrapper {

    /** Named {@code categorical_accuracy}. */
    public CategoricalAccuracy() {
        this("categorical_accuracy");
    }

    /** With a name of its own. */
    public CategoricalAccuracy(String name) {
        super(name);
    }

    @Override
    protected Tensor perSampleValues(Tensor yTrue, Tensor yPred) {
        if (!yTrue.shape().equals(yPred.shape()) || yPred.rank() == 0) {
            throw shapeMismatch(yTrue, yPred, "one-hot targets of the predictions' shape, e.g. [batch, classes]");
        }
        return yTrue.argmax(-1).equal(yPred.argmax(-1)).toType(DType.FLOAT64);
    }
}
