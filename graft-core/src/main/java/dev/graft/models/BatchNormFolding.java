package dev.graft.models;

import dev.graft.layers.BaseConv2D;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.SymbolicTensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
     * @param order the graph's nodes in topological order
     * @param reads how many nodes read each tensor
     * @param outputs the graph's outputs, which must be computed as themselves
     * @param training the run's training mode, inherited by nodes without a pinned mode
     */
    static Map<SymbolicTensor, SymbolicTensor> plan(List<SymbolicTensor> order, Map<SymbolicTensor, Integer> reads,
            List<SymbolicTensor> outputs, boolean training) {
        Map<SymbolicTensor, SymbolicTensor> pairs = new IdentityHashMap<>();
        for (SymbolicTensor t : order) {
            SymbolicTensor.Node node = t.node();
            if (node.isInput() || !(node.layer() instanceof BatchNormalization bn) || node.inputs().size() != 1) {
                continue;
            }
            SymbolicTensor conv = node.inputs().get(0);
            boolean bnTraining = node.training() != null ? node.training() : training;
            if (!conv.node().isInput() && conv.node().layer() instanceof BaseConv2D layer
                    && reads.getOrDefault(conv, 0) == 1 && !outputs.contains(conv)
                    && layer.canFold(bn, bnTraining)) {
                pairs.put(t, conv);
            }
        }
        return pairs;
    }
}
