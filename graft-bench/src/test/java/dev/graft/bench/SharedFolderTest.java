package dev.graft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SharedFolderTest {

    @Test
    void theVariableWinsThenThePropertyThenTheDefault() {
        assertEquals(Path.of("/a/shared"), SharedFolder.choose("/a/shared", "/b/shared"));
        assertEquals(Path.of("/b/shared"), SharedFolder.choose(null, "/b/shared"));
        assertEquals(Path.of("/b/shared"), SharedFolder.choose(" ", "/b/shared"));
        assertEquals(Path.of("..", "shared").toAbsolutePath().normalize(), SharedFolder.choose(null, ""));
    }
}
