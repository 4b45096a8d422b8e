package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.distributed.DistributedStrategy;
import dev.graft.distributed.Rendezvous;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a worker of {@code graft finetune} learns its rendezvous: its options, or else the environment. */
class WorkerOptionsTest {
    private static WorkerOptions options(Integer rank, Integer worldSize, String master) {
        WorkerOptions options = new WorkerOptions();
        options.workers = 1;
        options.rank = rank;
        options.worldSize = worldSize;
        options.master = master;
        options.timeoutSeconds = 30;
        return options;
    }

    @Test
    void withoutOptionsOrEnvironmentItTrainsAlone() {
        assertNull(options(null, null, null).strategy(Map.of("PATH", "/bin")));
    }

    @Test
    void torchrunsEnvironmentMakesAWorker() {
        try (DistributedStrategy strategy = options(null, null, null).strategy(Map.of("RANK", "1", "WORLD_SIZE", "4",
                "MASTER_ADDR", "10.0.0.5", "MASTER_PORT", "29400"))) {
            assertEquals(new Rendezvous("10.0.0.5", 29400, 1, 4, Duration.ofSeconds(30)), strategy.rendezvous());
        }
    }

    @Test
    void theOptionsWinOverTheEnvironment() {
        try (DistributedStrategy strategy = options(0, 2, "host:1234").strategy(Map.of("RANK", "1", "WORLD_SIZE",
                "4"))) {
            assertEquals(new Rendezvous("host", 1234, 0, 2, Duration.ofSeconds(30)), strategy.rendezvous());
        }
    }

    @Test
    void anIncompleteEnvironmentSaysWhatIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> options(null, null, null).strategy(Map.of("RANK", "1")));
        assertTrue(e.getMessage().contains("WORLD_SIZE is not set"), e.getMessage());
    }
}
