package dev.graft.bench;

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

    /** {@code value} in {@code format}, or {@code n/a} when it is NaN or infinite. */
    static String number(String format, double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "n/a";
    }
}
