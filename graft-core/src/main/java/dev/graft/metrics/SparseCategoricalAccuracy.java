package dev.graft.metrics;

import dev.graft.tensor.DType;
import dev.graft.tensor.Tensor;
import java.util.Arrays;

/**
 * Keras' {@code SparseCategoricalAccuracy}: how often the predicted class ({@code argmax} of {@code yPred}
 * {@code [batch, classes]}, probabilities or logits) equals the integer label, given as {@code [batch]} or
 * {@code [batch, 1]} in any numeric type.
 */
public final class SparseCategoricalAccuracy extends MeanMetricWrapper {

    /** Named {@code sparse_categorical_accuracy}. */
    public SparseCategoricalAccuracy() {
        this("sparse_categorical_accuracy");
    }

    /** With a name of its own. */
    public SparseCategoricalAccuracy(String name) {
        super(name);
    }

    @Override
    protected Tensor perSampleValues(Tensor yTrue, Tensor yPred) {
        Tensor labels = yTrue;
        if (yTrue.rank() == yPred.rank() && yPred.rank() > 0 && yTrue.shape().last() == 1) {
            long[] dims = yTrue.shape().dims();
            labels = yTrue.reshape(Arrays.copyOf(dims, dims.length - 1));
        }
        long[] predDims = yPred.shape().dims();
        if (yPred.rank() == 0 || !Arrays.equals(labels.shape().dims(), Arrays.copyOf(predDims, predDims.length - 1))) {
            throw shapeMismatch(yTrue, yPred, "integer labels [batch] or [batch, 1] for predictions [batch, classes]");
        }
        // Keras casts the predicted class to the labels' type, so float labels such as 2.0 match class 2.
        return labels.equal(yPred.argmax(-1).toType(labels.dtype())).toType(DType.FLOAT64);
    }
}
