package dev.graft.models;

import dev.graft.layers.Layer;
import dev.graft.layers.SymbolicTensor;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The frozen prefix of a functional {@link Model}: a set of its graph's nodes, split off at the frontier. */
final class GraphPrefix extends FrozenPrefix {
    private final Model model;
    /** The prefix's layer calls (model inputs excluded), in execution order. */
    private final List<SymbolicTensor> prefixNodes;
    /** The other calls, in execution order. */
    private final List<SymbolicTensor> restNodes;
    private final List<SymbolicTensor> frontier;

    private GraphPrefix(Model model, List<SymbolicTensor> prefixNodes, List<SymbolicTensor> restNodes,
            List<SymbolicTensor> frontier) {
        this.model = model;
        this.prefixNodes = prefixNodes;
        this.restNodes = restNodes;
        this.frontier = frontier;
    }

    static Optional<FrozenPrefix> find(Model model) {
        Set<SymbolicTensor> inPrefix = identitySet(model.inputs());
        List<SymbolicTensor> prefixNodes = new ArrayList<>();
        List<SymbolicTensor> restNodes = new ArrayList<>();
        for (SymbolicTensor t : model.executionOrder()) {
            if (t.node().isInput()) {
                continue;
            }
            if (inPrefix.containsAll(t.node().inputs()) && isFrozenInTraining(t.node())) {
                inPrefix.add(t);
                prefixNodes.add(t);
            } else {
                restNodes.add(t);
            }
        }
        Set<SymbolicTensor> readByRest = identitySet(model.outputs());
        restNodes.forEach(t -> readByRest.addAll(t.node().inputs()));
        // Inputs the rest reads come with every batch: only computed prefix tensors are worth storing.
        List<SymbolicTensor> frontier = prefixNodes.stream().filter(readByRest::contains).toList();
        GraphPrefix prefix = new GraphPrefix(model, prefixNodes, restNodes, frontier);
        return frontier.isEmpty() || !anyWeights(prefix.layers()) ? Optional.empty() : Optional.of(prefix);
    }

    /** A call's mode during fit: the one pinned when the graph was built, else training. */
    private static boolean isFrozenInTraining(SymbolicTensor.Node node) {
        return node.layer().isFrozenFunction(node.training() == null || node.training());
    }

    @Override
    public List<Layer> layers() {
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return prefixNodes.stream().map(t -> t.node().layer()).filter(seen::add).toList();
    }

    @Override
    public boolean isStillFrozen() {
        return prefixNodes.stream().allMatch(t -> isFrozenInTraining(t.node()));
    }

    @Override
    public List<Shape> frontierShapes() {
        return frontier.stream().map(SymbolicTensor::shape).toList();
    }

    @Override
    public List<Tensor> computeFrontier(List<Tensor> inputs, boolean training) {
        checkInputs(model, inputs);
        return evaluate(prefixNodes, known(inputs, List.of()), frontier, training);
    }

    @Override
    public List<Tensor> runRest(List<Tensor> inputs, List<Tensor> frontierValues, boolean training) {
        checkInputs(model, inputs);
        if (frontierValues.size() != frontier.size()) {
            throw new IllegalArgumentException("The frozen prefix of model '" + model.name() + "' has "
                    + frontier.size() + " frontier tensors " + frontierShapes() + ", received " + frontierValues.size()
                    + " values");
        }
        return evaluate(restNodes, known(inputs, frontierValues), model.outputs(), training);
    }

    private Map<SymbolicTensor, Tensor> known(List<Tensor> inputs, List<Tensor> frontierValues) {
        Map<SymbolicTensor, Tensor> known = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            known.put(model.inputs().get(i), inputs.get(i));
        }
        for (int i = 0; i < frontierValues.size(); i++) {
            known.put(frontier.get(i), frontierValues.get(i));
        }
        return known;
    }

    /**
     * Computes {@code nodes} (in execution order) from the {@code known} values, each call as {@link Model}
     * makes it, and returns the {@code targets}' values. Intermediates are freed after their last read, as
     * the model frees them; the known values are left to their owner.
     */
    private static List<Tensor> evaluate(List<SymbolicTensor> nodes, Map<SymbolicTensor, Tensor> known,
            List<SymbolicTensor> targets, boolean training) {
        Map<SymbolicTensor, Integer> pendingReads = new IdentityHashMap<>();
        nodes.forEach(t -> t.node().inputs().forEach(in -> pendingReads.merge(in, 1, Integer::sum)));
        targets.forEach(t -> pendingReads.merge(t, 1, Integer::sum)); // read by the caller: never freed here
        Set<Tensor> provided = Collections.newSetFromMap(new IdentityHashMap<>());
        provided.addAll(known.values());
        Map<SymbolicTensor, Tensor> computed = new IdentityHashMap<>(known);
        for (SymbolicTensor t : nodes) {
            SymbolicTensor.Node node = t.node();
            List<Tensor> args = node.inputs().stream().map(computed::get).toList();
            boolean mode = node.training() != null ? node.training() : training;
            Tensor out = args.size() == 1 ? node.layer().call(args.get(0), mode) : node.layer().call(args, mode);
            computed.put(t, out);
            for (SymbolicTensor in : node.inputs()) {
                Tensor value = computed.get(in);
                if (pendingReads.merge(in, -1, Integer::sum) == 0 && !provided.contains(value) && value != out) {
                    value.close();
                }
            }
        }
        return targets.stream().map(computed::get).toList();
    }

    private static Set<SymbolicTensor> identitySet(List<SymbolicTensor> tensors) {
        Set<SymbolicTensor> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(tensors);
        return set;
    }
}
