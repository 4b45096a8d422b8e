package dev.graft.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.models.Model;
import dev.graft.tensor.Tensor;
import dev.graft.training.FitState;
import dev.graft.training.FitStateCallback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint file is replaced whole or not at all. */
class BackupFileTest {
    @TempDir
    Path dir;

    /** Writes a checkpoint after epoch 0, then one that fails just before its rename after epoch 1. */
    private final class FailingSecondWrite implements FitStateCallback {
        private FitState state;
        byte[] first;
        UncheckedIOException failure;

        @Override
        public void setFitState(FitState state) {
            this.state = state;
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            Path target = dir.resolve(BackupAndRestore.CHECKPOINT_FILE);
            try {
                if (epoch == 0) {
                    BackupFile.write(target, state, true, null, null);
                    first = Files.readAllBytes(target);
                } else if (epoch == 1) {
                    failure = assertThrows(UncheckedIOException.class, () -> BackupFile.write(target, state, true, null,
                            () -> {
                                throw new IOException("disk full (simulated)");
                            }));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aWriteFailingBeforeItsRenameLeavesThePreviousCheckpointAndNoTemporaryFile() throws IOException {
        Model model = ResumeFixture.model();
        FailingSecondWrite writer = new FailingSecondWrite();
        try (Tensor x = ResumeFixture.x(); Tensor y = ResumeFixture.y(x)) {
            model.fit(x, y, ResumeFixture.options(2).optCallbacks(writer).build());
        } finally {
            model.close();
        }
        Path checkpoint = dir.resolve(BackupAndRestore.CHECKPOINT_FILE);
        assertTrue(writer.failure.getMessage().contains("disk full (simulated)"), writer.failure.getMessage());
        assertTrue(writer.failure.getMessage().contains("the previous checkpoint, if any, is unchanged"));
        assertArrayEquals(writer.first, Files.readAllBytes(checkpoint));
        assertEquals(List.of(BackupAndRestore.CHECKPOINT_FILE), BackupAndRestoreTest.files(dir));
    }
}
