package dev.graft.tensor;

import java.util.Arrays;

/**
 * Float values with a shape, held on the Java heap: what {@code getWeights()} returns and
 * {@code setWeights()} takes, like the NumPy arrays of Keras.
 */
public record HostArray(float[] data, long[] shape) {
    public HostArray {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("A HostArray of shape " + Arrays.toString(shape) + " needs " + n
                    + " values, received " + data.length);
        }
        shape = shape.clone();
    }

    /** Copies the values of {@code tensor}. */
    public static HostArray of(Tensor tensor) {
        return new HostArray(tensor.toFloatArray(), tensor.shape().dims());
    }

    /** A new float32 tensor with these values. */
    public Tensor toTensor() {
        return Tensor.of(data, shape);
    }

    public Shape toShape() {
        return Shape.of(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostArray h && Arrays.equals(data, h.data) && Arrays.equals(shape, h.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "HostArray" + Arrays.toString(shape);
    }
}
