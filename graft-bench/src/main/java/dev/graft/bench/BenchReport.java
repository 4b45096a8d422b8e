package dev.graft.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** The printed tables of the benchmark. */
final class BenchReport {
    private BenchReport() {
    }

    /**
     * One row per mode: Graft's ms per step, images/s, GFLOP/s, share of the SGEMM peak and peak RSS; with the
     * peer, the same for its faster format and the ratios Graft / peer of time and of peak RSS.
     */
    static String stepTable(List<ModeRow> rows, double sgemmPeakGflops, boolean withPeer) {
        TextTable table = withPeer
                ? new TextTable("mode", "Graft ms/step", "img/s", "GFLOP/s", "%SGEMM", "peak RSS MiB",
                        "peer ms/step", "peer format", "img/s", "GFLOP/s", "%SGEMM", "peak RSS MiB", "time ratio",
                        "RSS ratio")
                : new TextTable("mode", "Graft ms/step", "img/s", "GFLOP/s", "%SGEMM", "peak RSS MiB");
        for (ModeRow row : rows) {
            String[] graft = side(row.graft(), row.flopsPerStep(), sgemmPeakGflops);
            if (!withPeer) {
                table.row(row.mode().label(), graft[0], graft[1], graft[2], graft[3], graft[4]);
                continue;
            }
            String[] peer = row.peer() == null ? new String[] {"n/a", "n/a", "n/a", "n/a", "n/a"}
                    : side(row.peer(), row.flopsPerStep(), sgemmPeakGflops);
            table.row(row.mode().label(), graft[0], graft[1], graft[2], graft[3], graft[4], peer[0],
                    row.peerFormat() == null ? "n/a" : row.peerFormat(), peer[1], peer[2], peer[3], peer[4],
                    Ratios.format(row.timeRatio()), Ratios.format(row.memoryRatio()));
        }
        return table.render();
    }

    private static String[] side(Figures figures, double flopsPerStep, double sgemmPeakGflops) {
        double gflops = figures.gflops(flopsPerStep);
        return new String[] {
            number("%.1f", figures.msPerStep()),
            number("%.2f", figures.imagesPerSecond()),
            number("%.1f", gflops),
            number("%.1f", 100 * gflops / sgemmPeakGflops),
            number("%.0f", figures.peakRssMib())
        };
    }

    /** The phase-1 epoch's line: its wall time against its steps' compute, and the 1.05 target. */
    static String epochLine(ObjectNode epoch) {
        double ratio = epoch.get("epoch_over_steps").asDouble();
        return String.format(Locale.ROOT, "phase-1 epoch of Xception 150 over %d photos (%d steps, default workers): "
                        + "epoch %.1f s, its steps' compute %.1f s: epoch / compute = %.3f (target <= 1.05: %s); "
                        + "median step %.1f ms; peak RSS %.0f MiB\n", epoch.get("images").asInt(),
                epoch.get("steps").asInt(), epoch.get("epoch_s").asDouble(), epoch.get("steps_sum_s").asDouble(),
                ratio, ratio <= 1.05 ? "met" : "NOT met", epoch.get("step_median_ms").asDouble(),
                epoch.get("peak_rss_mib").asDouble());
    }

    /** The reuse measurement: epoch 1 against the later epochs' mean, and the 10x target. */
    static String reuseText(ObjectNode reuse) {
        int epochs = reuse.get("epochs").asInt();
        double speedup = reuse.get("speedup").asDouble();
        return String.format(Locale.ROOT, "== frozen-prefix reuse: phase 1 of Xception 150, %d cached photos, no "
                        + "augmentation, %d epochs ==\nepoch 1 %.1f s, epochs 2..%d mean %.1f s: speedup %.2fx "
                        + "(target >= 10x: %s); peak RSS %.0f MiB\n", reuse.get("images").asInt(), epochs,
                reuse.get("first_epoch_s").asDouble(), epochs, reuse.get("later_epochs_mean_s").asDouble(), speedup,
                speedup >= 10 ? "met" : "NOT met", reuse.get("peak_rss_mib").asDouble());
    }

    /** {@code value} in {@code format}, or {@code n/a} when it is NaN or infinite. */
    static String number(String format, double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "n/a";
    }
}
