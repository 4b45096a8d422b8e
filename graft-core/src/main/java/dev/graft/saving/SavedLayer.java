package dev.graft.saving;

import java.util.List;

/**
 * One layer's entry in a Keras h5 weights file: the layer's name and its weights in stored order (for
 * layers Keras writes, trainable weights first, then non-trainable ones). Weightless layers have an
 * empty list.
 */
public record SavedLayer(String name, List<SavedWeight> weights) {
    public SavedLayer {
        weights = List.copyOf(weights);
    }
}
