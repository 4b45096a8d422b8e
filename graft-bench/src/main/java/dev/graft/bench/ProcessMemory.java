package dev.graft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This process's resident memory from {@code /proc/self/status} (Linux): the peak ({@code VmHWM}, what the
 * benchmark reports per process, as the peer's {@code ru_maxrss}) and the current value ({@code VmRSS}).
 */
final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    /** The peak resident memory of this process so far, in MiB; NaN where {@code /proc} is absent. */
    static double peakMib() {
        return read("VmHWM:");
    }

    /** The current resident memory, in MiB; NaN where {@code /proc} is absent. */
    static double currentMib() {
        return read("VmRSS:");
    }

    /** The value of the {@code key} line (e.g. {@code VmHWM:   123456 kB}) in MiB. */
    static double parse(List<String> statusLines, String key) {
        for (String line : statusLines) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB")) {
                    throw new IllegalStateException("Unexpected " + key + " line in /proc/self/status: '" + line
                            + "'");
                }
                return Long.parseLong(parts[0]) / 1024.0;
            }
        }
        throw new IllegalStateException("No " + key + " line in /proc/self/status");
    }

    private static double read(String key) {
        if (!Files.isReadable(STATUS)) {
            return Double.NaN;
        }
        try {
            return parse(Files.readAllLines(STATUS), key);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + STATUS + ": " + e.getMessage(), e);
        }
    }
}
