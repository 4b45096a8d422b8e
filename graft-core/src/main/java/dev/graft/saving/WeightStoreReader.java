package dev.graft.saving;

import dev.graft.layers.Layer;
import dev.graft.models.Model;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads weights from a Keras 3 {@code model.weights.h5} into a model freshly built from the same file's
 * config: each layer's {@code vars} group (see {@link StatePaths}) must hold exactly its weights, datasets
 * {@code 0}, {@code 1}, ... of the variables' shapes. Files of tf.keras 2.13, which name the layer groups
 * {@code _layer_checkpoint_dependencies}, are read too. Groups the model has no layer for (a compiled
 * model's optimizer state, for one) are ignored, as Keras ignores them.
 */
final class WeightStoreReader {
    private final HdfFile hdf;
    private final String source;

    private WeightStoreReader(HdfFile hdf, String source) {
        this.hdf = hdf;
        this.source = source;
    }

    /**
     * The number of values of the largest dataset under {@code group}: no layer built from the same file's
     * config needs more. Each group is visited once, so links that loop back are harmless.
     */
    static long largestWeightSize(Group group) {
        long largest = 0;
        Set<Long> visited = new HashSet<>();
        Deque<Group> pending = new ArrayDeque<>(List.of(group));
        while (!pending.isEmpty()) {
            Group g = pending.pop();
            if (!visited.add(g.getAddress())) {
                continue;
            }
            for (Node child : g.getChildren().values()) {
                if (child instanceof Dataset d) {
                    largest = Math.max(largest, d.getSize());
                } else if (child instanceof Group sub) {
                    pending.push(sub);
                }
            }
        }
        return largest;
    }

    /**
     * Sets every weight of {@code model} from {@code hdf}.
     *
     * @param source what the file is, for messages, e.g. {@code model.weights.h5 of m.keras}
     * @throws IllegalArgumentException naming the layer, the group and the weight at fault
     */
    static void load(Model model, HdfFile hdf, String source) {
        WeightStoreReader reader = new WeightStoreReader(hdf, source);
        for (Map.Entry<Layer, String> e : StatePaths.of(model).entrySet()) {
            reader.loadLayer(e.getKey(), e.getValue());
        }
    }

    private void loadLayer(Layer layer, String path) {
        String varsPath = (path.isEmpty() ? "" : path + "/") + "vars";
        Group vars = findGroup(varsPath);
        if (vars == null && !hdf.getChildren().containsKey("layers")
                && hdf.getChildren().containsKey("_layer_checkpoint_dependencies")) {
            varsPath = varsPath.replace("layers/", "_layer_checkpoint_dependencies/");
            vars = findGroup(varsPath);
        }
        List<Variable> weights = StatePaths.ownWeights(layer);
        Map<String, Node> stored = vars == null ? Map.of() : vars.getChildren();
        String owner = "layer '" + layer.name() + "' (" + LayerRegistry.kerasClassName(layer) + ")";
        if (stored.size() != weights.size()) {
            throw error(owner + " has " + weights.size() + " weights " + describe(weights) + ", the file has "
                    + stored.size() + " at " + varsPath + " " + stored.keySet());
        }
        for (int i = 0; i < weights.size(); i++) {
            Variable target = weights.get(i);
            String datasetPath = varsPath + "/" + i;
            if (!(stored.get(Integer.toString(i)) instanceof Dataset dataset)) {
                throw error(owner + ": no dataset at " + datasetPath + " for weight '" + target.name() + "'; the group "
                        + "holds " + stored.keySet());
            }
            assign(target, dataset, owner, datasetPath);
        }
    }

    private Group findGroup(String path) {
        Group group = hdf;
        for (String part : path.split("/")) {
            if (!(group.getChildren().get(part) instanceof Group child)) {
                return null;
            }
            group = child;
        }
        return group;
    }

    private void assign(Variable target, Dataset dataset, String owner, String datasetPath) {
        long[] dims = Arrays.stream(dataset.getDimensions()).asLongStream().toArray();
        if (!Arrays.equals(dims, target.shape().dims())) {
            throw error(owner + ": weight '" + target.name() + "' has shape " + target.shape() + ", the dataset at "
                    + datasetPath + " has shape " + Arrays.toString(dims));
        }
        Attribute storedType = dataset.getAttribute("dtype");
        if (storedType != null) {
            throw error(owner + ": the dataset at " + datasetPath + " holds " + storedType.getData() + " values, "
                    + "which Graft cannot read; save the model in float32");
        }
        Object flat;
        try {
            flat = dataset.getDataFlat();
        } catch (RuntimeException e) {
            throw error(owner + ": reading the dataset at " + datasetPath + " failed (" + e.getMessage() + "); the "
                    + "file is damaged", e);
        }
        try (TensorScope scope = TensorScope.open()) {
            Tensor value;
            if (flat instanceof float[] f) {
                value = Tensor.of(f, dims);
            } else if (flat instanceof double[] d) {
                value = Tensor.of(d, dims);
            } else {
                throw error(owner + ": the dataset at " + datasetPath + " holds "
                        + dataset.getJavaType().getSimpleName() + " values; weights must be float32 or float64");
            }
            target.assign(value.dtype() == target.dtype() ? value : value.toType(target.dtype()));
        }
    }

    private static String describe(List<Variable> weights) {
        return weights.stream().map(v -> v.name() + " " + v.shape()).toList().toString();
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(source + ": " + message);
    }

    private IllegalArgumentException error(String message, Throwable cause) {
        return new IllegalArgumentException(source + ": " + message, cause);
    }
}
