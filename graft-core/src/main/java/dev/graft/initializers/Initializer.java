package dev.graft.initializers;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;

/** Creates the initial value of a weight, like Keras' {@code keras.initializers.Initializer}. */
@FunctionalInterface
public interface Initializer {
    /** A new tensor of {@code shape} and {@code dtype}. */
    Tensor initialize(Shape shape, DType dtype);
}
