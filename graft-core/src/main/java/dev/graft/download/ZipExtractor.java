package dev.graft.download;

import dev.graft.utils.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Extracts a zip archive safely: no entry may land outside the target folder ({@code ../}, absolute paths,
 * drive letters are refused), nothing but plain files and folders is created (a symbolic link stored in the
 * archive becomes a small file holding the link's text, never a link), a name may appear once, and the number
 * of entries and the bytes actually written are bounded against zip bombs.
 *
 * <p>Everything goes into a hidden temporary folder beside the target, synced to disk and renamed to the target
 * in one step at the end: the target is either absent or complete, and a run after a crash removes the leftovers
 * and starts again. On POSIX file systems the extracted folders are user-only (0700) and the files 0600, as in
 * Graft's caches ({@link UserOnlyFiles}); missing folders above the target are created 0700, existing ones are
 * left as they are.
 */
public final class ZipExtractor {
    /** Default bound on the number of entries. */
    public static final int DEFAULT_MAX_ENTRIES = 1_000_000;
    /** Default bound on the bytes written, 16 GiB. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 16L << 30;

    private final int maxEntries;
    private final long maxTotalBytes;

    /** An extractor with the default bounds. */
    public ZipExtractor() {
        this(builder().validated());
    }

    private ZipExtractor(Builder b) {
        this.maxEntries = b.maxEntries;
        this.maxTotalBytes = b.maxTotalBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Extracts {@code archive} into the folder {@code target}, unless that folder already exists (an earlier
     * complete extraction: it is only ever created whole).
     *
     * @return {@code target}
     * @throws IllegalStateException if an entry is unsafe or duplicated or a bound is exceeded; nothing is left
     * @throws UncheckedIOException  if the archive cannot be read or the folder written; nothing is left
     */
    @SuppressWarnings("try") // the lock is held for the block's duration, never read
    public Path extract(Path archive, Path target) {
        Path folder = target.toAbsolutePath().normalize();
        Path parent = folder.getParent();
        String prefix = "." + folder.getFileName() + ".partial-";
        try {
            UserOnlyFiles.createMissingDirectories(parent);
            try (InterProcessLock lock = InterProcessLock.acquire(parent.resolve("." + folder.getFileName() + ".lock"))) {
                if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    return target;
                }
                if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IllegalStateException("Cannot extract " + archive + " to " + folder
                            + ": something that is not a folder is already there; remove it");
                }
                removeLeftovers(parent, prefix);
                Path temp = Files.createTempDirectory(parent, prefix);
                try {
                    extractAll(archive, temp);
                    syncFolders(temp);
                    Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
                    AtomicFiles.syncDirectory(parent);
                } catch (IOException | RuntimeException | Error e) {
                    deleteTree(temp, e);
                    throw e;
                }
                return target;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract " + archive + " to " + folder + ": " + e.getMessage(), e);
        }
    }

    private void extractAll(Path archive, Path root) throws IOException {
        long written = 0;
        int count = 0;
        byte[] buffer = new byte[1 << 16];
        FileAttribute<?>[] fileAttributes = UserOnlyFiles.fileAttributes(root);
        FileAttribute<?>[] folderAttributes = UserOnlyFiles.directoryAttributes(root);
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (++count > maxEntries) {
                    throw new IllegalStateException("Refusing " + archive + ": more than " + maxEntries
                            + " entries (a zip bomb, or raise optMaxEntries)");
                }
                Path destination = safeDestination(root, entry.getName(), archive);
                if (destination.equals(root)) {
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination, folderAttributes);
                    continue;
                }
                Files.createDirectories(destination.getParent(), folderAttributes);
                try (InputStream in = zip.getInputStream(entry);
                     FileChannel out = FileChannel.open(destination, Set.of(StandardOpenOption.CREATE_NEW,
                             StandardOpenOption.WRITE), fileAttributes)) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        written += n;
                        if (written > maxTotalBytes) {
                            throw new IllegalStateException("Refusing " + archive + ": it expands to more than "
                                    + maxTotalBytes + " bytes (a zip bomb, or raise optMaxTotalBytes)");
                        }
                        for (ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n); chunk.hasRemaining(); ) {
                            out.write(chunk);
                        }
                    }
                    // Durable before the rename publishes it, so that not even a power cut leaves a short file.
                    out.force(true);
                } catch (FileAlreadyExistsException e) {
                    throw new IllegalStateException("Refusing " + archive + ": the entry \"" + entry.getName()
                            + "\" names a file that an earlier entry already wrote", e);
                }
            }
        }
    }

    /**
     * Where entry {@code name} goes below {@code root}. Backslashes count as separators (archives made on
     * Windows); empty and {@code .} segments are dropped; {@code ..}, a leading separator, a drive letter or any
     * {@code :} and NUL are refused.
     */
    static Path safeDestination(Path root, String name, Path archive) {
        String normalized = name.replace('\\', '/');
        if (normalized.startsWith("/") || normalized.indexOf(':') >= 0 || normalized.indexOf('\0') >= 0) {
            throw unsafe(archive, name, "an absolute path, a drive letter or a forbidden character");
        }
        Path destination = root;
        for (String segment : normalized.split("/")) {
            if (segment.equals("..")) {
                throw unsafe(archive, name, "it climbs out with ..");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                destination = destination.resolve(segment);
            }
        }
        // Defence in depth: whatever the segments were, the result must be inside the root.
        if (!destination.normalize().startsWith(root)) {
            throw unsafe(archive, name, "it resolves outside the target folder");
        }
        return destination;
    }

    private static IllegalStateException unsafe(Path archive, String name, String why) {
        return new IllegalStateException("Refusing " + archive + ": the entry \"" + name
                + "\" would be written outside the target folder (" + why + "); nothing was extracted");
    }

    /** Syncs every folder from {@code root} down, so that the files' names are durable before the rename. */
    private static void syncFolders(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                    .forEach(AtomicFiles::syncDirectory);
        }
    }

    /** Deletes the temporary folders of extractions that crashed (the lock guarantees none is running). */
    private static void removeLeftovers(Path parent, String prefix) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path leftover : leftovers) {
                deleteTree(leftover);
            }
        }
    }

    private static void deleteTree(Path root, Throwable pending) {
        try {
            deleteTree(root);
        } catch (IOException | UncheckedIOException cleanup) {
            pending.addSuppressed(cleanup);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // Files.walk does not follow links, so a link inside is removed, never its target.
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    /** Builds a {@link ZipExtractor}; every setting is optional. */
    public static final class Builder {
        private int maxEntries = DEFAULT_MAX_ENTRIES;
        private long maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES;

        private Builder() {
        }

        /** The most entries (files and folders) an archive may hold (default 1,000,000). */
        public Builder optMaxEntries(int maxEntries) {
            this.maxEntries = maxEntries;
            return this;
        }

        /** The most bytes the extracted files may add up to (default 16 GiB). */
        public Builder optMaxTotalBytes(long maxTotalBytes) {
            this.maxTotalBytes = maxTotalBytes;
            return this;
        }

        public ZipExtractor build() {
            return new ZipExtractor(validated());
        }

        private Builder validated() {
            if (maxEntries < 1 || maxTotalBytes < 1) {
                throw new IllegalArgumentException("optMaxEntries and optMaxTotalBytes must be positive, received "
                        + maxEntries + " and " + maxTotalBytes);
            }
            return this;
        }
    }
}
