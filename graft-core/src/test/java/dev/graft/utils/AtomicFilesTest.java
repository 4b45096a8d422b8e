package dev.graft.utils;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void replaceCreatesThenReplacesTheFileLeavingNothingElse() throws IOException {
        Path file = dir.resolve("notes.txt");
        AtomicFiles.replace(file, temp -> Files.writeString(temp, "first"));
        assertEquals("first", Files.readString(file));
        AtomicFiles.replace(file, temp -> Files.writeString(temp, "second"));
        assertEquals("second", Files.readString(file));
        assertEquals(List.of(file), filesInDir());
    }

    @Test
    void theContentIsWrittenToAHiddenFileInTheSameFolder() {
        Path file = dir.resolve("notes.txt");
        AtomicFiles.replace(file, temp -> {
            assertEquals(dir, temp.getParent());
            String name = temp.getFileName().toString();
            assertTrue(name.startsWith(".notes.txt.") && name.endsWith(".tmp"), name);
            Files.writeString(temp, "x");
        });
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "old");
        UncheckedIOException io = assertThrows(UncheckedIOException.class, () -> AtomicFiles.replace(file, temp -> {
            Files.writeString(temp, "half");
            throw new IOException("disk full");
        }));
        assertTrue(io.getMessage().contains("notes.txt") && io.getMessage().contains("disk full")
                && io.getMessage().contains("unchanged"), io.getMessage());

        IllegalStateException bug = new IllegalStateException("content failed");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFiles.replace(file, temp -> {
            Files.writeString(temp, "half");
            throw bug;
        })));
        assertEquals("old", Files.readString(file));
        assertEquals(List.of(file), filesInDir());
    }

    @Test
    void aWriterThatDiesHalfWayLeavesTheOldBytesIdentical() throws IOException {
        byte[] old = new byte[100_000];
        new Random(5).nextBytes(old);
        Path file = Files.write(dir.resolve("weights.bin"), old);
        for (Throwable failure : new Throwable[] {new IOException("disk full"), new OutOfMemoryError("simulated"),
                new IllegalStateException("bug")}) {
            // An I/O failure is reported as UncheckedIOException, anything else passes through as it is.
            Class<? extends Throwable> reported = failure instanceof IOException ? UncheckedIOException.class
                    : failure.getClass();
            assertThrows(reported, () -> AtomicFiles.replace(file, temp -> {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    out.write(new byte[70_000]);                  // half of a new file, over the old size's half
                    out.flush();
                    sneakyThrow(failure);
                }
            }));
            assertArrayEquals(old, Files.readAllBytes(file), "after " + failure);
            assertEquals(List.of(file), filesInDir(), "no temporary file left after " + failure);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void theTemporaryFilesOfATargetAreDeletedAndNothingElse() throws IOException {
        Path target = Files.writeString(dir.resolve("state.json"), "kept");
        Path left = AtomicFiles.createTempBeside(target);
        Path otherTargets = AtomicFiles.createTempBeside(dir.resolve("state.json.old"));
        Path notTemporary = Files.writeString(dir.resolve(".state.json.notes"), "kept");
        Path almost = Files.writeString(dir.resolve(".state.json.tmp"), "kept");
        AtomicFiles.deleteTemporaryFiles(target);
        assertFalse(Files.exists(left));
        assertEquals(List.of(notTemporary, almost, target, otherTargets).stream().sorted().toList(), filesInDir());
        AtomicFiles.deleteTemporaryFiles(dir.resolve("missing/state.json"));   // no folder: nothing to do
    }

    @Test
    void aMissingFolderOrADirectoryTargetIsAnError() throws IOException {
        Path inMissingDir = dir.resolve("no/such/dir/notes.txt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.replace(inMissingDir, temp -> Files.writeString(temp, "x")));
        assertTrue(e.getMessage().contains(dir.resolve("no/such/dir").toString())
                && e.getMessage().contains("does not exist"), e.getMessage());

        Path directory = Files.createDirectory(dir.resolve("taken"));
        e = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.replace(directory, temp -> Files.writeString(temp, "x")));
        assertTrue(e.getMessage().contains("is an existing directory"), e.getMessage());
        assertEquals(List.of(directory), filesInDir());
    }

    @Test
    void aTemporaryFileFilledOverTimeIsCommittedInOneStep() throws IOException {
        Path file = dir.resolve("cache.bin");
        Files.writeString(file, "old");
        Path temp = AtomicFiles.createTempBeside(file);
        Path other = AtomicFiles.createTempBeside(file);
        assertTrue(!temp.equals(other) && Files.size(temp) == 0, temp + " and " + other);
        Files.writeString(temp, "new");
        assertEquals("old", Files.readString(file), "not visible before the commit");
        AtomicFiles.commit(temp, file);
        assertEquals("new", Files.readString(file));
        assertEquals(List.of(other, file), filesInDir());
    }
}
