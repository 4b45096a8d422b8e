package dev.graft.initializers;

import dev.graft.tensor.Shape;

/** Keras' {@code compute_fans}: fan-in and fan-out of a Dense or convolution kernel. */
record Fans(double in, double out) {
    static Fans of(Shape shape) {
        int rank = shape.rank();
        if (rank == 0) {
            return new Fans(1, 1);
        }
        if (rank == 1) {
            return new Fans(shape.get(0), shape.get(0));
        }
        if (rank == 2) {
            return new Fans(shape.get(0), shape.get(1));
        }
        // Convolution kernels [..spatial.., in, out].
        double receptive = 1;
        for (int i = 0; i < rank - 2; i++) {
            receptive *= shape.get(i);
        }
        return new Fans(shape.get(rank - 2) * receptive, shape.get(rank - 1) * receptive);
    }
}
