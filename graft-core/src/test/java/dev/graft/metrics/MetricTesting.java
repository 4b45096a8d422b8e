package dev.graft.metrics;

import dev.graft.tensor.Tensor;

/** Small tensor factories shared by the metric tests. */
final class MetricTesting {

    private MetricTesting() {
    }

    /** A float32 tensor of {@code shape} holding {@code values}. */
    static Tensor f32(long[] shape, double... values) {
        float[] data = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = (float) values[i];
        }
        return Tensor.of(data, shape);
    }

    static long[] s(long... dims) {
        return dims;
    }
}
