package dev.graft.saving;

import dev.graft.layers.Layer;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A functional model's graph in the order Keras gives it ({@code map_graph} of {@code keras.src.ops.function}):
 * the order of {@code config.json}'s {@code layers} and of the weight groups {@code layers/<name>} in
 * {@code model.weights.h5}. Keras recomputes this order from the graph when it loads a file, so a file is
 * read back right only if it was written in it. Each call of a layer is identified by the tensor it returned.
 */
final class KerasGraph {
    private final List<Layer> layers;
    private final Map<Layer, List<SymbolicTensor>> calls;

    private KerasGraph(List<Layer> layers, Map<Layer, List<SymbolicTensor>> calls) {
        this.layers = layers;
        this.calls = calls;
    }

    static KerasGraph of(Model model) {
        // Depth-first from the outputs, as Keras' _build_map: each layer's index is the order it is first met
        // in, each call is listed after the calls it reads.
        Map<Layer, Integer> firstSeen = new IdentityHashMap<>();
        Set<SymbolicTensor> finished = Collections.newSetFromMap(new IdentityHashMap<>());
        List<SymbolicTensor> postOrder = new ArrayList<>();
        for (SymbolicTensor output : model.outputs()) {
            visit(output, firstSeen, finished, postOrder);
        }

        // Depths from the outputs (0) back to the inputs; a layer called several times is as deep as its
        // deepest call, and the calls it reads deeper still.
        Map<SymbolicTensor, Integer> callDepth = new IdentityHashMap<>();
        Map<Layer, Integer> layerDepth = new LinkedHashMap<>();
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            SymbolicTensor call = postOrder.get(i);
            Layer layer = call.node().layer();
            int depth = Math.max(callDepth.getOrDefault(call, 0), layerDepth.getOrDefault(layer, 0));
            layerDepth.put(layer, depth);
            callDepth.put(call, depth);
            for (SymbolicTensor input : call.node().inputs()) {
                callDepth.put(input, Math.max(depth + 1, callDepth.getOrDefault(input, 0)));
            }
        }
        Map<Layer, List<SymbolicTensor>> calls = new IdentityHashMap<>();
        for (SymbolicTensor call : postOrder) {
            calls.computeIfAbsent(call.node().layer(), l -> new ArrayList<>()).add(call);
        }
        // Inputs the outputs do not depend on still belong to the model, first among the shallowest.
        for (SymbolicTensor input : model.inputs()) {
            Layer layer = input.node().layer();
            if (!layerDepth.containsKey(layer)) {
                layerDepth.put(layer, 0);
                firstSeen.put(layer, -1);
                calls.put(layer, List.of(input));
            }
        }

        // Deepest first; within a depth, in the order first met.
        Map<Integer, List<Layer>> byDepth = new TreeMap<>(Comparator.reverseOrder());
        layerDepth.forEach((layer, depth) -> byDepth.computeIfAbsent(depth, d -> new ArrayList<>()).add(layer));
        List<Layer> ordered = new ArrayList<>();
        for (List<Layer> sameDepth : byDepth.values()) {
            sameDepth.sort(Comparator.comparingInt(firstSeen::get));
            ordered.addAll(sameDepth);
        }
        return new KerasGraph(List.copyOf(ordered), calls);
    }

    /** The recursive walk of Keras' {@code _build_map_helper}, with an explicit stack: graphs may be deep. */
    private static void visit(SymbolicTensor root, Map<Layer, Integer> firstSeen, Set<SymbolicTensor> finished,
                              List<SymbolicTensor> postOrder) {
        Deque<SymbolicTensor> path = new ArrayDeque<>();
        Deque<Integer> nextInput = new ArrayDeque<>();
        path.push(root);
        nextInput.push(0);
        while (!path.isEmpty()) {
            SymbolicTensor t = path.peek();
            int next = nextInput.pop();
            if (next == 0) {
                if (finished.contains(t)) {
                    path.pop();
                    continue;
                }
                firstSeen.putIfAbsent(t.node().layer(), firstSeen.size());
            }
            List<SymbolicTensor> inputs = t.node().inputs();
            if (next < inputs.size()) {
                nextInput.push(next + 1);
                path.push(inputs.get(next));
                nextInput.push(0);
            } else {
                path.pop();
                if (finished.add(t)) {
                    postOrder.add(t);
                }
            }
        }
    }

    /** The model's layers in Keras' order: inputs first, then by decreasing distance to the outputs. */
    List<Layer> layers() {
        return layers;
    }

    /** The calls of {@code layer} in this model, in the order its {@code inbound_nodes} list them. */
    List<SymbolicTensor> calls(Layer layer) {
        return calls.get(layer);
    }

    /** The index of the call that returned {@code t} among its layer's calls: Keras' node index. */
    int callIndex(SymbolicTensor t) {
        List<SymbolicTensor> ofLayer = calls.get(t.node().layer());
        for (int i = 0; i < ofLayer.size(); i++) {
            if (ofLayer.get(i) == t) {
                return i;
            }
        }
        throw new IllegalStateException("Tensor " + t + " is not computed by this model");
    }
}
