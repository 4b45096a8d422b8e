package dev.graft.callbacks;

import static dev.graft.callbacks.CallbackFixtures.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.callbacks.CallbackFixtures.Captured;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorCallbackTest {

    /** The smallest subclass: exposes the protected helpers to the test. */
    private static final class Probe extends MonitorCallback {
        private Probe(Builder b) {
            super(b, b.minDelta);
        }

        @Override
        protected String missingMonitorMessage(Map<String, Double> logs) {
            return "no " + monitor() + " among " + logs.keySet();
        }

        private static final class Builder extends MonitorCallback.Builder<Builder> {
            private double minDelta;

            @Override
            protected Builder self() {
                return this;
            }

            Builder minDelta(double minDelta) {
                this.minDelta = minDelta;
                return this;
            }

            Probe build() {
                return new Probe(this);
            }
        }
    }

    private static Probe.Builder probe() {
        return new Probe.Builder();
    }

    @Test
    void improvementMustBeatTheReferenceByMoreThanMinDelta() {
        // Min mode: value + minDelta < reference, i.e. 0.85 + 0.1 < 1.0 but not 0.95 + 0.1.
        Probe min = probe().optMonitor("loss").minDelta(0.1).build();
        assertFalse(min.maximizes());
        assertTrue(min.isImprovement(0.85, 1.0));
        assertFalse(min.isImprovement(0.95, 1.0));
        assertFalse(min.isImprovement(1.0, 1.0));
        // Max mode: value - minDelta > reference; a negative minDelta counts by its absolute value.
        Probe max = probe().optMonitor("val_accuracy").minDelta(-0.1).build();
        assertTrue(max.maximizes());
        assertTrue(max.isImprovement(0.75, 0.6));
        assertFalse(max.isImprovement(0.65, 0.6));
        // Any value beats a missing reference, and every finite one beats the starting best.
        assertTrue(min.isImprovement(5.0, null));
        assertEquals(Double.POSITIVE_INFINITY, min.worstValue());
        assertEquals(Double.NEGATIVE_INFINITY, max.worstValue());
        assertTrue(max.isImprovement(-1e300, max.worstValue()));
    }

    @Test
    void modeByKerasNameOverridesTheNameRule() {
        assertTrue(probe().optMonitor("loss").optMode("max").build().maximizes());
        assertFalse(probe().optMonitor("val_auc").optMode("MIN").build().maximizes());
        assertTrue(probe().optMonitor("val_auc").optMode("auto").build().maximizes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> probe().optMode("up"));
        assertTrue(e.getMessage().contains("\"auto\", \"min\" or \"max\", received \"up\""), e.getMessage());
    }

    @Test
    void aMissingMonitorWarnsOncePerTrainingRun() {
        Captured out = new Captured();
        Probe probe = probe().optOutput(out.stream).build();
        assertNull(probe.monitoredValue(logs("loss", 1.0)));
        assertNull(probe.monitoredValue(logs("loss", 2.0)));
        assertEquals(3.0, probe.monitoredValue(logs("val_loss", 3.0)));
        assertEquals("WARNING: no val_loss among [loss]\n", out.text());
        probe.onTrainBegin(logs());
        probe.monitoredValue(logs("loss", 1.0));
        assertEquals("WARNING: no val_loss among [loss]\nWARNING: no val_loss among [loss]\n", out.text());
    }

    @Test
    void messagesArePrintedOnlyWhenVerbose() {
        Captured out = new Captured();
        probe().optOutput(out.stream).build().say("quiet");
        probe().optOutput(out.stream).optVerbose(true).build().say("loud");
        assertEquals("loud\n", out.text());
    }

    @Test
    void invalidSharedOptionsNameTheCallback() {
        IllegalArgumentException monitor = assertThrows(IllegalArgumentException.class,
                () -> probe().optMonitor("").build());
        assertTrue(monitor.getMessage().startsWith("Probe needs the name of a logged quantity"), monitor.getMessage());
        IllegalArgumentException output = assertThrows(IllegalArgumentException.class,
                () -> probe().optOutput(null).build());
        assertTrue(output.getMessage().contains("output=null"), output.getMessage());
        IllegalArgumentException delta = assertThrows(IllegalArgumentException.class,
                () -> probe().minDelta(Double.POSITIVE_INFINITY).build());
        assertTrue(delta.getMessage().contains("finite minDelta, received Infinity"), delta.getMessage());
        IllegalStateException noModel = assertThrows(IllegalStateException.class, () -> probe().build().model());
        assertTrue(noModel.getMessage().startsWith("Probe has no model"), noModel.getMessage());
    }
}
