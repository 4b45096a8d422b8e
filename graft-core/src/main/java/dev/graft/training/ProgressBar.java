package dev.graft.training;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keras' progress bar for one epoch (or one evaluate/predict pass):
 * <pre>
 * 148/291 [==============&gt;...............] - ETA: 7s - loss: 0.2223 - binary_accuracy: 0.8986
 * 291/291 [==============================] - 16s 56ms/step - loss: 0.0945 - binary_accuracy: 0.9608
 * </pre>
 * On a terminal ({@code interactive}) the line is rewritten in place with a carriage return while the epoch
 * runs; otherwise only the final line is written, so logs get one line per epoch. With {@code verbose == 2}
 * the final line is Keras' short form: {@code 291/291 - 16s - loss: 0.0945 - 16s/epoch - 56ms/step}.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REFRESH_NANOS = 50_000_000L;

    private final long target;
    private final int verbose;
    private final boolean interactive;
    private final PrintStream out;
    private final LongSupplier clock;
    private final long start;
    private long timeAfterFirstStep = -1;
    private long lastUpdate;
    private int previousWidth;

    /**
     * @param target      the number of steps, or -1 when unknown
     * @param verbose     1 for the bar, 2 for one short line at the end
     * @param interactive whether {@code out} is a terminal that honours carriage returns
     * @param clock       nanosecond clock ({@code System::nanoTime}; tests pass their own)
     */
    public ProgressBar(long target, int verbose, boolean interactive, PrintStream out, LongSupplier clock) {
        if (verbose != 1 && verbose != 2) {
            throw new IllegalArgumentException("A progress bar has verbose 1 or 2, received " + verbose);
        }
        this.target = target;
        this.verbose = verbose;
        this.interactive = interactive;
        this.out = out;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastUpdate = start - REFRESH_NANOS; // the first update is always drawn
    }

    /** Reports that {@code current} steps are done; {@code values} are the running means to show. */
    public void update(long current, Map<String, Double> values) {
        long now = clock.getAsLong();
        double perStep = secondsPerStep(current, now);
        if (!interactive || verbose != 1 || now - lastUpdate < REFRESH_NANOS) {
            return;
        }
        lastUpdate = now;
        StringBuilder line = new StringBuilder(bar(current));
        if (target > 0) {
            line.append(" - ETA: ").append(eta(perStep * (target - current)));
        } else {
            line.append(" - " + fixed((now - start) / 1e9, 0) + "s").append(formatTime(perStep));
        }
        appendValues(line, values);
        write(line, false);
    }

    /** Writes the final line for {@code current} steps (the whole epoch) with {@code values}, and a newline. */
    public void finish(long current, Map<String, Double> values) {
        long now = clock.getAsLong();
        double perStep = secondsPerStep(current, now);
        double elapsed = (now - start) / 1e9;
        StringBuilder line = new StringBuilder();
        if (verbose == 1) {
            line.append(bar(current)).append(" - " + fixed(elapsed, 0) + "s").append(formatTime(perStep));
            appendValues(line, values);
        } else {
            line.append(count(current)).append(" - " + fixed(elapsed, 0) + "s");
            appendValues(line, values);
            line.append(" -").append(formatTime(elapsed, "epoch"));
            line.append(" -").append(formatTime(current == 0 ? 0 : elapsed / current, "step"));
        }
        write(line, true);
    }

    private void write(StringBuilder line, boolean last) {
        if (interactive && verbose == 1) {
            int width = line.length();
            if (previousWidth > width) {
                line.append(" ".repeat(previousWidth - width));
            }
            previousWidth = width;
            line.insert(0, '\r');
        }
        if (last) {
            line.append(System.lineSeparator());
        }
        out.print(line);
        out.flush();
    }

    /** Keras' estimate: the first step (which includes warm-up) is left out once there are more. */
    private double secondsPerStep(long current, long now) {
        if (current <= 0) {
            return 0;
        }
        double perStep = timeAfterFirstStep >= 0 && current > 1
                ? (now - timeAfterFirstStep) / 1e9 / (current - 1)
                : (now - start) / 1e9 / current;
        if (current == 1) {
            timeAfterFirstStep = now;
        }
        return perStep;
    }

    private String count(long current) {
        if (target <= 0) {
            return String.format(Locale.ROOT, "%7d/Unknown", current);
        }
        int digits = (int) Math.floor(Math.log10(target)) + 1;
        return String.format(Locale.ROOT, "%" + digits + "d/%d", current, target);
    }

    private String bar(long current) {
        if (target <= 0) {
            return count(current);
        }
        StringBuilder bar = new StringBuilder(count(current)).append(" [");
        int done = (int) (WIDTH * Math.min(1.0, (double) current / target));
        if (done > 0) {
            bar.append("=".repeat(done - 1)).append(current < target ? '>' : '=');
        }
        return bar.append(".".repeat(WIDTH - done)).append(']').toString();
    }

    private static String eta(double seconds) {
        long s = (long) seconds;
        if (seconds > 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
        }
        if (seconds > 60) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return s + "s";
    }

    private static String formatTime(double secondsPerStep) {
        return formatTime(secondsPerStep, "step");
    }

    /** Keras' {@code _format_time}: whole seconds, milliseconds or microseconds per unit. */
    private static String formatTime(double seconds, String unit) {
        if (seconds >= 1 || seconds == 0) {
            return " " + fixed(seconds, 0) + "s/" + unit;
        }
        if (seconds >= 1e-3) {
            return " " + fixed(seconds * 1e3, 0) + "ms/" + unit;
        }
        return " " + fixed(seconds * 1e6, 0) + "us/" + unit;
    }

    private static void appendValues(StringBuilder line, Map<String, Double> values) {
        for (Map.Entry<String, Double> e : values.entrySet()) {
            line.append(" - ").append(e.getKey()).append(": ").append(formatValue(e.getValue()));
        }
    }

    /** {@code v} with {@code decimals} digits, rounded half-even from its exact value as Python's {@code %f} does. */
    private static String fixed(double v, int decimals) {
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Keras prints 4 decimals, or scientific notation for values of magnitude 1e-3 or less. */
    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (Math.abs(v) > 1e-3) {
            return fixed(v, 4);
        }
        return String.format(Locale.ROOT, "%.4e", v);
    }
}
