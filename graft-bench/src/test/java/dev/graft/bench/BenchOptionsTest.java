package dev.graft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void fullRunDefaults() {
        BenchOptions o = BenchOptions.parse();
        assertEquals(3, o.rounds());
        assertEquals(5, o.iters());
        assertEquals(1, o.warmup());
        assertEquals(640, o.photos());
        assertEquals(30, o.maxIdleWaitSeconds());
        assertEquals(EnumSet.allOf(BenchSection.class), o.only());
        assertFalse(o.skipPeer());
        assertNull(o.out());
        assertNull(o.threads());
    }

    @Test
    void quickCountsGiveWayToExplicitOnes() {
        BenchOptions o = BenchOptions.parse("--quick", "--iters", "4");
        assertTrue(o.quick());
        assertEquals(1, o.rounds());
        assertEquals(4, o.iters());
        assertEquals(64, o.photos());
        assertEquals(5, o.maxIdleWaitSeconds());
        assertEquals(1, o.idleSeconds());
    }

    @Test
    void parsesEveryOption() {
        BenchOptions o = BenchOptions.parse("--rounds=2", "--warmup", "0", "--photos", "96", "--skip-peer", "--out",
                "r.json", "--only", "xception,REUSE", "--threads", "1", "--max-idle-wait", "2.5");
        assertEquals(2, o.rounds());
        assertEquals(0, o.warmup());
        assertEquals(96, o.photos());
        assertTrue(o.skipPeer());
        assertEquals(Path.of("r.json"), o.out());
        assertEquals(Set.of(BenchSection.XCEPTION, BenchSection.REUSE), o.only());
        assertTrue(o.runs(BenchSection.REUSE));
        assertFalse(o.runs(BenchSection.PIPELINE));
        assertEquals(1, o.threads());
        assertEquals(2.5, o.maxIdleWaitSeconds());
    }

    @Test
    void badValuesAreReported() {
        assertEquals("rounds must be at least 1, received 0",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--rounds", "0")).getMessage());
        assertEquals("--iters needs an integer, received 'many'",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--iters", "many")).getMessage());
        assertEquals("Option --out needs a value",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--out")).getMessage());
        assertEquals("Unknown benchmark section 'gpu'; use xception, mobilenet, pipeline, reuse or "
                + "distributed",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--only", "gpu")).getMessage());
        assertEquals("photos must be at least 32, received 10",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--photos", "10")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--fast")).getMessage()
                .startsWith("Unknown option '--fast'"));
    }
}
