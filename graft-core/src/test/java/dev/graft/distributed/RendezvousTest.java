package dev.graft.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendezvousTest {

    @Test
    void readsPyTorchsEnvironmentVariablesWithItsDefaults() {
        Rendezvous r = Rendezvous.fromEnvironment(Map.of("RANK", "1", "WORLD_SIZE", "4"));
        assertEquals(new Rendezvous("127.0.0.1", 29500, 1, 4, Rendezvous.DEFAULT_TIMEOUT), r);
        Rendezvous full = Rendezvous.fromEnvironment(Map.of("RANK", "0", "WORLD_SIZE", "2",
                "MASTER_ADDR", "10.0.0.5", "MASTER_PORT", "1234"));
        assertEquals("rank 0 of 2 at 10.0.0.5:1234", full.toString());
    }

    @Test
    void missingOrMalformedVariablesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rendezvous.fromEnvironment(
                Map.of("WORLD_SIZE", "2"))).getMessage().contains("RANK is not set"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rendezvous.fromEnvironment(
                Map.of("RANK", "0", "WORLD_SIZE", "two"))).getMessage().contains("WORLD_SIZE must be a whole number"));
    }

    @Test
    void impossibleValuesAreRefused() {
        Duration t = Duration.ofSeconds(1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Rendezvous("h", 1, 2, 2, t))
                .getMessage().contains("0 to 1"));
        assertThrows(IllegalArgumentException.class, () -> new Rendezvous("h", 0, 0, 1, t));
        assertThrows(IllegalArgumentException.class, () -> new Rendezvous(" ", 1, 0, 1, t));
        assertThrows(IllegalArgumentException.class, () -> new Rendezvous("h", 1, 0, 0, t));
        assertThrows(IllegalArgumentException.class, () -> new Rendezvous("h", 1, 0, 1, Duration.ZERO));
    }
}
