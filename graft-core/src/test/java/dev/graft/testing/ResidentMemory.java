package dev.graft.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory (RSS), read from /proc/self/status (Linux only), for memory tests. */
public final class ResidentMemory {
    private ResidentMemory() {
    }

    /** Whether RSS can be read on this machine. */
    public static boolean isAvailable() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    /** The current RSS in bytes. */
    public static long bytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.trim().split("\\s+");
                return Long.parseLong(parts[1]) * 1024; // reported in kB
            }
        }
        throw new IllegalStateException("No VmRSS line in /proc/self/status");
    }

    /**
     * The RSS after a full garbage collection, once it has settled. Without the collection, the Java heap's
     * young generation, which fills page by page between collections, shows up as steady growth (about
     * 23 KiB a step here) that is not a leak.
     */
    public static long settled() throws IOException {
        System.gc();
        // G1 hands the freed heap back to the OS on a background thread after the collection: wait until the
        // RSS stops falling (two reads 50 ms apart within 256 KiB), at most a second.
        long previous = bytes();
        for (int i = 0; i < 20; i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = bytes();
            if (Math.abs(previous - now) < 256 * 1024) {
                return now;
            }
            previous = now;
        }
        return previous;
    }
}
