package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code graft bench}'s options; the benchmark itself is tested in graft-bench. */
class BenchCommandTest {

    @Test
    void helpListsTheOptions() {
        GraftRun run = GraftRun.of("bench", "--help");
        assertEquals(0, run.status(), run.transcript());
        for (String option : new String[] {"--rounds", "--iters", "--warmup", "--photos", "--quick", "--skip-peer",
                "--out", "--only", "--threads", "--max-idle-wait"}) {
            assertTrue(run.out().contains(option), option + " in\n" + run.transcript());
        }
    }

    @Test
    void badOptionsEndWithOneLineBeforeAnythingRuns() {
        GraftRun rounds = GraftRun.of("bench", "--rounds", "0");
        assertEquals(1, rounds.status(), rounds.transcript());
        assertEquals("graft: rounds must be at least 1, received 0", rounds.err().strip());
        GraftRun only = GraftRun.of("bench", "--only", "xception,gpu");
        assertEquals(1, only.status(), only.transcript());
        assertEquals("graft: Unknown benchmark section 'gpu'; use xception, mobilenet, pipeline, reuse or "
                + "distributed", only.err().strip());
        assertEquals("", only.out());
    }
}
