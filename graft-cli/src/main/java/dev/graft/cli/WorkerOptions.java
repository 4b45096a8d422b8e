package dev.graft.cli;

import dev.graft.distributed.DistributedStrategy;
import dev.graft.distributed.Rendezvous;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Data-parallel training options: {@code --workers N} starts N local worker processes; {@code --rank},
 * {@code --world-size} and {@code --master} make this process one worker of a run over several hosts, as do the
 * environment variables {@code RANK}, {@code WORLD_SIZE}, {@code MASTER_ADDR} and {@code MASTER_PORT} when the
 * options are absent.
 */
final class WorkerOptions {
    static final String WORKERS = "--workers";

    @Option(names = WORKERS, paramLabel = "N", defaultValue = "1",
            description = "Train with N worker processes on this machine, each on its share of every batch "
                    + "(default 1: one process).")
    int workers;

    @Option(names = "--rank", paramLabel = "R",
            description = "This process's rank in a multi-host run (0 is the chief, which writes the results). "
                    + "Without --rank and --world-size, RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT are read "
                    + "from the environment when set, as torchrun sets them.")
    Integer rank;

    @Option(names = "--world-size", paramLabel = "N", description = "The number of processes of a multi-host run.")
    Integer worldSize;

    @Option(names = "--master", paramLabel = "HOST:PORT",
            description = "Where rank 0 listens in a multi-host run (default 127.0.0.1:29500).")
    String master;

    @Option(names = "--worker-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long a worker waits for the others (to start, or at a step) before it gives up "
                    + "(default 300).")
    int timeoutSeconds;

    /** Whether this process starts local workers instead of training. */
    boolean launchesWorkers() {
        if (workers < 1) {
            throw new IllegalArgumentException(WORKERS + " must be at least 1, received " + workers);
        }
        if (workers > 1 && (rank != null || worldSize != null)) {
            throw new IllegalArgumentException(WORKERS + " starts its own workers; give it alone, or --rank and "
                    + "--world-size (with --master) to join a multi-host run, not both");
        }
        return workers > 1;
    }

    /** The strategy of this worker, or null when it trains alone. */
    DistributedStrategy strategy() {
        return strategy(System.getenv());
    }

    /**
     * The strategy of this worker, or null when it trains alone: from the options, or else from {@code RANK},
     * {@code WORLD_SIZE}, {@code MASTER_ADDR} and {@code MASTER_PORT} in {@code environment} (as torchrun and
     * {@code --workers} set them).
     */
    DistributedStrategy strategy(Map<String, String> environment) {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--worker-timeout must be at least 1 second, received "
                    + timeoutSeconds);
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        if (rank == null && worldSize == null) {
            if (environment.containsKey("RANK") || environment.containsKey("WORLD_SIZE")) {
                return new DistributedStrategy(Rendezvous.fromEnvironment(environment).withTimeout(timeout));
            }
            return null;
        }
        if (rank == null || worldSize == null) {
            throw new IllegalArgumentException("A multi-host run needs both --rank and --world-size, received "
                    + (rank == null ? "--world-size " + worldSize : "--rank " + rank));
        }
        String address = "127.0.0.1";
        int port = Rendezvous.DEFAULT_PORT;
        if (master != null) {
            int colon = master.lastIndexOf(':');
            if (colon <= 0 || colon == master.length() - 1) {
                throw new IllegalArgumentException("--master takes HOST:PORT, e.g. 10.0.0.1:29500, received "
                        + master);
            }
            address = master.substring(0, colon);
            try {
                port = Integer.parseInt(master.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--master takes HOST:PORT with a numeric port, received "
                        + master, e);
            }
        }
        return new DistributedStrategy(new Rendezvous(address, port, rank, worldSize, timeout));
    }
}
