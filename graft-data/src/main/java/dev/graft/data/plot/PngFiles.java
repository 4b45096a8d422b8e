package dev.graft.data.plot;

import dev.graft.utils.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes PNG files all at once, through {@link AtomicFiles}. */
public final class PngFiles {

    private PngFiles() {
    }

    /**
     * Replaces {@code target} (or creates it) with {@code image} as a PNG. Readers see the old file or the
     * new one, never a partial one; on failure the old file is untouched and the temporary file removed.
     *
     * @throws IllegalArgumentException if the directory does not exist or {@code target} is a directory
     * @throws UncheckedIOException if writing fails
     */
    public static void write(BufferedImage image, Path target) {
        AtomicFiles.replace(target, temp -> {
            if (!ImageIO.write(image, "png", temp.toFile())) {
                throw new IllegalStateException("No PNG writer for an image of type " + image.getType());
            }
        });
    }
}
