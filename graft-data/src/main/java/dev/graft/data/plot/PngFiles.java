package dev.graft.data.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;

/** Writes PNG files all at once: to a temporary file beside the target, synced, then renamed over it. */
final class PngFiles {

    private PngFiles() {
    }

    /**
     * Replaces {@code target} (or creates it) with {@code image} as a PNG. Readers see the old file or the
     * new one, never a partial one; on failure the old file is untouched and the temporary file removed.
     *
     * @throws IllegalArgumentException if the directory does not exist or {@code target} is a directory
     * @throws UncheckedIOException if writing fails
     */
    static void write(BufferedImage image, Path target) {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Cannot write " + target + ": directory " + dir
                    + " does not exist; create it first");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("Cannot write " + target + ": it is a directory; give a file name");
        }
        try {
            Path temp = createTemp(dir, file.getFileName().toString());
            try {
                if (!ImageIO.write(image, "png", temp.toFile())) {
                    throw new IllegalStateException("No PNG writer for an image of type " + image.getType());
                }
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
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage()
                    + "; the previous file, if any, is unchanged", e);
        }
    }

    /** A new empty file beside the target, hidden by its leading dot. */
    private static Path createTemp(Path dir, String name) throws IOException {
        while (true) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
            try {
                return Files.createFile(dir.resolve("." + name + "." + suffix + ".tmp"));
            } catch (FileAlreadyExistsException taken) {
                // Another writer drew the same name: draw again.
            }
        }
    }
}
