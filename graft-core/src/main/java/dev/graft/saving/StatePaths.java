package dev.graft.saving;

import dev.graft.layers.Layer;
import dev.graft.models.Model;
import dev.graft.models.Sequential;
import dev.graft.tensor.Variable;
import dev.graft.utils.Names;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each layer's weights live in a {@code model.weights.h5}, as Keras' {@code saving_lib} lays them out:
 * the model's own at {@code vars}, each layer's at {@code layers/<name>/vars} and, inside a nested model,
 * {@code layers/<model>/layers/<name>/vars}. The names come from the Keras class, not the layer's name:
 * {@code dense}, {@code dense_1}, ... in the model's Keras order. A layer met twice (shared) is stored at the
 * first place only. Weights are datasets {@code 0}, {@code 1}, ... in the layer's creation order.
 */
final class StatePaths {
    private StatePaths() {
    }

    /** Every layer under {@code root} (root included, at {@code ""}) with its path, in saving order. */
    static Map<Layer, String> of(Model root) {
        Map<Layer, String> paths = new LinkedHashMap<>();
        walk(root, "", paths);
        return paths;
    }

    private static void walk(Layer layer, String path, Map<Layer, String> into) {
        if (into.containsKey(layer)) {
            return;
        }
        into.put(layer, path);
        if (layer instanceof Model model) {
            Map<String, Integer> used = new HashMap<>();
            for (Layer child : children(model)) {
                String name = Names.snakeCase(LayerRegistry.kerasClassName(child));
                int seen = used.merge(name, 1, Integer::sum) - 1;
                String childName = seen == 0 ? name : name + "_" + seen;
                walk(child, (path.isEmpty() ? "" : path + "/") + "layers/" + childName, into);
            }
        }
    }

    /** Keras' {@code model.layers}: a Sequential's stack, or a functional model's layers in Keras' order. */
    private static List<Layer> children(Model model) {
        return model instanceof Sequential ? model.layers() : KerasGraph.of(model).layers();
    }

    /**
     * The weights stored at a layer's own {@code vars}: all of a plain layer's, in creation order (trainable
     * ones first, as Keras' {@code _trainable_variables + _non_trainable_variables}); for a model, only those
     * outside its layers.
     */
    static List<Variable> ownWeights(Layer layer) {
        return layer instanceof Model model ? WeightEntry.topLevel(model) : layer.weights();
    }
}
