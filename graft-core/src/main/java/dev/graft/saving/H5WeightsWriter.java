package dev.graft.saving;

import dev.graft.models.Model;
import dev.graft.tensor.Variable;
import dev.graft.utils.AtomicFiles;
import io.jhdf.WritableGroupImpl;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a model's weights in Keras' legacy h5 layout, the one {@code model.save_weights("w.h5")} of
 * tf.keras 2 writes and every Keras version loads (Keras 3 from files ending in {@code .h5}, not
 * {@code .weights.h5}, which it keeps for its newer layout):
 * <ul>
 *   <li>root attributes {@code layer_names} (every layer of the model, in order), {@code backend} and
 *       {@code keras_version};</li>
 *   <li>one group per layer with attribute {@code weight_names}, trainable weights first, then
 *       non-trainable ones; a nested model's entry lists the weights of all its layers;</li>
 *   <li>each weight as a dataset at {@code <layer>/<weight name>}, such as {@code dense/dense/kernel:0}, in
 *       the variable's type (float32 or float64), values exact.</li>
 * </ul>
 * Two limits of the jhdf writer show in the file: a weightless layer's group has no {@code weight_names}
 * attribute rather than an empty one (Keras reads both as empty), and weights with no elements cannot be
 * saved. The file is replaced atomically: a failed save leaves the previous file as it was.
 */
public final class H5WeightsWriter {
    /**
     * The backend recorded in the file. Keras reads it only to convert Theano kernels; our kernels have
     * TensorFlow's layouts, so the file says so.
     */
    static final String BACKEND = "tensorflow";
    /** The Keras version whose layout the file follows (weight names with TensorFlow's {@code :0}). */
    static final String KERAS_VERSION = "2.15.0";

    private H5WeightsWriter() {
    }

    /**
     * Saves the weights of {@code model} to {@code path}, replacing any file there.
     *
     * @throws IllegalStateException if the model is not built yet
     * @throws IllegalArgumentException if the model cannot be stored in this layout (duplicate layer names, a
     *     name with {@code /}, a weight that is not float32/float64 or has no elements), or the directory
     *     is missing
     * @throws java.io.UncheckedIOException if writing fails; the previous file is then unchanged
     */
    public static void save(Model model, Path path) {
        if (!model.isBuilt()) {
            throw new IllegalStateException("Cannot save the weights of model '" + model.name() + "' to " + path
                    + ": it is not built yet, so it has no weights; call it on an input or build() it first");
        }
        List<WeightEntry> entries = WeightEntry.of(model);
        List<Variable> topLevel = WeightEntry.topLevel(model);
        checkStorable(entries, topLevel, path);
        AtomicFiles.replace(path, temp -> H5Datasets.writeFile(tree(entries, topLevel), temp));
    }

    /** The file's groups, attributes and datasets, values copied from the variables. */
    private static WritableGroupImpl tree(List<WeightEntry> entries, List<Variable> topLevel) {
        WritableGroupImpl root = new WritableGroupImpl(null, "/");
        H5Attributes.writeStrings(root, "layer_names", entries.stream().map(WeightEntry::name).toList());
        root.putAttribute("backend", BACKEND);
        root.putAttribute("keras_version", KERAS_VERSION);
        for (WeightEntry entry : entries) {
            writeWeights(root.putGroup(entry.name()), entry.weights());
        }
        if (!topLevel.isEmpty()) {
            writeWeights(root.putGroup(WeightFile.TOP_LEVEL_GROUP), topLevel);
        }
        return root;
    }

    /** Fails before any file is touched if something cannot be written. */
    private static void checkStorable(List<WeightEntry> entries, List<Variable> topLevel, Path path) {
        Set<String> groups = new HashSet<>();
        for (WeightEntry entry : entries) {
            String what = "layer '" + entry.name() + "'";
            if (entry.name().isEmpty() || entry.name().contains("/") || entry.name().equals(".")) {
                throw cannotSave(path, what + " has a name an HDF5 group cannot have (empty, '.', or containing '/');"
                        + " rename the layer");
            }
            if (!groups.add(entry.name())) {
                throw cannotSave(path, "the model has two layers named '" + entry.name()
                        + "'; give them distinct names");
            }
            checkWeights(entry.weights(), what, path);
        }
        if (!topLevel.isEmpty() && groups.contains(WeightFile.TOP_LEVEL_GROUP)) {
            throw cannotSave(path, "a layer is named '" + WeightFile.TOP_LEVEL_GROUP + "', the group that holds the "
                    + "model's own weights; rename the layer");
        }
        checkWeights(topLevel, "the model's own weights", path);
    }

    private static void checkWeights(List<Variable> weights, String owner, Path path) {
        Set<String> names = new HashSet<>();
        for (Variable v : weights) {
            String stored = WeightEntry.storedName(v);
            if (!names.add(stored)) {
                throw cannotSave(path, owner + " has two weights named '" + stored + "'; give their layers distinct "
                        + "names");
            }
            String reason = H5Datasets.unstorableReason(v);
            if (reason != null) {
                throw cannotSave(path, reason + " (" + owner + ")");
            }
        }
    }

    private static IllegalArgumentException cannotSave(Path path, String reason) {
        return new IllegalArgumentException("Cannot save weights to " + path + ": " + reason);
    }

    private static void writeWeights(WritableGroup group, List<Variable> weights) {
        H5Attributes.writeStrings(group, "weight_names", weights.stream().map(WeightEntry::storedName).toList());
        // Each '/' in a stored name is a subgroup, as h5py creates them: dense/kernel:0 -> dense/ -> kernel:0.
        Map<String, WritableGroup> subgroups = new HashMap<>();
        for (Variable v : weights) {
            String stored = WeightEntry.storedName(v);
            WritableGroup parent = group;
            String prefix = "";
            String[] parts = stored.split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                prefix += parts[i] + "/";
                WritableGroup outer = parent;
                String part = parts[i];
                parent = subgroups.computeIfAbsent(prefix, p -> outer.putGroup(part));
            }
            parent.putDataset(parts[parts.length - 1], H5Datasets.valuesOf(v));
        }
    }
}
