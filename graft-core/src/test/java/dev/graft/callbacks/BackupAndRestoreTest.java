package dev.graft.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.callbacks.CallbackFixtures.Captured;
import dev.graft.models.Model;
import dev.graft.tensor.Tensor;
import dev.graft.training.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupAndRestoreTest {
    private static final int EPOCHS = 4;

    @TempDir
    Path dir;

    /** Throws at the end of training step {@code at} (counted over the whole run), as a crash would. */
    private static final class Crash implements Callback {
        private final int at;
        private int steps;

        Crash(int at) {
            this.at = at;
        }

        @Override
        public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            if (++steps == at) {
                throw new IllegalStateException("simulated crash at step " + at);
            }
        }
    }

    private record Run(int[] weights, History history, String csv) {
    }

    /** One fit of the fixture with {@code extra} callbacks; the CSV log and the backup live in {@code runDir}. */
    private static Run run(Path runDir, BackupAndRestore backup, Callback... extra) throws IOException {
        Model model = ResumeFixture.model();
        Path csv = runDir.resolve("log.csv");
        List<Callback> callbacks = new ArrayList<>(ResumeFixture.statefulCallbacks());
        callbacks.add(new CSVLogger(csv, ',', true));
        callbacks.addAll(List.of(extra));
        if (backup != null) {
            callbacks.add(backup);
        }
        try (Tensor x = ResumeFixture.x(); Tensor y = ResumeFixture.y(x)) {
            History history = model.fit(x, y, ResumeFixture.options(EPOCHS).optCallbacks(callbacks).build());
            return new Run(ResumeFixture.weightBits(model), history, Files.readString(csv));
        } finally {
            model.close();
        }
    }

    private BackupAndRestore backup(Path backupDir) {
        return BackupAndRestore.builder().setBackupDir(backupDir).optSaveFreqSteps(2).build();
    }

    @Test
    void crashesMidEpochAndAtEpochEndResumeToTheUninterruptedResult() throws IOException {
        Path referenceDir = Files.createDirectory(dir.resolve("reference"));
        Run reference = run(referenceDir, null);
        // 6 steps per epoch: 9 is mid-epoch just after a save, 12 the last step of epoch 2, 17 two steps late.
        for (int crashAt : new int[] {9, 12, 17}) {
            Path runDir = Files.createDirectory(dir.resolve("crash" + crashAt));
            Path backupDir = runDir.resolve("backup");
            IllegalStateException crash = assertThrows(IllegalStateException.class,
                    () -> run(runDir, backup(backupDir), new Crash(crashAt)));
            assertEquals("simulated crash at step " + crashAt, crash.getMessage());
            assertTrue(Files.exists(backupDir.resolve(BackupAndRestore.CHECKPOINT_FILE)));

            Run resumed = run(runDir, backup(backupDir));
            assertArrayEquals(reference.weights(), resumed.weights(), "weights after a crash at step " + crashAt);
            assertEquals(reference.history().history(), resumed.history().history());
            assertEquals(reference.history().epochs(), resumed.history().epochs());
            assertEquals(reference.csv(), resumed.csv(), "CSV log after a crash at step " + crashAt);
            assertFalse(Files.exists(backupDir), "the checkpoint is deleted when training ends normally");
        }
    }

    @Test
    void keepsTheCheckpointWhenAskedAndARerunTrainsNoFurther() throws IOException {
        Path backupDir = dir.resolve("backup");
        BackupAndRestore keep = BackupAndRestore.builder().setBackupDir(backupDir).optDeleteCheckpoint(false).build();
        Run first = run(dir, keep);
        assertTrue(Files.exists(backupDir.resolve(BackupAndRestore.CHECKPOINT_FILE)));
        Run again = run(dir, BackupAndRestore.builder().setBackupDir(backupDir).optDeleteCheckpoint(false).build());
        assertArrayEquals(first.weights(), again.weights(), "the checkpoint says every epoch is done");
        assertEquals(first.history().epochs(), again.history().epochs());
    }

    @Test
    void aDamagedCheckpointIsAnErrorNamingTheFile() throws IOException {
        Path backupDir = Files.createDirectory(dir.resolve("backup"));
        Path checkpoint = backupDir.resolve(BackupAndRestore.CHECKPOINT_FILE);
        Files.write(checkpoint, new byte[] {'H', 'D', 'F', 0, 1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(dir, backup(backupDir)));
        assertTrue(e.getMessage().contains(checkpoint.toAbsolutePath().toString()), e.getMessage());
        assertTrue(Files.exists(checkpoint), "a damaged checkpoint is left for the user to look at");
    }

    @Test
    void aTruncatedCheckpointIsAnErrorNamingTheFile() throws IOException {
        Path backupDir = dir.resolve("backup");
        assertThrows(IllegalStateException.class, () -> run(dir, backup(backupDir), new Crash(8)));
        Path checkpoint = backupDir.resolve(BackupAndRestore.CHECKPOINT_FILE);
        byte[] whole = Files.readAllBytes(checkpoint);
        Files.write(checkpoint, java.util.Arrays.copyOf(whole, whole.length / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(dir, backup(backupDir)));
        assertTrue(e.getMessage().contains(checkpoint.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherModelIsAnErrorSayingWhatDiffers() throws IOException {
        Path backupDir = dir.resolve("backup");
        assertThrows(IllegalStateException.class, () -> run(dir, backup(backupDir), new Crash(3)));
        Model other = CallbackFixtures.compiledModel(0.1);
        try (Tensor x = Tensor.zeros(dev.graft.tensor.Shape.of(4, 3), dev.graft.tensor.DType.FLOAT32);
                Tensor y = Tensor.zeros(dev.graft.tensor.Shape.of(4, 1), dev.graft.tensor.DType.FLOAT32)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.fit(x, y,
                    dev.graft.training.FitOptions.builder().optVerbose(0).optCallbacks(backup(backupDir)).build()));
            assertTrue(e.getMessage().startsWith("Checkpoint " + backupDir.resolve(BackupAndRestore.CHECKPOINT_FILE)
                    .toAbsolutePath() + " does not fit this run: it was written with optimizer"), e.getMessage());
        }
    }

    @Test
    void withADoubleCheckpointADamagedLatestFallsBackToThePrevious() throws IOException {
        Path referenceDir = Files.createDirectory(dir.resolve("reference"));
        Run reference = run(referenceDir, null);
        Path backupDir = dir.resolve("backup");
        Captured warnings = new Captured();
        assertThrows(IllegalStateException.class, () -> run(dir, doubleBackup(backupDir, warnings), new Crash(11)));
        assertTrue(Files.exists(backupDir.resolve(BackupAndRestore.PREVIOUS_FILE)));
        Files.write(backupDir.resolve(BackupAndRestore.CHECKPOINT_FILE), new byte[] {1, 2, 3});
        Run resumed = run(dir, doubleBackup(backupDir, warnings));
        assertTrue(warnings.text().contains("resuming from the previous checkpoint"), warnings.text());
        assertArrayEquals(reference.weights(), resumed.weights());
        assertEquals(reference.history().history(), resumed.history().history());
    }

    private static BackupAndRestore doubleBackup(Path backupDir, Captured warnings) {
        return BackupAndRestore.builder().setBackupDir(backupDir).optSaveFreqSteps(2).optDoubleCheckpoint(true)
                .optOutput(warnings.stream).build();
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> BackupAndRestore.builder().build());
        assertThrows(IllegalArgumentException.class,
                () -> BackupAndRestore.builder().setBackupDir(dir).optSaveFreqSteps(-1).build());
        IllegalStateException outside = assertThrows(IllegalStateException.class,
                () -> new BackupAndRestore(dir).onTrainBegin(Map.of()));
        assertTrue(outside.getMessage().contains("inside fit()"), outside.getMessage());
    }

    /** Every file in {@code backupDir}, for the atomicity test. */
    static List<String> files(Path backupDir) throws IOException {
        try (Stream<Path> files = Files.list(backupDir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
