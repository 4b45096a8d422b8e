package dev.graft.saving;

import dev.graft.models.Model;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads weights saved in Keras' legacy h5 layout (see {@link H5WeightsWriter}) into a model, as Keras'
 * {@code load_weights} does for {@code .h5} files.
 * <ul>
 *   <li>By position (the default): the i-th layer with weights in the file goes to the i-th layer with
 *       weights in the model; names do not matter. Within a layer, weights pair in Keras' legacy order
 *       (trainable, then non-trainable), so freeze the same layers as when the file was saved: as in Keras,
 *       a nested model frozen at saving and unfrozen at loading lists its weights in another order.</li>
 *   <li>By name ({@link LoadOptions.Builder#optByName}): each layer goes to the model's layer of the same
 *       name. Unlike Keras, which skips them silently, a layer with weights on one side only is an error,
 *       or a warning with {@code skipMismatch}.</li>
 * </ul>
 * Every mismatch (layer count, weight count, shape, a layer missing on one side) is an error naming the
 * file, the layers, the weights and both shapes, unless {@code skipMismatch} allows skipping it as Keras
 * does. Everything is checked and every value read before the first weight changes, so a failed load
 * leaves the model as it was. Stored values of another floating type are converted to the variable's;
 * stored integers (such as the int64 {@code count} of EfficientNet's Normalization) too, exactly or not at all.
 */
public final class H5WeightsLoader {
    private final Path path;
    private final LoadOptions options;
    private final List<Variable> targets = new ArrayList<>();
    private final List<SavedWeight> sources = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private H5WeightsLoader(Path path, LoadOptions options) {
        this.path = path;
        this.options = options;
    }

    /**
     * Sets the weights of {@code model} from the file at {@code path}.
     *
     * @throws IllegalArgumentException if the file cannot be read or does not match the model; the model's
     *     weights are then unchanged
     * @throws IllegalStateException if the model is not built yet or was closed
     */
    public static void load(Model model, Path path, LoadOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("loadWeights needs LoadOptions, received null; use "
                    + "LoadOptions.defaults()");
        }
        if (!model.isBuilt()) {
            throw new IllegalStateException("Cannot load weights from " + path + " into model '" + model.name()
                    + "': it is not built yet, so it has no weights; call it on an input or build() it first");
        }
        H5WeightsLoader loader = new H5WeightsLoader(path, options);
        try (WeightFile file = WeightFile.open(path)) {
            if (options.byName()) {
                loader.matchByName(WeightEntry.of(model), file.layers());
            } else {
                loader.matchByPosition(WeightEntry.withWeights(model), file.layersWithWeights());
            }
            loader.matchTopLevel(WeightEntry.topLevel(model), file.topLevelWeights());
            loader.assign();
        }
    }

    private void matchByPosition(List<WeightEntry> model, List<SavedLayer> file) {
        if (model.size() != file.size()) {
            throw mismatch("layer count mismatch: the model has " + model.size() + " layers with weights "
                    + model.stream().map(WeightEntry::name).toList() + ", the file has " + file.size() + " "
                    + file.stream().map(SavedLayer::name).toList() + ". Load into a model of the architecture the "
                    + "file was saved from, or match layers by name (LoadOptions.optByName)");
        }
        for (int k = 0; k < model.size(); k++) {
            matchLayer(k, model.get(k), file.get(k), false);
        }
    }

    private void matchByName(List<WeightEntry> model, List<SavedLayer> file) {
        Map<String, List<WeightEntry>> byName = model.stream()
                .collect(Collectors.groupingBy(WeightEntry::name, LinkedHashMap::new, Collectors.toList()));
        Set<String> fileNames = new HashSet<>();
        for (int k = 0; k < file.size(); k++) {
            SavedLayer saved = file.get(k);
            fileNames.add(saved.name());
            List<WeightEntry> matches = byName.getOrDefault(saved.name(), List.of());
            if (matches.isEmpty() && !saved.weights().isEmpty()) {
                skippable("layer #" + k + " '" + saved.name() + "' of the file (" + saved.weights().size()
                        + " weights) has no layer of that name in the model, whose layers with weights are "
                        + withWeights(model));
            }
            for (WeightEntry entry : matches) {
                matchLayer(k, entry, saved, true);
            }
        }
        for (WeightEntry entry : model) {
            if (!entry.weights().isEmpty() && !fileNames.contains(entry.name())) {
                skippable("the model's layer '" + entry.name() + "' (" + entry.weights().size() + " weights) has no "
                        + "layer of that name in the file, whose layers with weights are "
                        + file.stream().filter(l -> !l.weights().isEmpty()).map(SavedLayer::name).toList());
            }
        }
    }

    private static List<String> withWeights(List<WeightEntry> model) {
        return model.stream().filter(e -> !e.weights().isEmpty()).map(WeightEntry::name).toList();
    }

    private void matchLayer(int k, WeightEntry entry, SavedLayer saved, boolean countMismatchSkippable) {
        String layer = "layer #" + k + " (named '" + entry.name() + "' in the model, '" + saved.name()
                + "' in the file)";
        if (entry.weights().size() != saved.weights().size()) {
            String reason = "weight count mismatch for " + layer + ": the model's layer has " + entry.weights().size()
                    + " weights " + describe(entry.weights()) + ", the file's has " + saved.weights().size() + " "
                    + saved.weights();
            if (countMismatchSkippable) {
                skippable(reason);
                return;
            }
            throw mismatch(reason);
        }
        matchWeights(layer, entry.weights(), saved.weights());
    }

    private void matchTopLevel(List<Variable> model, List<SavedWeight> file) {
        if (model.size() != file.size()) {
            String reason = "weight count mismatch for the model's own weights (outside its layers): the model has "
                    + model.size() + " " + describe(model) + ", the file's " + WeightFile.TOP_LEVEL_GROUP + " has "
                    + file.size() + " " + file;
            if (options.byName()) {
                skippable(reason);
                return;
            }
            throw mismatch(reason);
        }
        matchWeights("the model's own weights", model, file);
    }

    private void matchWeights(String owner, List<Variable> model, List<SavedWeight> file) {
        for (int i = 0; i < model.size(); i++) {
            Variable target = model.get(i);
            SavedWeight source = file.get(i);
            if (target.isClosed()) {
                throw new IllegalStateException("Cannot load weights from " + path + ": weight '" + target.name()
                        + "' of " + owner + " is closed (its model was closed)");
            }
            if (!target.shape().equals(source.shape())) {
                String reason = "shape mismatch for " + owner + ": the model's weight '" + target.name()
                        + "' has shape " + target.shape() + ", the file's weight '" + source.name() + "' has shape "
                        + source.shape();
                skippable(reason);
                continue;
            }
            targets.add(target);
            sources.add(source);
        }
    }

    /** A mismatch that {@code skipMismatch} turns into a warning. */
    private void skippable(String reason) {
        if (!options.skipMismatch()) {
            throw mismatch(reason + ". Pass LoadOptions.optSkipMismatch(true) to skip it");
        }
        warnings.add(reason + "; skipped, as skipMismatch allows (file " + path + ")");
    }

    private IllegalArgumentException mismatch(String reason) {
        return new IllegalArgumentException("Cannot load weights from " + path + ": " + reason
                + ". The model's weights are unchanged");
    }

    private static String describe(List<Variable> weights) {
        return weights.stream().map(v -> v.name() + " " + v.shape()).toList().toString();
    }

    /** Reads every value first, so that a failing read changes nothing, then assigns them all. */
    private void assign() {
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> values = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                SavedWeight source = sources.get(i);
                try {
                    values.add(source.read(targets.get(i).dtype()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("Cannot load weights from " + path + ": reading "
                            + source.datasetPath() + " failed (" + e.getMessage() + "). The model's weights are "
                            + "unchanged", e);
                }
            }
            for (int i = 0; i < targets.size(); i++) {
                targets.get(i).assign(values.get(i));
            }
        }
        warnings.forEach(options.warnings());
    }
}
