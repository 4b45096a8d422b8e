package dev.graft.utils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Files replaced all at once: the content goes to a temporary file in the target's folder, which is synced to
 * disk and then renamed over the target. Readers see the old file or the new one, never a mix; if writing fails,
 * the old file is untouched and the temporary file is removed.
 *
 * <p>{@link #replace} does it all for content written in one go; a writer that fills its file over time (such as
 * a cache written while it is read) uses {@link #createTempBeside} and {@link #commit} itself.
 */
public final class AtomicFiles {

    /** Writes the content of a file at the path it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path file) throws IOException;
    }

    private static final String TEMPORARY_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} (or creates it) with what {@code content} writes.
     *
     * @throws IllegalArgumentException if the folder is missing or {@code target} is a directory
     * @throws UncheckedIOException if the file system fails; {@code target} is then unchanged
     */
    public static void replace(Path target, Content content) {
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
            fillAndCommit(createTempBeside(file), file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage()
                    + "; the previous file, if any, is unchanged", e);
        }
    }

    /** A new empty file in {@code target}'s folder, {@code .<name>.<random>.tmp}, hidden by its leading dot. */
    public static Path createTempBeside(Path target) throws IOException {
        while (true) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
            try {
                return Files.createFile(target.resolveSibling(temporaryPrefix(target) + suffix + TEMPORARY_SUFFIX));
            } catch (FileAlreadyExistsException taken) {
                // Another writer chose the same name: draw again.
            }
        }
    }

    /**
     * Deletes the temporary files of writes to {@code target} that never committed (the process died in
     * between); they never were {@code target}. Does nothing if the folder is missing.
     */
    public static void deleteTemporaryFiles(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        String prefix = temporaryPrefix(target);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                // .<name>.<hex>.tmp: the random part is hex, so another target's temporary file never matches
                if (name.startsWith(prefix) && name.endsWith(TEMPORARY_SUFFIX)
                        && name.length() > prefix.length() + TEMPORARY_SUFFIX.length()
                        && name.substring(prefix.length(), name.length() - TEMPORARY_SUFFIX.length())
                                .matches("[0-9a-f]+")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String temporaryPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /**
     * Fills {@code temp} (a file or free name beside {@code target}, see {@link #createTempBeside}) with
     * {@code content} and commits it over {@code target}. If anything fails, {@code temp} is deleted and the
     * failure rethrown; {@code target} is then unchanged.
     */
    public static void fillAndCommit(Path temp, Path target, Content content) throws IOException {
        try {
            content.writeTo(temp);
            commit(temp, target);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Syncs the complete file {@code temp} to disk and renames it over {@code target}, in one step. On failure
     * {@code temp} is left for the caller to delete.
     */
    public static void commit(Path temp, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Syncs a folder's entries to disk, making a rename or a creation in it durable; platforms that cannot open a
     * folder (Windows) skip this step.
     */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // The file's content is already synced; only the rename's durability is left to the OS.
        }
    }
}
