package dev.graft.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One mode's line of the comparison: Graft's figures, the peer's best (the faster of its memory formats; null
 * without a peer), and the analytic FLOPs of a step.
 *
 * @param mode         the mode
 * @param flopsPerStep the analytic convolution FLOPs of one step of 32 images
 * @param graft        Graft's figures
 * @param peer         the peer's figures in its faster format, or null
 * @param peerFormat   that format, or null
 */
record ModeRow(Mode mode, double flopsPerStep, Figures graft, Figures peer, String peerFormat) {

    /** The row from Graft's runs and the peer's runs by format (an empty map without a peer). */
    static ModeRow of(Mode mode, double flopsPerStep, List<ObjectNode> graftRuns,
            Map<String, List<ObjectNode>> peerRunsByFormat) {
        Figures best = null;
        String bestFormat = null;
        for (Map.Entry<String, List<ObjectNode>> e : peerRunsByFormat.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            Figures figures = Figures.of(e.getValue());
            if (best == null || figures.msPerStep() < best.msPerStep()) {
                best = figures;
                bestFormat = e.getKey();
            }
        }
        return new ModeRow(mode, flopsPerStep, Figures.of(graftRuns), best, bestFormat);
    }

    /** Graft's time per step over the peer's, or null without a peer. */
    Double timeRatio() {
        return peer == null ? null : graft.msPerStep() / peer.msPerStep();
    }

    /** Graft's peak resident memory over the peer's, or null without a peer. */
    Double memoryRatio() {
        return peer == null ? null : graft.peakRssMib() / peer.peakRssMib();
    }
}
