package dev.graft.saving;

import dev.graft.layers.Layer;
import dev.graft.models.Model;
import dev.graft.tensor.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A layer of a model as an h5 weights file sees it: its name and its weights in Keras' legacy order,
 * trainable ones first, then non-trainable ones (Keras' {@code _legacy_weights}). A nested model is one
 * entry holding the weights of all its layers.
 */
record WeightEntry(String name, Layer layer, List<Variable> weights) {

    /** One entry per layer of {@code model}, in the model's layer order, weightless layers included. */
    static List<WeightEntry> of(Model model) {
        return model.layers().stream().map(l -> new WeightEntry(l.name(), l, legacyOrder(l))).toList();
    }

    /** The layers of {@code model} that have weights: the ones loading by position pairs with the file's. */
    static List<WeightEntry> withWeights(Model model) {
        return of(model).stream().filter(e -> !e.weights().isEmpty()).toList();
    }

    /**
     * Weights that belong to {@code model} itself, outside every layer of {@link Model#layers()} (a subclass
     * may add its own); Keras 3 stores them in a group {@code top_level_model_weights}.
     */
    static List<Variable> topLevel(Model model) {
        Set<Variable> inLayers = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Layer l : model.layers()) {
            inLayers.addAll(l.weights());
        }
        List<Variable> own = new ArrayList<>();
        for (Variable v : legacyOrder(model)) {
            if (!inLayers.contains(v)) {
                own.add(v);
            }
        }
        return own;
    }

    private static List<Variable> legacyOrder(Layer layer) {
        List<Variable> ordered = new ArrayList<>(layer.trainableWeights());
        ordered.addAll(layer.nonTrainableWeights());
        return ordered;
    }

    /** The name a weight is stored under: the variable's path with TensorFlow's {@code :0} suffix. */
    static String storedName(Variable v) {
        return v.name() + ":0";
    }
}
