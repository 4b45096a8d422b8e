package dev.graft.saving;

import dev.graft.layers.Layer;
import dev.graft.models.Model;
import dev.graft.tensor.Variable;
import io.jhdf.WritableGroupImpl;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a model's weights in the layout of Keras 3's {@code model.weights.h5} ({@code H5IOStore}): a group
 * {@code vars} at each layer's {@link StatePaths path}, holding its weights as datasets {@code 0},
 * {@code 1}, ... (values exact, in the variable's type). Weightless layers get an empty {@code vars}, as in
 * Keras.
 */
final class WeightStoreWriter {
    private WeightStoreWriter() {
    }

    /** Why the weights of {@code model} cannot be written, or null if they can: checked before any file. */
    static String unstorableReason(Model model) {
        for (Map.Entry<Layer, String> e : StatePaths.of(model).entrySet()) {
            for (Variable v : StatePaths.ownWeights(e.getKey())) {
                String reason = H5Datasets.unstorableReason(v);
                if (reason != null) {
                    return reason + " (layer '" + e.getKey().name() + "')";
                }
            }
        }
        return null;
    }

    /** Writes the weights of {@code model} to {@code file}, an existing empty file. */
    static void write(Model model, Path file) throws IOException {
        WritableGroupImpl root = new WritableGroupImpl(null, "/");
        Map<String, WritableGroup> groups = new HashMap<>();
        groups.put("", root);
        for (Map.Entry<Layer, String> e : StatePaths.of(model).entrySet()) {
            WritableGroup vars = group(groups, e.getValue()).putGroup("vars");
            List<Variable> weights = StatePaths.ownWeights(e.getKey());
            for (int i = 0; i < weights.size(); i++) {
                vars.putDataset(Integer.toString(i), H5Datasets.valuesOf(weights.get(i)));
            }
        }
        H5Datasets.writeFile(root, file);
    }

    /** The group at {@code path}, created with its parents if missing. */
    private static WritableGroup group(Map<String, WritableGroup> groups, String path) {
        WritableGroup existing = groups.get(path);
        if (existing != null) {
            return existing;
        }
        int slash = path.lastIndexOf('/');
        WritableGroup parent = group(groups, slash < 0 ? "" : path.substring(0, slash));
        WritableGroup created = parent.putGroup(path.substring(slash + 1));
        groups.put(path, created);
        return created;
    }
}
