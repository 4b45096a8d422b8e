package dev.graft.saving;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import io.jhdf.api.Dataset;

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

    /** {@link DType#FLOAT32} or {@link DType#FLOAT64}, as stored. */
    public DType dtype() {
        return dtype;
    }

    /** The path of the dataset inside the file, e.g. {@code /conv1/conv1/kernel:0}. */
    public String datasetPath() {
        return dataset.getPath();
    }

    /** A new tensor with the stored values, exactly, in the stored type; the caller closes it. */
    public Tensor read() {
        Object flat = dataset.getDataFlat();
        if (flat instanceof float[] values) {
            return Tensor.of(values, shape.dims());
        }
        if (flat instanceof double[] values) {
            return Tensor.of(values, shape.dims());
        }
        throw new IllegalStateException("Dataset " + datasetPath() + " returned " + flat.getClass().getSimpleName()
                + " values, expected float or double");
    }

    @Override
    public String toString() {
        return name + " " + shape + " " + dtype;
    }
}
