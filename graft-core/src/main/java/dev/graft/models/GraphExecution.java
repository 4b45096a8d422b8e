package dev.graft.models;

import dev.graft.layers.BaseConv2D;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.SymbolicTensor;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates part of a graph: the one way a {@link Model} computes its nodes, used for whole calls and for
 * the two halves of a {@link FrozenPrefix}, so that every path gives the same bits.
 */
final class GraphExecution {
    private GraphExecution() {
    }

    /**
     * Computes {@code nodes} (in execution order; nodes whose value is {@code known} are skipped) and returns
     * the {@code targets}' values. A node without a pinned mode runs in {@code training}'s. A convolution
     * read only by an inference-mode BatchNormalization runs folded with it ({@link BatchNormFolding}).
     * Intermediates are freed after their last read, and whatever a layer makes besides its output when it
     * returns; known values are left to their owner.
     */
    static List<Tensor> evaluate(List<SymbolicTensor> nodes, Map<SymbolicTensor, Tensor> known,
            List<SymbolicTensor> targets, boolean training) {
        Map<SymbolicTensor, Integer> pendingReads = new IdentityHashMap<>();
        for (SymbolicTensor t : nodes) {
            if (!known.containsKey(t)) {
                t.node().inputs().forEach(in -> pendingReads.merge(in, 1, Integer::sum));
            }
        }
        targets.forEach(t -> pendingReads.merge(t, 1, Integer::sum)); // read by the caller: never freed here
        Map<SymbolicTensor, SymbolicTensor> folded = BatchNormFolding.plan(nodes, known.keySet(), pendingReads,
                training);
        Set<SymbolicTensor> foldedConvolutions = Collections.newSetFromMap(new IdentityHashMap<>());
        foldedConvolutions.addAll(folded.values());
        Set<Tensor> provided = Collections.newSetFromMap(new IdentityHashMap<>());
        provided.addAll(known.values());
        Map<SymbolicTensor, Tensor> computed = new IdentityHashMap<>(known);
        for (SymbolicTensor t : nodes) {
            if (computed.containsKey(t) || foldedConvolutions.contains(t)) {
                continue; // a folded convolution is computed by the normalization that reads it
            }
            SymbolicTensor conv = folded.get(t);
            List<SymbolicTensor> reads = conv == null ? t.node().inputs() : conv.node().inputs();
            List<Tensor> args = reads.stream().map(computed::get).toList();
            Tensor out = call(t.node(), conv, args, training);
            computed.put(t, out);
            for (SymbolicTensor in : reads) {
                Tensor value = computed.get(in);
                if (pendingReads.merge(in, -1, Integer::sum) == 0 && !provided.contains(value) && value != out) {
                    value.close();
                }
            }
        }
        return targets.stream().map(computed::get).toList();
    }

    private static Tensor call(SymbolicTensor.Node node, SymbolicTensor conv, List<Tensor> args, boolean training) {
        boolean mode = node.training() != null ? node.training() : training;
        // Whatever a layer makes besides its output is freed when it returns, not with the step: autograd
        // keeps what the backward pass needs and releases it as that pass goes, which lowers peak memory.
        try (TensorScope layerScope = TensorScope.open()) {
            Tensor out;
            if (conv != null) {
                out = ((BaseConv2D) conv.node().layer()).callFoldingBatchNorm(args.get(0),
                        (BatchNormalization) node.layer());
            } else if (args.size() == 1) {
                out = node.layer().call(args.get(0), mode);
            } else {
                out = node.layer().call(args, mode);
            }
            return layerScope.keep(out);
        }
    }
}
