package dev.graft.bench;

import java.util.Locale;

/** A part of the benchmark that {@code --only} can choose. */
public enum BenchSection {
    /** The guide's workload: Xception 150x150, the three modes, against the peer, with the SGEMM figures. */
    XCEPTION,
    /** MobileNet(alpha=0.25) at 224x224, the three modes (the peer has no MobileNet). */
    MOBILENET,
    /** The input pipeline on the shared photos: throughput with 1 and 2 workers, and a phase-1 epoch fed by it. */
    PIPELINE,
    /** A 3-epoch phase-1 fit on deterministic photos: epochs 2..n against the first. */
    REUSE,
    /**
     * Data-parallel training on the shared photos with 1, 2 and 4 local worker processes, and the loopback
     * all-reduce of Xception's gradients between 2.
     */
    DISTRIBUTED;

    /** The section named {@code name} (any case), e.g. {@code xception}. */
    public static BenchSection of(String name) {
        for (BenchSection section : values()) {
            if (section.name().equalsIgnoreCase(name.strip())) {
                return section;
            }
        }
        throw new IllegalArgumentException("Unknown benchmark section '" + name
                + "'; use xception, mobilenet, pipeline, reuse or distributed");
    }

    /** The lower-case name, as {@code --only} takes it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
