package dev.graft.saving;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import io.jhdf.api.Dataset;
import java.lang.reflect.Array;

/**
 * One weight stored in a Keras h5 weights file: its stored name (such as {@code conv1/kernel:0}), shape and
 * element type. The values are read on demand, while the {@link WeightFile} is open.
 */
public final class SavedWeight {
    private final String name;
    private final Dataset dataset;
    private final Shape shape;
    private final DType dtype;

    SavedWeight(String name, Dataset dataset, Shape shape, DType dtype) {
        this.name = name;
        this.dataset = dataset;
        this.shape = shape;
        this.dtype = dtype;
    }

    /** The name as stored in the layer's {@code weight_names}, e.g. {@code conv1_bn/moving_mean:0}. */
    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    /**
     * {@link DType#FLOAT32} or {@link DType#FLOAT64} as stored, or {@link DType#INT64} for integers of any width
     * (read as int64).
     */
    public DType dtype() {
        return dtype;
    }

    /** The path of the dataset inside the file, e.g. {@code /conv1/conv1/kernel:0}. */
    public String datasetPath() {
        return dataset.getPath();
    }

    /** A new tensor with the stored values, exactly, in {@link #dtype()}; the caller closes it. */
    public Tensor read() {
        Object flat = dataset.getDataFlat();
        if (flat instanceof float[] values) {
            return Tensor.of(values, shape.dims());
        }
        if (flat instanceof double[] values) {
            return Tensor.of(values, shape.dims());
        }
        return Tensor.of(integers(flat), shape.dims());
    }

    /**
     * A new tensor with the stored values in {@code target}, the type of the variable they go to; the caller
     * closes it. Floating values are cast (float64 to float32 rounds to nearest). Integers go to a floating
     * {@code target} only, and exactly: a value the type cannot hold exactly (for float32 most integers
     * beyond 2^24 in magnitude, for float64 beyond 2^53) is an error.
     */
    public Tensor read(DType target) {
        if (dtype.isFloating()) {
            Tensor stored = read();
            if (stored.dtype() == target) {
                return stored;
            }
            try (stored) {
                return stored.toType(target);
            }
        }
        if (!target.isFloating()) {
            throw new IllegalArgumentException("Dataset " + datasetPath() + " holds integers, which load into "
                    + "float32 or float64 weights only; the weight is " + target);
        }
        long[] values = integers(dataset.getDataFlat());
        if (target == DType.FLOAT64) {
            double[] converted = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                converted[i] = values[i];
                // Doubles at or above 2^63 saturate back to Long.MAX_VALUE, so they are excluded first.
                checkExact(values[i], converted[i] < 0x1p63 && (long) converted[i] == values[i], target);
            }
            return Tensor.of(converted, shape.dims());
        }
        float[] converted = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            converted[i] = values[i];
            checkExact(values[i], converted[i] < 0x1p63f && (long) converted[i] == values[i], target);
        }
        return Tensor.of(converted, shape.dims());
    }

    private void checkExact(long value, boolean exact, DType target) {
        if (!exact) {
            throw new IllegalArgumentException("Dataset " + datasetPath() + " holds the integer " + value + ", which "
                    + target + " cannot represent exactly; load it into a float64 weight (optDType(DType.FLOAT64))"
                    + " or store it as a floating value");
        }
    }

    /** The values of an integer dataset (bytes, shorts, ints or longs as jhdf reads them), widened to long. */
    private static long[] integers(Object flat) {
        if (flat instanceof long[] values) {
            return values;
        }
        long[] out = new long[Array.getLength(flat)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) Array.get(flat, i)).longValue();
        }
        return out;
    }

    @Override
    public String toString() {
        return name + " " + shape + " " + dtype;
    }
}
