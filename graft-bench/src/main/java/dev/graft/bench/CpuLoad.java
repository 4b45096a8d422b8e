package dev.graft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU use from {@code /proc} (Linux), as the peer script measures it: waiting for an idle machine
 * before a measurement, and the share of all CPU time that other processes took during one. Where {@code /proc}
 * cannot be read, nothing waits and shares are NaN.
 */
final class CpuLoad {
    private static final Path SYSTEM = Path.of("/proc/stat");
    private static final Path SELF = Path.of("/proc/self/stat");

    private CpuLoad() {
    }

    /** Busy and total jiffies of all CPUs since boot. */
    record Jiffies(long busy, long total) {
    }

    /** How long {@link #waitForIdle} waited, and whether the machine was idle at the end. */
    record IdleWait(double waitedSeconds, boolean idle) {
    }

    /**
     * The first line of {@code /proc/stat}, {@code cpu user nice system idle iowait irq softirq steal ...}:
     * busy is the sum of the first eight counters less idle and iowait.
     */
    static Jiffies parseSystemLine(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 9 || !fields[0].equals("cpu")) {
            throw new IllegalArgumentException("Expected the 'cpu' line of /proc/stat with 8 counters, received '"
                    + line + "'");
        }
        long total = 0;
        for (int i = 1; i <= 8; i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        return new Jiffies(total - idle, total);
    }

    /** User plus system jiffies of this process (all its threads) from {@code /proc/self/stat}. */
    static long parseOwnLine(String line) {
        // The command name in parentheses may hold spaces: count fields after its closing parenthesis.
        String[] fields = line.substring(line.lastIndexOf(')') + 1).trim().split("\\s+");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static boolean isAvailable() {
        return Files.isReadable(SYSTEM) && Files.isReadable(SELF);
    }

    static Jiffies system() {
        return parseSystemLine(firstLine(SYSTEM));
    }

    static long own() {
        return parseOwnLine(firstLine(SELF));
    }

    /**
     * Waits until the machine has been idle (busy share below {@code busyThreshold}) for {@code needSeconds}
     * consecutive seconds, or {@code maxWaitSeconds} have passed.
     */
    static IdleWait waitForIdle(double maxWaitSeconds, double busyThreshold, int needSeconds) {
        if (!isAvailable() || maxWaitSeconds <= 0) {
            return new IdleWait(0, false);
        }
        long start = System.nanoTime();
        int idleSeconds = 0;
        while (seconds(start) < maxWaitSeconds) {
            Jiffies before = system();
            sleep(1000);
            Jiffies after = system();
            double busy = (double) (after.busy() - before.busy()) / Math.max(after.total() - before.total(), 1);
            idleSeconds = busy < busyThreshold ? idleSeconds + 1 : 0;
            if (idleSeconds >= needSeconds) {
                return new IdleWait(seconds(start), true);
            }
        }
        return new IdleWait(seconds(start), false);
    }

    /** Starts measuring the CPU share that other processes take. */
    static Meter start() {
        return isAvailable() ? new Meter(system(), own()) : new Meter(null, 0);
    }

    /** Shares of all CPU time: other processes' and this one's. */
    record Shares(double foreign, double own) {
    }

    /** The CPU time others used since {@link #start()}, as a share of all CPU time. */
    static final class Meter {
        private final Jiffies system;
        private final long own;

        private Meter(Jiffies system, long own) {
            this.system = system;
            this.own = own;
        }

        /** Others' busy jiffies over all jiffies since the start; NaN without {@code /proc}. */
        double foreignShare() {
            return shares().foreign();
        }

        /** This process's CPU time since the start, as a share of all CPU time; NaN without {@code /proc}. */
        double ownShare() {
            return shares().own();
        }

        /** Both shares, from one reading of the counters. */
        Shares shares() {
            if (system == null) {
                return new Shares(Double.NaN, Double.NaN);
            }
            Jiffies now = system();
            long ownJiffies = CpuLoad.own() - own;
            return new Shares(foreignShare(system, now, ownJiffies),
                    ownJiffies / (double) Math.max(now.total() - system.total(), 1));
        }

        /** Busy jiffies of others (all busy less {@code ownJiffies}) over all jiffies between two readings. */
        static double foreignShare(Jiffies before, Jiffies after, long ownJiffies) {
            long total = Math.max(after.total() - before.total(), 1);
            return Math.max((after.busy() - before.busy()) - ownJiffies, 0) / (double) total;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for an idle machine", e);
        }
    }

    private static String firstLine(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.findFirst().orElseThrow(() -> new IllegalStateException(file + " is empty"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
