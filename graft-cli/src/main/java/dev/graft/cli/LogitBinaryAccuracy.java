package dev.graft.cli;

import dev.graft.metrics.MeanMetricWrapper;
import dev.graft.tensor.DType;
import dev.graft.tensor.Tensor;

/**
 * Binary accuracy for a model that outputs one logit per image: a logit above 0 (a probability above 0.5)
 * predicts class 1. This is what Keras' {@code BinaryAccuracy()} measures on a sigmoid output, so it keeps
 * Keras' name {@code binary_accuracy}. (The Keras guide feeds logits straight to {@code BinaryAccuracy()},
 * whose threshold 0.5 then stands for a probability of 0.62; Keras refuses threshold 0, so the guide's
 * numbers are a slightly biased accuracy. Graft's reports use this unbiased rule everywhere, so the training
 * logs, {@code summary.json} and the confusion matrix agree.)
 */
final class LogitBinaryAccuracy extends MeanMetricWrapper {
    static final String NAME = "binary_accuracy";

    LogitBinaryAccuracy() {
        super(NAME);
    }

    /** 1 where {@code (logit > 0) == label}, for labels {@code [batch]} or {@code [batch, 1]} and logits {@code [batch, 1]}. */
    @Override
    protected Tensor perSampleValues(Tensor yTrue, Tensor yPred) {
        long batch = yPred.rank() == 0 ? 0 : yPred.shape().get(0);
        if (yPred.rank() == 0 || yPred.shape().size() != batch || yTrue.shape().size() != batch) {
            throw shapeMismatch(yTrue, yPred, "one logit and one 0/1 label per sample, e.g. [batch, 1] and [batch, 1]");
        }
        Tensor predicted = yPred.reshape(batch).greaterThan(0.0).toType(yTrue.dtype());
        return yTrue.reshape(batch).equal(predicted).toType(DType.FLOAT64);
    }
}
