package dev.graft.saving;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Keras h5 weights file opened for reading, in the legacy layout Keras' {@code save_weights} writes to
 * {@code .h5} files: root attribute {@code layer_names}; one group per layer with attribute
 * {@code weight_names}; each weight at {@code <layer>/<weight name>}, e.g. {@code conv1/conv1/kernel:0}.
 * Files of a whole model ({@code model.save("m.h5")}), which keep this layout under {@code model_weights},
 * are read too. Reading the structure loads no values; {@link SavedWeight#read()} does, while the file is open.
 * <pre>{@code
 * try (WeightFile file = WeightFile.open(Path.of("mobilenet_2_5_224_tf_no_top.h5"))) {
 *     Shape kernel = file.layer("conv1").weights().get(0).shape();   // (3, 3, 3, 8)
 * }
 * }</pre>
 */
public final class WeightFile implements AutoCloseable {
    /** Where Keras 3 keeps weights that belong to a model itself rather than to one of its layers. */
    static final String TOP_LEVEL_GROUP = "top_level_model_weights";

    private final Path path;
    private final HdfFile hdf;
    private final List<SavedLayer> layers;
    private final List<SavedWeight> topLevelWeights;

    private WeightFile(Path path, HdfFile hdf) {
        this.path = path;
        this.hdf = hdf;
        Group root = hdf;
        if (!hasStrings(root, "layer_names") && root.getChildren().get("model_weights") instanceof Group g) {
            root = g;
        }
        if (!hasStrings(root, "layer_names")) {
            throw new IllegalArgumentException(path + " is not a Keras h5 weights file: its root has no "
                    + "'layer_names' attribute (attributes " + root.getAttributes().keySet() + ", groups "
                    + root.getChildren().keySet() + ")");
        }
        List<SavedLayer> read = new ArrayList<>();
        for (String name : H5Attributes.readStrings(root, "layer_names")) {
            if (!(root.getChildren().get(name) instanceof Group group)) {
                throw new IllegalArgumentException(path + ": layer '" + name + "' is listed in layer_names but the "
                        + "file has no group for it");
            }
            read.add(new SavedLayer(name, weightsOf(group)));
        }
        this.layers = List.copyOf(read);
        this.topLevelWeights = root.getChildren().get(TOP_LEVEL_GROUP) instanceof Group top
                ? List.copyOf(weightsOf(top)) : List.of();
    }

    /**
     * Opens {@code path} and reads its structure.
     *
     * @throws IllegalArgumentException if the file is missing, is not HDF5, or lacks the Keras layout
     */
    public static WeightFile open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("Cannot read weights: no file at " + path.toAbsolutePath());
        }
        HdfFile hdf;
        try {
            hdf = new HdfFile(path);
        } catch (RuntimeException e) {
            // jhdf reports damaged files with HdfException, and at times with exceptions from deep inside its
            // parsing (arithmetic, buffer underflow, index out of bounds).
            throw new IllegalArgumentException("Cannot read " + path + " as an HDF5 file: " + reason(e), e);
        }
        try {
            return new WeightFile(path, hdf);
        } catch (IllegalArgumentException e) {
            hdf.close();
            throw e;
        } catch (RuntimeException e) {
            hdf.close();
            throw new IllegalArgumentException("Cannot read " + path + ": " + reason(e), e);
        }
    }

    /** jhdf's own message, or the exception's type and message when it failed outside its checks. */
    private static String reason(RuntimeException e) {
        return e instanceof HdfException ? e.getMessage() : e.toString();
    }

    private static boolean hasStrings(Node node, String name) {
        return node.getAttributes().containsKey(name) || node.getAttributes().containsKey(name + "0");
    }

    private List<SavedWeight> weightsOf(Group group) {
        List<SavedWeight> weights = new ArrayList<>();
        for (String weightName : H5Attributes.readStrings(group, "weight_names")) {
            Node node;
            try {
                node = group.getByPath(weightName);
            } catch (HdfException e) {
                node = null;
            }
            if (!(node instanceof Dataset dataset)) {
                throw new IllegalArgumentException(path + ": weight '" + weightName + "' is listed in weight_names "
                        + "of " + group.getPath() + " but the file has no dataset at " + group.getPath() + weightName);
            }
            weights.add(new SavedWeight(weightName, dataset, shapeOf(dataset), dtypeOf(dataset)));
        }
        return weights;
    }

    private static Shape shapeOf(Dataset dataset) {
        return Shape.of(Arrays.stream(dataset.getDimensions()).asLongStream().toArray());
    }

    private DType dtypeOf(Dataset dataset) {
        Class<?> type = dataset.getJavaType();
        if (type == float.class || type == Float.class) {
            return DType.FLOAT32;
        }
        if (type == double.class || type == Double.class) {
            return DType.FLOAT64;
        }
        // Integers of up to 64 bits (signed, or unsigned up to 32), such as the int64 count:0 of the
        // Normalization layer in Keras' EfficientNet files; jhdf reads them as byte, short, int or long (boxed
        // for scalars).
        if (type == byte.class || type == short.class || type == int.class || type == long.class
                || type == Byte.class || type == Short.class || type == Integer.class || type == Long.class) {
            return DType.INT64;
        }
        throw new IllegalArgumentException(path + ": dataset " + dataset.getPath() + " holds " + type.getSimpleName()
                + " values; weights must be floating point (float32 or float64) or integers of up to 64 bits");
    }

    /** The file this was read from. */
    public Path path() {
        return path;
    }

    /** Every layer listed in {@code layer_names}, in that order, weightless ones included. */
    public List<SavedLayer> layers() {
        return layers;
    }

    /** The layers that have weights, in file order: the ones loading by position pairs with the model's. */
    public List<SavedLayer> layersWithWeights() {
        return layers.stream().filter(l -> !l.weights().isEmpty()).toList();
    }

    /** The layer named {@code name}. */
    public SavedLayer layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(path + " has no layer named '" + name + "'; its layers"
                        + " are " + layers.stream().map(SavedLayer::name).toList()));
    }

    /** Weights stored for a model itself, outside its layers (Keras 3's {@code top_level_model_weights}). */
    public List<SavedWeight> topLevelWeights() {
        return topLevelWeights;
    }

    @Override
    public void close() {
        hdf.close();
    }

    @Override
    public String toString() {
        return "WeightFile(" + path + ", " + layers.size() + " layers)";
    }
}
