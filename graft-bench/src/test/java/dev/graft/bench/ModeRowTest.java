package dev.graft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModeRowTest {

    private static ObjectNode run(double medianMs, double peakRssMib) {
        return ResultLine.JSON.createObjectNode().put("median_ms", medianMs).put("peak_rss_mib", peakRssMib);
    }

    @Test
    void figuresAreMediansOverRounds() {
        Figures f = Figures.of(List.of(run(300, 1000), run(100, 1200), run(200, 900)));
        assertEquals(200, f.msPerStep());
        assertEquals(1000, f.peakRssMib());
        assertEquals(3, f.runs());
        // 32 images in 0.2 s; 6.4 GFLOP in 0.2 s.
        assertEquals(160, f.imagesPerSecond(), 1e-9);
        assertEquals(32, f.gflops(6.4e9), 1e-9);
    }

    @Test
    void thePeersFigureIsItsFasterFormatWithThatFormatsMemory() {
        Map<String, List<ObjectNode>> peer = new LinkedHashMap<>();
        peer.put("contiguous", List.of(run(500, 800), run(520, 820)));
        peer.put("channels_last", List.of(run(400, 1000), run(410, 1100)));
        ModeRow row = ModeRow.of(Mode.PHASE2, 1e9, List.of(run(330, 900), run(328, 950)), peer);
        assertEquals("channels_last", row.peerFormat());
        assertEquals(405, row.peer().msPerStep());
        // Graft 329 ms over the peer's 405 ms; 925 MiB over 1050 MiB.
        assertEquals(329.0 / 405.0, row.timeRatio(), 1e-12);
        assertEquals(925.0 / 1050.0, row.memoryRatio(), 1e-12);
    }

    @Test
    void withoutThePeerTheRatiosAreNull() {
        ModeRow row = ModeRow.of(Mode.INFERENCE, 1e9, List.of(run(10, 100)), Map.of());
        assertNull(row.peer());
        assertNull(row.timeRatio());
        assertNull(row.memoryRatio());
    }

    @Test
    void theRatiosLineHasTheExactFormat() {
        assertEquals("ratios (graft/peer): inference=0.93 phase1=0.91 phase2=1.20 memory=0.85",
                new Ratios(0.9349, 0.905, 1.2, 0.8512).line());
        assertEquals("ratios (graft/peer): inference=n/a phase1=n/a phase2=n/a memory=n/a",
                Ratios.unavailable().line());
        assertEquals("ratios (graft/peer): inference=1.00 phase1=n/a phase2=12.35 memory=n/a",
                new Ratios(0.999, null, 12.3456, Double.NaN).line());
    }
}
