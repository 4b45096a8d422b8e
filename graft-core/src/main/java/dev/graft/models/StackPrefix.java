package dev.graft.models;

import dev.graft.layers.Layer;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.List;
import java.util.Optional;

/** The frozen prefix of a {@link Sequential}: its first layers, split off after the last frozen one. */
final class StackPrefix extends FrozenPrefix {
    private final Sequential model;
    private final List<Layer> prefix;
    private final List<Layer> rest;

    private StackPrefix(Sequential model, int length) {
        this.model = model;
        List<Layer> stack = model.layers();
        this.prefix = List.copyOf(stack.subList(0, length));
        this.rest = List.copyOf(stack.subList(length, stack.size()));
    }

    static Optional<FrozenPrefix> find(Sequential model) {
        List<Layer> stack = model.layers();
        int length = 0;
        // A Sequential's layers inherit the mode of the call, training during fit.
        while (length < stack.size() && stack.get(length).isFrozenFunction(true)) {
            length++;
        }
        StackPrefix prefix = new StackPrefix(model, length);
        return anyWeights(prefix.prefix) ? Optional.of(prefix) : Optional.empty();
    }

    @Override
    public List<Layer> layers() {
        return prefix;
    }

    @Override
    public boolean isStillFrozen() {
        return prefix.stream().allMatch(l -> l.isFrozenFunction(true));
    }

    @Override
    public List<Shape> frontierShapes() {
        Shape shape = model.buildShapes().get(0);
        for (Layer l : prefix) {
            shape = l.computeOutputShape(shape);
        }
        return List.of(shape);
    }

    @Override
    public List<Tensor> computeFrontier(List<Tensor> inputs, boolean training) {
        checkInputs(model, inputs);
        // The Sequential, as a layer, first converts floating inputs to its dtype.
        Tensor input = inputs.get(0);
        Tensor x = input.dtype().isFloating() && input.dtype() != model.dtype() ? input.toType(model.dtype()) : input;
        return List.of(callAll(prefix, x, input, training));
    }

    @Override
    public List<Tensor> runRest(List<Tensor> inputs, List<Tensor> frontier, boolean training) {
        checkInputs(model, inputs);
        return List.of(callAll(rest, frontier.get(0), frontier.get(0), training));
    }

    /** Calls {@code layers} in turn on {@code x}, freeing each intermediate once read, but never {@code given}. */
    private static Tensor callAll(List<Layer> layers, Tensor x, Tensor given, boolean training) {
        for (Layer l : layers) {
            Tensor next = l.call(x, training);
            if (x != given && next != x) {
                x.close();
            }
            x = next;
        }
        return x;
    }
}
