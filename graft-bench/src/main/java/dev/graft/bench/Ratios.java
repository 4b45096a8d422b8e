package dev.graft.bench;

import java.util.Locale;

/**
 * The four ratios that runs are compared by, Graft over the peer: time per step in each mode, and the peak
 * resident memory of phase 2. A ratio is null (printed {@code n/a}) when the peer was not measured.
 */
record Ratios(Double inference, Double phase1, Double phase2, Double memory) {

    static Ratios unavailable() {
        return new Ratios(null, null, null, null);
    }

    /** The last line, e.g. {@code ratios (graft/peer): inference=0.93 phase1=0.91 phase2=1.20 memory=0.85}. */
    String line() {
        return "ratios (graft/peer): inference=" + format(inference) + " phase1=" + format(phase1) + " phase2="
                + format(phase2) + " memory=" + format(memory);
    }

    static String format(Double ratio) {
        return ratio == null || ratio.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
