package dev.graft.distributed;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

/**
 * Where the processes of one training job meet: the master's address and port (rank 0 listens there), this
 * process's rank, the number of processes, and how long any collective may wait for the others before it fails.
 * The names follow PyTorch's environment variables {@code MASTER_ADDR}, {@code MASTER_PORT}, {@code RANK} and
 * {@code WORLD_SIZE}.
 *
 * @param masterAddress host name or address of rank 0
 * @param masterPort TCP port rank 0 listens on, 1 to 65535
 * @param rank this process's rank, 0 to {@code worldSize - 1}
 * @param worldSize number of processes
 * @param timeout how long joining, and each collective, may wait for the other processes
 */
public record Rendezvous(String masterAddress, int masterPort, int rank, int worldSize, Duration timeout) {
    /** PyTorch's default port for {@code MASTER_PORT}. */
    public static final int DEFAULT_PORT = 29500;
    /** How long a collective waits for the others unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public Rendezvous {
        if (masterAddress == null || masterAddress.isBlank()) {
            throw new IllegalArgumentException("The master address is empty; give the host of rank 0, "
                    + "e.g. 127.0.0.1 for processes on one machine");
        }
        if (masterPort < 1 || masterPort > 65535) {
            throw new IllegalArgumentException("The master port must be 1 to 65535, received " + masterPort);
        }
        if (worldSize < 1) {
            throw new IllegalArgumentException("The world size must be at least 1, received " + worldSize);
        }
        if (rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("The rank must be 0 to " + (worldSize - 1) + " for a world size of "
                    + worldSize + ", received " + rank);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The timeout must be positive, received " + timeout);
        }
    }

    /**
     * The rendezvous described by {@code RANK}, {@code WORLD_SIZE}, {@code MASTER_ADDR} and {@code MASTER_PORT}
     * in {@code environment}; the address defaults to 127.0.0.1 and the port to {@value #DEFAULT_PORT}.
     *
     * @throws IllegalArgumentException if {@code RANK} or {@code WORLD_SIZE} is missing or not a number
     */
    public static Rendezvous fromEnvironment(Map<String, String> environment) {
        int rank = integer(environment, "RANK", null);
        int worldSize = integer(environment, "WORLD_SIZE", null);
        int port = integer(environment, "MASTER_PORT", DEFAULT_PORT);
        String address = environment.getOrDefault("MASTER_ADDR", "127.0.0.1");
        return new Rendezvous(address, port, rank, worldSize, DEFAULT_TIMEOUT);
    }

    /** {@link #fromEnvironment(Map)} on this process's environment. */
    public static Rendezvous fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * A TCP port free on this machine at the time of the call, for the master of processes started here (another
     * program may take it before rank 0 listens; the join then fails with a clear error).
     */
    public static int freeLocalPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** This rendezvous with another timeout. */
    public Rendezvous withTimeout(Duration newTimeout) {
        return new Rendezvous(masterAddress, masterPort, rank, worldSize, newTimeout);
    }

    private static int integer(Map<String, String> environment, String name, Integer fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            if (fallback != null) {
                return fallback;
            }
            throw new IllegalArgumentException("The environment variable " + name + " is not set; set RANK, "
                    + "WORLD_SIZE, MASTER_ADDR and MASTER_PORT for each process of a distributed run");
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The environment variable " + name + " must be a whole number, "
                    + "received '" + value + "'", e);
        }
    }

    @Override
    public String toString() {
        return "rank " + rank + " of " + worldSize + " at " + masterAddress + ":" + masterPort;
    }
}
