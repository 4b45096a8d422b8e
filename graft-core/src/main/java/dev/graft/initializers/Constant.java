package dev.graft.initializers;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;

/** Fills a weight with one value: Keras' {@code zeros}, {@code ones} and {@code constant}. */
public final class Constant implements Initializer {
    /** All zeros: the default for biases, BatchNormalization's beta and moving mean. */
    public static final Constant ZEROS = new Constant(0);
    /** All ones: the default for BatchNormalization's gamma and moving variance. */
    public static final Constant ONES = new Constant(1);

    private final double value;

    public Constant(double value) {
        this.value = value;
    }

    /** The value every element gets. */
    public double value() {
        return value;
    }

    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        return Tensor.full(shape, value, dtype);
    }
}
