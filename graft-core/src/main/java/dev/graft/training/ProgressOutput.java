package dev.graft.training;

import java.io.PrintStream;

/**
 * Where progress goes and whether it is a terminal. On a terminal the progress bar is rewritten in place;
 * anywhere else (a pipe, a log file, CI) it writes one line per epoch.
 *
 * @param stream      the stream to print to
 * @param interactive whether {@code stream} is a terminal that honours carriage returns
 */
public record ProgressOutput(PrintStream stream, boolean interactive) {

    public ProgressOutput {
        if (stream == null) {
            throw new IllegalArgumentException("A progress output needs a stream");
        }
    }

    /** Standard output, interactive when the JVM is attached to a terminal. */
    public static ProgressOutput standardOutput() {
        return new ProgressOutput(System.out, System.console() != null);
    }
}
