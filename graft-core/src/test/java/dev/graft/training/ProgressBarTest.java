package dev.graft.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now;

    private ProgressBar bar(long target, int verbose, boolean interactive) {
        return new ProgressBar(target, verbose, interactive, out, () -> now);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Double> logs(double loss, double accuracy) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", loss);
        logs.put("binary_accuracy", accuracy);
        return logs;
    }

    @Test
    void interactiveBarMatchesKerasWhileRunningAndAtTheEnd() {
        ProgressBar bar = bar(291, 1, true);
        // The first step takes 2 s (warm-up); the next 147 take 50 ms each, so the ETA uses 50 ms/step.
        now = 2_000_000_000L;
        bar.update(1, logs(0.7, 0.5));
        now += 147 * 50_000_000L;
        bar.update(148, logs(0.22234, 0.89864));
        String expectedRunning = "148/291 [==============>...............] - ETA: 7s - loss: 0.2223 - binary_accuracy: 0.8986";
        String[] frames = printed().split("\r");
        assertEquals(expectedRunning, frames[frames.length - 1].stripTrailing());

        now += 143 * 50_000_000L;
        Map<String, Double> end = logs(0.09451, 0.96083);
        end.put("val_loss", 0.07456);
        bar.finish(291, end);
        frames = printed().split("\r");
        assertEquals("291/291 [==============================] - 16s 50ms/step - loss: 0.0945 - binary_accuracy: 0.9608"
                + " - val_loss: 0.0746" + System.lineSeparator(), frames[frames.length - 1]);
    }

    @Test
    void shorterFrameIsPaddedToEraseThePreviousOne() {
        ProgressBar bar = bar(10, 1, true);
        now = 1_000_000_000L;
        Map<String, Double> many = logs(0.5, 0.5);
        many.put("extra_metric_with_a_long_name", 1.0);
        bar.update(1, many);
        now += 100_000_000L;
        bar.update(2, logs(0.5, 0.5));
        String[] frames = printed().split("\r");
        assertEquals(frames[1].length(), frames[2].length());
    }

    @Test
    void nonInteractiveWritesOneLineWithoutCarriageReturns() {
        ProgressBar bar = bar(3, 1, false);
        for (int step = 1; step <= 3; step++) {
            now += 1_000_000_000L;
            bar.update(step, logs(0.5, 0.75));
        }
        bar.finish(3, logs(0.5, 0.75));
        assertEquals("3/3 [==============================] - 3s 1s/step - loss: 0.5000 - binary_accuracy: 0.7500"
                + System.lineSeparator(), printed());
    }

    @Test
    void verboseTwoIsKerasShortLine() {
        ProgressBar bar = bar(20, 2, true);
        now = 1_000_000_000L;
        bar.update(20, logs(0.25, 1));
        bar.finish(20, logs(0.25, 1));
        assertEquals("20/20 - 1s - loss: 0.2500 - binary_accuracy: 1.0000 - 1s/epoch - 50ms/step"
                + System.lineSeparator(), printed());
    }

    @Test
    void unknownTargetShowsCountAndSmallValuesUseScientificNotation() {
        ProgressBar bar = bar(-1, 1, false);
        now = 2_000_000L;
        bar.finish(12, Map.of("loss", 0.00012345));
        assertEquals("     12/Unknown - 0s 167us/step - loss: 1.2345e-04" + System.lineSeparator(), printed());
    }

    @Test
    void etaUsesMinutesAndHours() {
        assertEquals("    2/10000 [..............................] - ETA: 2:46:38", lineAfterTwoSecondLongSteps(10_000));
        assertEquals("  2/100 [..............................] - ETA: 1:38", lineAfterTwoSecondLongSteps(100));
        assertEquals("10/100 [==>...........................] - ETA: 1:30", lineAfterSteps(100, 10).trim());
    }

    private String lineAfterTwoSecondLongSteps(long target) {
        return lineAfterSteps(target, 2);
    }

    /** The running line after {@code steps} steps of one second each. */
    private String lineAfterSteps(long target, int steps) {
        bytes.reset();
        now = 0;
        ProgressBar bar = bar(target, 1, true);
        for (int step = 1; step <= steps; step++) {
            now += 1_000_000_000L;
            bar.update(step, Map.of());
        }
        String all = printed();
        return all.substring(all.lastIndexOf('\r') + 1);
    }

    @Test
    void rejectsUnknownVerbosity() {
        assertThrows(IllegalArgumentException.class, () -> bar(1, 0, false));
    }

    @Test
    void formatsSpecialValuesLikePython() {
        assertEquals("nan", ProgressBar.formatValue(Double.NaN));
        assertEquals("inf", ProgressBar.formatValue(Double.POSITIVE_INFINITY));
        assertEquals("0.0000e+00", ProgressBar.formatValue(0));
        assertEquals("-0.5000", ProgressBar.formatValue(-0.5));
    }
}
