package dev.graft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The child-JVM path on a tiny model: one phase-2 step of MobileNet(alpha=0.25) at 32x32. */
class ChildProcessTest {

    @Test
    void aChildJvmTimesAStepAndReportsItsPeakMemory() {
        ChildArgs args = ChildArgs.of(Map.of("workload", "mobilenet:32", "mode", "phase2", "iters", "1",
                "warmup", "0", "threads", "1"));
        List<String> command = ChildJvm.command("step", args, null);
        ObjectNode r = Command.result(command, Duration.ofMinutes(5), "the test's child");
        assertEquals("step", r.get("task").asText());
        assertEquals("phase2", r.get("mode").asText());
        assertEquals(1, r.get("threads").asInt());
        assertEquals(1, r.get("times_ms").size());
        assertTrue(r.get("median_ms").asDouble() > 0, r.toString());
        // Keras' MobileNet(alpha=0.25) without top: 218,544 weights, 5,472 of them BatchNormalization statistics.
        assertEquals(218_544, r.get("base_params").asLong());
        assertEquals(5_472, r.get("base_non_trainable_params").asLong());
        double peak = r.get("peak_rss_mib").asDouble();
        double afterBuild = r.get("rss_after_build_mib").asDouble();
        assertTrue(afterBuild > 50 && peak >= afterBuild, "after build " + afterBuild + " MiB, peak " + peak + " MiB");
        assertTrue(Double.isFinite(r.get("logit_mean").asDouble()), r.toString());
    }

    @Test
    void aFailingChildIsReportedWithItsOutput() {
        List<String> command = ChildJvm.command("nonsense", ChildArgs.of(Map.of("threads", "1")), null);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Command.result(command, Duration.ofMinutes(2), "the test's child"));
        assertTrue(e.getMessage().startsWith("the test's child failed with exit status 1"), e.getMessage());
        assertTrue(e.getMessage().contains("Unknown task 'nonsense'"), e.getMessage());
    }

    @Test
    void childArgumentsRoundTrip() {
        ChildArgs args = ChildArgs.parse(List.of("workload=xception:150", "iters=5"));
        assertEquals(List.of("workload=xception:150", "iters=5"), args.words());
        assertEquals(5, args.integer("iters"));
        assertEquals(Workload.xception(), Workload.parse(args.string("workload")));
        assertEquals(Mode.PHASE2, Mode.of("phase2"));
    }
}
