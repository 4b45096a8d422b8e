package dev.graft.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.models.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicSaveTest {
    @TempDir
    Path dir;

    private List<Path> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void failureMidWriteLeavesOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("weights.h5");
        try (Model model = TestModels.cnn()) {
            TestModels.randomize(model, 5);
            model.saveWeights(file);
            byte[] before = Files.readAllBytes(file);

            // The last layer's weights can no longer be read: the file write starts, then fails on them.
            model.layers().get(model.layers().size() - 1).close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.saveWeights(file));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());

            assertArrayEquals(before, Files.readAllBytes(file));
            assertEquals(List.of(file), filesInDir());
        }
    }

    @Test
    void successfulSaveReplacesTheFileAndLeavesNothingElse() throws IOException {
        Path file = dir.resolve("weights.h5");
        try (Model first = TestModels.cnn(); Model second = TestModels.cnn(); Model loaded = TestModels.cnn()) {
            TestModels.randomize(first, 6);
            TestModels.randomize(second, 7);
            first.saveWeights(file);
            second.saveWeights(file);
            assertEquals(List.of(file), filesInDir());
            loaded.loadWeights(file);
            TestModels.assertSameWeights(second, loaded);
        }
    }

    @Test
    void missingDirectoryOrDirectoryTargetIsAnError() throws IOException {
        try (Model model = TestModels.cnn()) {
            Path inMissingDir = dir.resolve("no/such/dir/w.h5");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.saveWeights(inMissingDir));
            assertTrue(e.getMessage().contains(dir.resolve("no/such/dir").toString())
                    && e.getMessage().contains("does not exist"), e.getMessage());

            Path directory = Files.createDirectory(dir.resolve("taken"));
            e = assertThrows(IllegalArgumentException.class, () -> model.saveWeights(directory));
            assertTrue(e.getMessage().contains("is an existing directory"), e.getMessage());
            assertEquals(List.of(directory), filesInDir());
        }
    }
}
