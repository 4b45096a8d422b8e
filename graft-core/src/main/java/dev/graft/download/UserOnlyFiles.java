package dev.graft.download;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Permissions of Graft's caches (downloads, extracted data sets, pretrained weights): only their owner may read
 * them. On a POSIX file system, the folders Graft creates get {@code rwx------} (0700) and the files
 * {@code rw-------} (0600), whatever the umask; elsewhere (Windows, FAT) the platform's defaults apply, silently.
 *
 * <p>A cache folder that already exists with wider permissions (made by hand, or by an earlier Graft) loses its
 * group and other permissions when Graft uses it, but only if it belongs to the user running Graft (the
 * {@code user.name} system property): a cache that an administrator shares on purpose is left as it is, and no
 * folder above a cache folder is ever changed.
 */
public final class UserOnlyFiles {
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];

    private UserOnlyFiles() {
    }

    /**
     * Makes {@code dir} a user-only cache folder: missing folders up to it are created 0700, and {@code dir}
     * itself, if it existed with group or other permissions and belongs to the user, is tightened. Folders above
     * it that already existed are left alone.
     *
     * @return {@code dir}
     */
    public static Path createCacheDirectories(Path dir) throws IOException {
        createMissingDirectories(dir);
        tighten(dir);
        return dir;
    }

    /**
     * Creates the missing folders up to {@code dir} as 0700 (on POSIX), leaving existing ones untouched: for the
     * folder above a target that the user chose.
     */
    public static void createMissingDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        List<Path> missing = new ArrayList<>();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            missing.add(0, existing);
            existing = existing.getParent();
        }
        if (missing.isEmpty()) {
            if (!Files.isDirectory(absolute)) {
                throw new IOException(absolute + " exists and is not a folder");
            }
            return;
        }
        boolean posix = existing != null && isPosix(existing);
        for (Path folder : missing) {
            try {
                Files.createDirectory(folder, posix ? directoryAttribute() : NONE);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it in the meantime; it is checked like any existing folder.
                if (!Files.isDirectory(folder)) {
                    throw raced;
                }
                continue;
            }
            if (posix) {
                // The umask may have removed owner bits at creation; setting them explicitly is umask-free.
                Files.setPosixFilePermissions(folder, FOLDER);
            }
        }
    }

    /**
     * The attributes for creating a file in {@code dir} readable by its owner only (0600), or none where the file
     * system has no POSIX permissions.
     */
    public static FileAttribute<?>[] fileAttributes(Path dir) {
        return isPosix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : NONE;
    }

    /**
     * The attributes for creating a folder in {@code dir} usable by its owner only (0700), or none where the file
     * system has no POSIX permissions.
     */
    public static FileAttribute<?>[] directoryAttributes(Path dir) {
        return isPosix(dir) ? directoryAttribute() : NONE;
    }

    /**
     * Removes the group and other permissions of {@code path} (a file or a folder, not followed if it is a link)
     * if it belongs to the user running Graft; otherwise, or on a file system without POSIX permissions, does
     * nothing.
     */
    public static void tighten(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return;
        }
        PosixFileAttributes attributes = view.readAttributes();
        if (attributes.isSymbolicLink() || !attributes.owner().equals(currentUser(path.getFileSystem()))) {
            return;
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        permissions.addAll(attributes.permissions());
        if (permissions.removeAll(GROUP_AND_OTHERS)) {
            view.setPermissions(permissions);
        }
    }

    private static FileAttribute<?>[] directoryAttribute() {
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FOLDER)};
    }

    private static boolean isPosix(Path existing) {
        try {
            return Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException unknown) {
            return false;
        }
    }

    /** The user running Graft, or null when the platform cannot name it (then nothing counts as the user's). */
    private static UserPrincipal currentUser(FileSystem fileSystem) {
        String name = System.getProperty("user.name");
        if (name == null || name.isEmpty()) {
            return null;
        }
        try {
            return fileSystem.getUserPrincipalLookupService().lookupPrincipalByName(name);
        } catch (IOException | UnsupportedOperationException unknown) {
            return null;
        }
    }
}
