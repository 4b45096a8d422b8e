package dev.graft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void textTableAlignsColumns() {
        String text = new TextTable("mode", "ms", "ratio").row("inference", "2501.3", "0.93").row("phase 2", "12.0",
                "n/a").render();
        assertEquals(""
                + "mode           ms  ratio\n"
                + "------------------------\n"
                + "inference  2501.3   0.93\n"
                + "phase 2      12.0    n/a\n", text);
    }

    @Test
    void textTableRefusesRowsOfTheWrongWidth() {
        assertThrows(IllegalArgumentException.class, () -> new TextTable("a", "b").row("only one"));
    }

    @Test
    void stepTableWithPeer() {
        // 3.2 GFLOP per step in 100 ms is 32 GFLOP/s, 50% of a 64 GFLOP/s peak; in 80 ms, 40 GFLOP/s, 62.5%.
        ModeRow row = new ModeRow(Mode.PHASE1, 3.2e9, new Figures(100, 1024.4, 3), new Figures(80, 2048, 3),
                "channels_last");
        ModeRow noPeer = new ModeRow(Mode.INFERENCE, 3.2e9, new Figures(100, 1000, 1), null, null);
        String text = BenchReport.stepTable(List.of(noPeer, row), 64, true);
        String[] lines = text.split("\n");
        assertEquals(4, lines.length);
        assertEquals(List.of("inference", "100.0", "320.00", "32.0", "50.0", "1000", "n/a", "n/a", "n/a", "n/a",
                "n/a", "n/a", "n/a", "n/a"), List.of(lines[2].trim().split("\\s{2,}")));
        assertEquals(List.of("phase 1", "100.0", "320.00", "32.0", "50.0", "1024", "80.0", "channels_last",
                "400.00", "40.0", "62.5", "2048", "1.25", "0.50"), List.of(lines[3].trim().split("\\s{2,}")));
    }

    @Test
    void stepTableWithoutPeerHasGraftsColumnsOnly() {
        ModeRow row = new ModeRow(Mode.PHASE2, 3.2e9, new Figures(200, 300, 1), null, null);
        String text = BenchReport.stepTable(List.of(row), Double.NaN, false);
        String[] lines = text.split("\n");
        assertEquals(List.of("mode", "Graft ms/step", "img/s", "GFLOP/s", "%SGEMM", "peak RSS MiB"),
                List.of(lines[0].trim().split("\\s{2,}")));
        // No SGEMM figure: the share is n/a.
        assertEquals(List.of("phase 2", "200.0", "160.00", "16.0", "n/a", "300"),
                List.of(lines[2].trim().split("\\s{2,}")));
    }

    @Test
    void epochLineSaysWhetherTrainingWaitedForData() {
        ObjectNode epoch = ResultLine.JSON.createObjectNode().put("images", 640).put("steps", 20)
                .put("epoch_s", 52.5).put("steps_sum_s", 50.0).put("epoch_over_steps", 1.05)
                .put("step_median_ms", 2500.0).put("peak_rss_mib", 1400.4);
        assertEquals("phase-1 epoch of Xception 150 over 640 photos (20 steps, default workers): epoch 52.5 s, its "
                + "steps' compute 50.0 s: epoch / compute = 1.050 (target <= 1.05: met); median step 2500.0 ms; "
                + "peak RSS 1400 MiB\n", BenchReport.epochLine(epoch));
        epoch.put("epoch_over_steps", 1.2);
        assertTrue(BenchReport.epochLine(epoch).contains("= 1.200 (target <= 1.05: NOT met)"));
    }

    @Test
    void reuseTextGivesTheSpeedupAgainstTheTarget() {
        ObjectNode reuse = ResultLine.JSON.createObjectNode().put("images", 640).put("epochs", 3)
                .put("first_epoch_s", 50.0).put("later_epochs_mean_s", 4.0).put("speedup", 12.5)
                .put("peak_rss_mib", 1500.0);
        assertEquals("== frozen-prefix reuse: phase 1 of Xception 150, 640 cached photos, no augmentation, 3 epochs "
                + "==\nepoch 1 50.0 s, epochs 2..3 mean 4.0 s: speedup 12.50x (target >= 10x: met); peak RSS "
                + "1500 MiB\n", BenchReport.reuseText(reuse));
        reuse.put("speedup", 9.99);
        assertTrue(BenchReport.reuseText(reuse).contains("speedup 9.99x (target >= 10x: NOT met)"));
    }
}
