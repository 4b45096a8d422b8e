package dev.graft.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graft.testing.LocalHttpServer;
import dev.graft.training.ProgressOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graft's caches are readable by their owner only: folders 0700, files 0600, on POSIX file systems. */
class UserOnlyFilesTest {
    private static final byte[] CONTENT = DownloaderTest.randomBytes(10_000, 11);

    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class),
                "the file system of " + dir + " has no POSIX permissions: Graft keeps the platform's defaults there");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static void chmod(Path path, String permissions) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    @Test
    void missingCacheFoldersAreCreatedUserOnlyAndExistingParentsAreLeftAlone() throws IOException {
        chmod(dir, "rwxr-xr-x");
        Path cache = dir.resolve("home/.graft/downloads");

        assertEquals(cache, UserOnlyFiles.createCacheDirectories(cache));

        assertEquals("rwx------", permissions(dir.resolve("home")));
        assertEquals("rwx------", permissions(dir.resolve("home/.graft")));
        assertEquals("rwx------", permissions(cache));
        assertEquals("rwxr-xr-x", permissions(dir), "a folder that existed above the cache is not changed");
    }

    @Test
    void anExistingCacheFolderOfTheUserLosesGroupAndOtherRights() throws IOException {
        Path cache = Files.createDirectory(dir.resolve("downloads"));
        chmod(cache, "rwxrwxr-x");
        UserOnlyFiles.createCacheDirectories(cache);
        assertEquals("rwx------", permissions(cache));

        Path file = Files.writeString(cache.resolve("old.bin"), "cached by an earlier version");
        chmod(file, "rw-r--r--");
        UserOnlyFiles.tighten(file);
        assertEquals("rw-------", permissions(file));
    }

    @Test
    void aFolderOfAnotherUserIsNotChanged() throws IOException {
        UserPrincipal nobody;
        try {
            nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        } catch (IOException e) {
            nobody = null;
        }
        assumeTrue(nobody != null, "no user 'nobody' to own the shared folder");
        Path shared = Files.createDirectory(dir.resolve("shared-cache"));
        chmod(shared, "rwxr-xr-x");
        try {
            Files.setOwner(shared, nobody);
        } catch (IOException notRoot) {
            assumeTrue(false, "only root can give a folder to another user: " + notRoot);
        }

        UserOnlyFiles.createCacheDirectories(shared);

        assertEquals("rwxr-xr-x", permissions(shared), "an administrator's shared cache keeps its permissions");
    }

    @Test
    void aLinkIsNotFollowed() throws IOException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        chmod(outside, "rwxr-xr-x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), outside);
        UserOnlyFiles.tighten(link);
        assertEquals("rwxr-xr-x", permissions(outside));
    }

    @Test
    void filesCreatedWithTheAttributesAreUserOnly() throws IOException {
        Path file = Files.createFile(dir.resolve("new.bin"), UserOnlyFiles.fileAttributes(dir));
        assertEquals("rw-------", permissions(file));
        Path folder = Files.createDirectory(dir.resolve("new"), UserOnlyFiles.directoryAttributes(dir));
        assertEquals("rwx------", permissions(folder));
    }

    @Test
    void downloadsPartialFilesAndLocksAreUserOnly() throws IOException {
        Path cache = dir.resolve("graft/downloads");
        try (LocalHttpServer server = LocalHttpServer.start()) {
            server.route("/f.bin", LocalHttpServer.droppingFirst(1, CONTENT));
            RemoteFile remote = RemoteFile.of(server.url("/f.bin"), Checksum.sha256(DownloaderTest.sha256(CONTENT)));
            Downloader oneAttempt = downloader(cache);

            assertThrows(UncheckedIOException.class, () -> oneAttempt.fetch(remote));
            assertEquals("rwx------", permissions(cache));
            assertEquals("rw-------", permissions(cache.resolve("f.bin.part")));
            assertEquals("rw-------", permissions(cache.resolve(".f.bin.lock")));

            Path fetched = oneAttempt.fetch(remote);
            assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
            assertEquals("rw-------", permissions(fetched));
        }
    }

    @Test
    void aCacheOfAnEarlierVersionIsTightenedWhenUsed() throws IOException {
        Path cache = Files.createDirectories(dir.resolve("downloads"));
        chmod(cache, "rwxr-xr-x");
        Path cached = Files.write(cache.resolve("f.bin"), CONTENT);
        chmod(cached, "rw-r--r--");
        RemoteFile remote = RemoteFile.of("http://127.0.0.1:9/f.bin", Checksum.sha256(DownloaderTest.sha256(CONTENT)));

        assertEquals(cached, downloader(cache).fetch(remote));

        assertEquals("rwx------", permissions(cache));
        assertEquals("rw-------", permissions(cached));
    }

    @Test
    void extractedFoldersAndFilesAreUserOnly() throws IOException {
        Path zip = dir.resolve("a.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("folder/"));
            out.putNextEntry(new ZipEntry("folder/a.txt"));
            out.write("a".getBytes(StandardCharsets.US_ASCII));
            out.putNextEntry(new ZipEntry("implied/b.txt"));
            out.write("b".getBytes(StandardCharsets.US_ASCII));
        }
        Path target = new ZipExtractor().extract(zip, dir.resolve("datasets/a/out"));

        assertEquals("rwx------", permissions(dir.resolve("datasets")), "created above the target");
        assertEquals("rwx------", permissions(dir.resolve("datasets/a")));
        try (Stream<Path> all = Files.walk(target)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                assertEquals(Files.isDirectory(path) ? "rwx------" : "rw-------", permissions(path), path.toString());
            }
        }
        assertEquals("b", Files.readString(target.resolve("implied/b.txt")));
    }

    private static Downloader downloader(Path cache) {
        return Downloader.builder().optCacheDir(cache)
                .optProgress(new ProgressOutput(new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), false))
                .optMaxAttempts(1)
                .optRetryDelay(Duration.ZERO)
                .optEnvironment(Map.<String, String>of()::get)
                .build();
    }
}
