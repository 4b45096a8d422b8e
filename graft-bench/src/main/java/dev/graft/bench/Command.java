package dev.graft.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external command to its end and collects what it printed (stdout and stderr together). */
final class Command {
    private Command() {
    }

    /** The exit status and the printed text of a finished command. */
    record Output(int exitCode, String text) {
    }

    /**
     * Runs {@code command} with this process's environment, killing it after {@code timeout}; its output goes
     * to a temporary file, so a chatty process never blocks on a full pipe.
     */
    static Output run(List<String> command, Duration timeout) {
        Path log = null;
        Process process = null;
        try {
            log = Files.createTempFile("graft-bench-", ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("'" + String.join(" ", command) + "' ran longer than " + timeout
                        + " and was stopped; its output ended with:\n" + ResultLine.tail(read(log), 20));
            }
            return new Output(process.exitValue(), read(log));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run '" + String.join(" ", command) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running '" + String.join(" ", command) + "'", e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // A leftover temporary file is harmless.
                }
            }
        }
    }

    /**
     * Runs {@code command} and returns the JSON of its {@code @@RESULT} line; {@code what} names it in errors,
     * which show the end of its output when it fails.
     */
    static ObjectNode result(List<String> command, Duration timeout,
            String what) {
        Output output = run(command, timeout);
        if (output.exitCode() != 0) {
            throw new IllegalStateException(what + " failed with exit status " + output.exitCode() + " ("
                    + String.join(" ", command) + "); its output ended with:\n" + ResultLine.tail(output.text(), 30));
        }
        return ResultLine.parse(output.text(), what);
    }

    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }
}
