package dev.graft.losses;

import dev.graft.tensor.Tensor;

/** A loss function, like Keras' {@code Loss}: the mean of a per-sample loss over the batch. */
public abstract class Loss {

    /** The scalar loss of predictions {@code yPred} against targets {@code yTrue}. */
    public abstract Tensor call(Tensor yTrue, Tensor yPred);

    /** The Keras name, e.g. {@code binary_crossentropy}. */
    public abstract String name();
}
