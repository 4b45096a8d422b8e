package dev.graft.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraftHomeTest {
    @Test
    void theEnvironmentVariableWins() {
        assertEquals(Path.of("/data/graft"), GraftHome.root(Map.of("GRAFT_HOME", "/data/graft")::get, "/home/me"));
    }

    @Test
    void otherwiseADotFolderInTheUserHome() {
        assertEquals(Path.of("/home/me/.graft"), GraftHome.root(Map.<String, String>of()::get, "/home/me"));
        assertEquals(Path.of("/home/me/.graft"), GraftHome.root(Map.of("GRAFT_HOME", " ")::get, "/home/me"));
    }

    @Test
    void withNeitherThereIsNoHome() {
        assertThrows(IllegalStateException.class, () -> GraftHome.root(Map.<String, String>of()::get, ""));
    }
}
