package dev.graft.models;

import dev.graft.layers.Layer;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The frozen prefix of a model that {@code fit} trains: the layer calls, from the model's inputs on, whose
 * outputs are a fixed function of the inputs, such as {@code Rescaling -> base(training=false) ->
 * GlobalAveragePooling2D} with a frozen base. A call belongs to it when every tensor it reads does and its
 * layer {@link Layer#isFrozenFunction is a frozen function} in the mode the call runs in during training
 * (the mode pinned when the graph was built, else training). A nested model is one call: frozen when all of
 * its own calls are.
 *
 * <p>The <em>frontier</em> is what the rest of the model reads from the prefix (usually one tensor, the
 * pooled features): {@code fit} stores it per sample and, when the same inputs come again, runs only the
 * rest of the model from it. That is sound because of what "frozen function" promises, and it assumes one
 * more thing, true of every layer Graft ships: in inference mode a layer treats the samples of a batch
 * independently, so a sample's output does not depend on which batch it came in, not even in its last bits
 * (libtorch's CPU kernels give a sample the same bits in any batch; checked on Xception's base).
 *
 * <p>Only {@link Model} and {@link Sequential} themselves are split (a subclass may compute differently),
 * and only a prefix that holds a layer with weights is worth storing: recomputing a few weightless layers
 * (Rescaling, padding) costs about what reading their stored output back does.
 */
public abstract class FrozenPrefix {

    FrozenPrefix() {
    }

    /** The frozen prefix of {@code model} as {@code fit} runs it, or empty when none is worth storing. */
    public static Optional<FrozenPrefix> of(Model model) {
        if (!model.isBuilt()) {
            return Optional.empty();
        }
        if (model.getClass() == Sequential.class) {
            return StackPrefix.find((Sequential) model);
        }
        if (model.getClass() == Model.class) {
            return GraphPrefix.find(model);
        }
        return Optional.empty();
    }

    /** The layers the prefix calls, in the order it calls them, each once (a nested model as one). */
    public abstract List<Layer> layers();

    /** Every weight of the prefix's layers; their {@link Variable#version() versions} say when it changed. */
    public List<Variable> variables() {
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Variable> all = new ArrayList<>();
        for (Layer l : layers()) {
            for (Variable v : l.weights()) {
                if (seen.add(v)) {
                    all.add(v);
                }
            }
        }
        return all;
    }

    /** Whether every call of the prefix is still a frozen function (a callback may unfreeze a layer). */
    public abstract boolean isStillFrozen();

    /**
     * The frontier values for a batch, one tensor {@code [batch, ...]} per frontier tensor, owned by the
     * caller; {@code training} is the mode of the call (the prefix computes the same in both). Checks the
     * inputs' shapes first, as {@link Model#callAll} does.
     */
    public abstract List<Tensor> computeFrontier(List<Tensor> inputs, boolean training);

    /**
     * The model's outputs for a batch, computed from the frontier values (as {@link #computeFrontier} gives
     * them) and, where the rest of the model reads them, the inputs; like {@link Model#callAll}, it checks
     * the inputs' shapes first. The inputs and the frontier values stay the caller's.
     */
    public abstract List<Tensor> runRest(List<Tensor> inputs, List<Tensor> frontier, boolean training);

    /** The shapes of the frontier tensors, {@code [batch, ...]} with an unknown batch. */
    public abstract List<Shape> frontierShapes();

    /** Whether any of these layers has weights: only then does storing the prefix's outputs save work. */
    static boolean anyWeights(List<Layer> layers) {
        return layers.stream().anyMatch(l -> !l.weights().isEmpty());
    }

    /** E.g. {@code frozen prefix [rescaling, xception, global_average_pooling2d] -> [[None, 2048]]}. */
    @Override
    public String toString() {
        return "frozen prefix " + layers().stream().map(Layer::name).toList() + " -> " + frontierShapes();
    }

    /** Checks the inputs as {@link Model#callAll} does, naming the model and the expected shapes. */
    static void checkInputs(Model model, List<Tensor> inputs) {
        model.computeOutputShapes(inputs.stream().map(Tensor::shape).toList());
    }
}
