package dev.graft.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The statistics the benchmark reports: medians over steps and over rounds. */
final class Stats {
    private Stats() {
    }

    /** The median of {@code values}: the middle value, or the mean of the two middle values. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("The median of no values is undefined");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(
                () -> new IllegalArgumentException("The minimum of no values is undefined"));
    }

    static double sum(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sum();
    }

    static double mean(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("The mean of no values is undefined");
        }
        return sum(values) / values.size();
    }
}
