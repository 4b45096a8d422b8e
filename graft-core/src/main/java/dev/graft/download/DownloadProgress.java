package dev.graft.download;

import dev.graft.training.ProgressOutput;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress of one transfer: bytes so far, percentage, bar and speed. On a terminal one line is rewritten in
 * place (at most ten times a second); elsewhere (a log, CI) a line is printed at each tenth of the file, or every
 * 64 MiB when the size is unknown, so logs stay short.
 *
 * <p>{@link #start} is called from the HTTP client's thread when the response headers arrive, the others from
 * the thread that waits for the transfer; the methods are synchronized so that lines never interleave.
 */
final class DownloadProgress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long UNKNOWN_SIZE_STEP = 64L << 20;
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoClock;

    private long startBytes;
    private long totalBytes = -1;
    private long startNanos;
    private boolean started;

    private long lastDrawNanos;
    private long lastStep = -1;
    private int lastLineLength;

    DownloadProgress(ProgressOutput output, LongSupplier nanoClock) {
        this.out = output.stream();
        this.terminal = output.interactive();
        this.nanoClock = nanoClock;
    }

    /** Prints a line of its own (ending any line being rewritten). */
    synchronized void message(String text) {
        endLine();
        out.println(text);
    }

    /** A transfer begins with {@code alreadyOnDisk} bytes kept from before, out of {@code total} (-1 unknown). */
    synchronized void start(long alreadyOnDisk, long total) {
        startBytes = alreadyOnDisk;
        totalBytes = total;
        startNanos = nanoClock.getAsLong();
        started = true;
    }

    /** Shows {@code onDisk} bytes if a redraw is due. */
    synchronized void update(long onDisk) {
        if (!started) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (terminal) {
            if (now - lastDrawNanos >= REDRAW_NANOS) {
                lastDrawNanos = now;
                redraw(line(onDisk, now));
            }
            return;
        }
        long step = step(onDisk);
        if (step > lastStep) {
            lastStep = step;
            out.println(line(onDisk, now));
        }
    }

    /** Shows the final count and ends the line. */
    synchronized void finish(long onDisk) {
        if (!started) {
            return;
        }
        String last = line(onDisk, nanoClock.getAsLong());
        if (terminal) {
            redraw(last);
            endLine();
        } else if (step(onDisk) > lastStep || lastStep < 0) {
            out.println(last);
        }
        started = false;
        lastStep = -1;
    }

    private long step(long onDisk) {
        long total = totalBytes;
        return total > 0 ? Math.min(10, onDisk * 10 / total) : onDisk / UNKNOWN_SIZE_STEP;
    }

    private String line(long onDisk, long now) {
        StringBuilder s = new StringBuilder();
        long total = totalBytes;
        if (total > 0) {
            double fraction = Math.min(1.0, (double) onDisk / total);
            int filled = (int) (fraction * BAR_WIDTH);
            s.append(String.format(Locale.ROOT, "%3d%% [", (int) (fraction * 100)));
            s.append("=".repeat(filled));
            if (filled < BAR_WIDTH) {
                s.append('>').append(".".repeat(BAR_WIDTH - filled - 1));
            }
            s.append("] ").append(bytes(onDisk)).append(" / ").append(bytes(total));
        } else {
            s.append(bytes(onDisk));
        }
        double seconds = (now - startNanos) / 1e9;
        if (seconds > 0) {
            s.append(", ").append(bytes((long) ((onDisk - startBytes) / seconds))).append("/s");
        }
        return s.toString();
    }

    private void redraw(String line) {
        // Spaces wipe what is left of a longer previous line.
        String padding = " ".repeat(Math.max(0, lastLineLength - line.length()));
        out.print("\r" + line + padding);
        out.flush();
        lastLineLength = line.length();
    }

    private void endLine() {
        if (terminal && lastLineLength > 0) {
            out.println();
            lastLineLength = 0;
        }
    }

    /** A byte count in binary units, e.g. {@code 786.7 MiB}. */
    static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
