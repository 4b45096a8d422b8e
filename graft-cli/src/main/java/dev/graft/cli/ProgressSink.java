package dev.graft.cli;

import dev.graft.training.ProgressBar;
import dev.graft.training.ProgressOutput;
import java.io.PrintStream;

/**
 * Where a command writes messages and progress bars, and whether that is a terminal (bars redrawn in place)
 * or a log (one line per bar).
 *
 * @param stream      the command's output
 * @param interactive whether {@code stream} is a terminal
 */
record ProgressSink(PrintStream stream, boolean interactive) {

    /** The output that {@code fit}, {@code evaluate} and {@code predict} draw their bars to. */
    ProgressOutput output() {
        return new ProgressOutput(stream, interactive);
    }

    /** A Keras progress bar over {@code steps} steps. */
    ProgressBar bar(long steps) {
        return new ProgressBar(steps, 1, interactive, stream, System::nanoTime);
    }

    void println(String line) {
        stream.println(line);
    }
}
