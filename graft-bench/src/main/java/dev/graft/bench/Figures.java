package dev.graft.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One side's figures for one mode: the median over rounds of each run's median step time, and of each run's
 * peak resident memory.
 *
 * @param msPerStep  milliseconds per step of 32 images
 * @param peakRssMib peak resident memory of the measuring process, MiB
 * @param runs       the number of runs (rounds) behind the medians
 */
record Figures(double msPerStep, double peakRssMib, int runs) {

    /** The medians of the runs' {@code median_ms} and {@code peak_rss_mib}, as both sides report them. */
    static Figures of(List<ObjectNode> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("No runs to summarize");
        }
        return new Figures(Stats.median(runs.stream().map(r -> number(r, "median_ms")).toList()),
                Stats.median(runs.stream().map(r -> number(r, "peak_rss_mib")).toList()), runs.size());
    }

    private static double number(ObjectNode run, String field) {
        if (!run.hasNonNull(field) || !run.get(field).isNumber()) {
            throw new IllegalArgumentException("A run's result has no number '" + field + "': " + run);
        }
        return run.get(field).asDouble();
    }

    double imagesPerSecond() {
        return Workload.BATCH / (msPerStep / 1000);
    }

    /** Achieved GFLOP/s for {@code flopsPerStep} FLOPs per step. */
    double gflops(double flopsPerStep) {
        return flopsPerStep / (msPerStep / 1000) / 1e9;
    }
}
