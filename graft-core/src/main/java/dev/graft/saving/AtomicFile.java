package dev.graft.saving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once: the content goes to a temporary file in the same directory, which is synced
 * to disk and then renamed over the target. Readers see the old file or the new one, never a mix; if
 * writing fails, the old file is untouched and the temporary file is removed.
 */
final class AtomicFile {

    /** Writes the content of a file at the path it is given. */
    @FunctionalInterface
    interface Content {
        void writeTo(Path file) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Replaces {@code target} (or creates it) with what {@code content} writes.
     *
     * @throws IllegalArgumentException if the directory is missing or {@code target} is a directory
     * @throws UncheckedIOException if the file system fails; {@code target} is then unchanged
     */
    static void replace(Path target, Content content) {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Cannot write " + target + ": directory " + dir
                    + " does not exist; create it first");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("Cannot write " + target
                    + ": it is an existing directory; give the path of a file");
        }
        try {
            Path temp = createTemp(dir, file.getFileName().toString());
            try {
                content.writeTo(temp);
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException | Error e) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage()
                    + "; the previous file, if any, is unchanged", e);
        }
    }

    /**
     * A new empty file beside the target, hidden by its leading dot. Unlike {@code Files.createTempFile},
     * it gets the default permissions, which the renamed file keeps.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        while (true) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
            try {
                return Files.createFile(dir.resolve("." + name + "." + suffix + ".tmp"));
            } catch (FileAlreadyExistsException taken) {
                // Another writer chose the same name: draw again.
            }
        }
    }

    /** Makes the rename itself durable; platforms that cannot open a directory (Windows) skip this step. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // The file's content is already synced; only the rename's durability is left to the OS.
        }
    }
}
