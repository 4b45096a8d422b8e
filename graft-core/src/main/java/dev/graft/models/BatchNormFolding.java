package dev.graft.models;

import dev.graft.layers.BaseConv2D;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.SymbolicTensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, for one run of a graph, the convolutions whose output goes only to a BatchNormalization that
 * normalizes with its moving statistics: the pair then runs as one folded convolution
 * ({@link BaseConv2D#callFoldingBatchNorm}). The decision depends on the run's training mode and on each
 * normalization's {@code trainable} flag, so it is made per run; it costs one pass over the nodes.
 */
final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /**
     * The foldable pairs, normalization output to convolution output.
     *
     * @param nodes the nodes to compute, in execution order
     * @param known tensors whose values are given rather than computed
     * @param reads how many times each tensor will be read, the caller's reads of its targets included
     * @param training the run's training mode, inherited by nodes without a pinned mode
     */
    static Map<SymbolicTensor, SymbolicTensor> plan(List<SymbolicTensor> nodes, Set<SymbolicTensor> known,
            Map<SymbolicTensor, Integer> reads, boolean training) {
        Set<SymbolicTensor> computed = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<SymbolicTensor, SymbolicTensor> pairs = new IdentityHashMap<>();
        for (SymbolicTensor t : nodes) {
            SymbolicTensor.Node node = t.node();
            if (node.isInput() || known.contains(t)) {
                continue;
            }
            computed.add(t);
            if (!(node.layer() instanceof BatchNormalization bn) || node.inputs().size() != 1) {
                continue;
            }
            SymbolicTensor conv = node.inputs().get(0);
            boolean bnTraining = node.training() != null ? node.training() : training;
            if (computed.contains(conv) && conv.node().layer() instanceof BaseConv2D layer
                    && reads.getOrDefault(conv, 0) == 1 && layer.canFold(bn, bnTraining)) {
                pairs.put(t, conv);
            }
        }
        return pairs;
    }
}
