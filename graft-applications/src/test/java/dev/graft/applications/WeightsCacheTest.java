package dev.graft.applications;

import static dev.graft.applications.XceptionTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graft.testing.LocalHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsCacheTest {
    private static final String URL = "https://example.org/weights/model.h5";
    private static final byte[] CONTENT = "genuine weights".getBytes(StandardCharsets.US_ASCII);
    // The SHA-256 of "genuine weights", computed independently (printf 'genuine weights' | sha256sum).
    private static final String SHA256 = "522d02f6f45353b5aa0a153220dd0458ed2b1a684604c77ca2005ad6518dd5cc";

    @TempDir
    Path dir;

    private final List<String> fetched = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private WeightsCache cache(byte[] download) {
        return WeightsCache.builder().setGraftHome(dir.resolve("graft")).optKerasHome(dir.resolve("keras"))
                .optWarnings(warnings::add)
                .optFetcher((url, target, hash) -> {
                    fetched.add(url + " -> " + target.getFileName() + " #" + hash);
                    assertEquals(dir.resolve("graft/models"), target.getParent(), "written beside the cache entry");
                    Files.write(target, download);
                }).build();
    }

    private static RemoteFile file() {
        return new RemoteFile("model.h5", URL, SHA256);
    }

    private static Path write(Path path, byte[] content) {
        try {
            Files.createDirectories(path.getParent());
            return Files.write(path, content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void hashesFilesAsSha256sumAndMd5sum() {
        Path abc = write(dir.resolve("abc"), "abc".getBytes(StandardCharsets.US_ASCII));
        // The standard test vectors for "abc" (FIPS 180-2 and RFC 1321).
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", WeightsCache.hash(abc, "SHA-256"));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", WeightsCache.hash(abc, "MD5"));
    }

    @Test
    void usesGraftsCopyWhenItsHashIsRight() {
        RemoteFile file = file();
        Path cached = write(dir.resolve("graft/models/model.h5"), CONTENT);
        assertEquals(cached, cache(CONTENT).get(file));
        assertEquals(List.of(), fetched);
        assertEquals(List.of(), warnings);
    }

    @Test
    void usesKerasCopyWhenItsHashIsRight() {
        RemoteFile file = file();
        Path keras = write(dir.resolve("keras/models/model.h5"), CONTENT);
        assertEquals(keras, cache(CONTENT).get(file));
        assertEquals(List.of(), fetched);
    }

    @Test
    void downloadsIntoGraftsCacheWhenNoCopyHasTheRightHash() throws IOException {
        RemoteFile file = file();
        write(dir.resolve("graft/models/model.h5"), "truncated".getBytes(StandardCharsets.US_ASCII));
        write(dir.resolve("keras/models/model.h5"), "outdated".getBytes(StandardCharsets.US_ASCII));
        Path got = cache(CONTENT).get(file);
        Path target = dir.resolve("graft/models/model.h5");
        assertEquals(target, got);
        assertEquals(1, fetched.size());
        assertTrue(fetched.get(0).matches(java.util.regex.Pattern.quote(URL + " -> .model.h5.") + "[0-9a-f]+\\.tmp #"
                + file.hash()), "the fetcher writes a hidden temporary file, renamed once verified: " + fetched);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("does not match the published " + file.hash()), warnings.get(0));
        assertTrue(warnings.get(0).contains(target.toString()), warnings.get(0));
        assertEquals("genuine weights", Files.readString(got));
    }

    @Test
    void downloadingFetcherFetchesOverHttpAndVerifiesBeforeInstalling() throws IOException {
        try (LocalHttpServer server = LocalHttpServer.start()) {
            server.route("/weights/model.h5", LocalHttpServer.file(CONTENT));
            server.route("/weights/bad.h5", LocalHttpServer.file("tampered".getBytes(StandardCharsets.US_ASCII)));
            WeightsCache cache = WeightsCache.builder().setGraftHome(dir.resolve("graft"))
                    .optFetcher(WeightsFetcher.downloading()).optWarnings(warnings::add).build();
            Path got = cache.get(new RemoteFile("model.h5", server.url("/weights/model.h5"), SHA256));
            assertEquals(dir.resolve("graft/models/model.h5"), got);
            assertEquals(new String(CONTENT, StandardCharsets.US_ASCII), Files.readString(got));
            RemoteFile bad = new RemoteFile("bad.h5", server.url("/weights/bad.h5"), SHA256);
            assertThrows(IllegalStateException.class, () -> cache.get(bad));
            assertTrue(Files.notExists(dir.resolve("graft/models/bad.h5")), "a file with the wrong hash is not installed");
        }
    }

    @Test
    void rejectsACorruptedDownloadWithoutInstallingIt() throws IOException {
        RemoteFile file = file();
        byte[] outdated = "outdated".getBytes(StandardCharsets.US_ASCII);
        Path target = write(dir.resolve("graft/models/model.h5"), outdated);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cache("corrupted".getBytes(StandardCharsets.US_ASCII)).get(file));
        assertTrue(e.getMessage().contains("Incomplete or corrupted file detected"), e.getMessage());
        assertTrue(e.getMessage().contains(file.hash()), e.getMessage());
        assertTrue(e.getMessage().contains(URL), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was installed at " + target), e.getMessage());
        assertArrayEquals(outdated, Files.readAllBytes(target), "the previous file is untouched");
        assertEquals(List.of(target), filesIn(target.getParent()), "no temporary file is left");
    }

    @Test
    void aFetcherThatFailsHalfWayLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        byte[] outdated = "outdated".getBytes(StandardCharsets.US_ASCII);
        Path target = write(dir.resolve("graft/models/model.h5"), outdated);
        WeightsCache failing = WeightsCache.builder().setGraftHome(dir.resolve("graft")).optWarnings(warnings::add)
                .optFetcher((url, temp, hash) -> {
                    Files.write(temp, Arrays.copyOf(CONTENT, CONTENT.length / 2));
                    throw new IOException("connection reset");
                }).build();

        assertMessage(() -> failing.get(file()), "connection reset", URL);

        assertArrayEquals(outdated, Files.readAllBytes(target));
        assertEquals(List.of(target), filesIn(target.getParent()));
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    @Test
    void theCacheFolderAndItsFilesAreUserOnly() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class));
        Path got = cache(CONTENT).get(file());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(got.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(got)));
    }

    @Test
    void acceptsAnyExistingCopyWhenNoHashIsPublished() {
        RemoteFile file = new RemoteFile("model.h5", URL, null);
        assertNull(file.hashAlgorithm());
        Path cached = write(dir.resolve("graft/models/model.h5"), "anything".getBytes(StandardCharsets.US_ASCII));
        assertEquals(cached, cache(CONTENT).get(file));
        assertEquals(List.of(), fetched);
    }

    @Test
    void offlineFetcherNamesTheFileTheUrlAndWhereToPlaceIt() {
        RemoteFile file = file();
        WeightsCache offline = WeightsCache.builder().setGraftHome(dir.resolve("graft")).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> offline.get(file));
        assertTrue(e.getMessage().contains("Cannot download model.h5"), e.getMessage());
        assertTrue(e.getMessage().contains(URL), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("graft/models/model.h5").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(file.hash()), e.getMessage());
        assertEquals(null, offline.kerasModels());
    }

    @Test
    void wrapsDownloadErrorsWithTheirContext() {
        WeightsCache failing = WeightsCache.builder().setGraftHome(dir.resolve("graft"))
                .optFetcher((url, target, hash) -> {
                    throw new IOException("connection reset");
                }).build();
        assertMessage(() -> failing.get(file()), "model.h5", URL, "connection reset");
    }

    @Test
    void defaultsFollowTheEnvironmentAsKerasDoes() {
        Path home = Path.of("/home/someone");
        WeightsCache plain = WeightsCache.fromEnvironment(Map.of(), home);
        assertEquals(home.resolve(".graft/models"), plain.graftModels());
        assertEquals(home.resolve(".keras/models"), plain.kerasModels());
        WeightsCache moved = WeightsCache.fromEnvironment(Map.of("GRAFT_HOME", "/data/graft", "KERAS_HOME", "/data/keras"),
                home);
        assertEquals(Path.of("/data/graft/models"), moved.graftModels());
        assertEquals(Path.of("/data/keras/models"), moved.kerasModels());
    }

    @Test
    void remoteFilesCheckTheirFields() {
        assertEquals("MD5", new RemoteFile("a.h5", URL, "0A58E3B7378BC2990EA3B43D5981F1F6").hashAlgorithm());
        assertEquals("0a58e3b7378bc2990ea3b43d5981f1f6", new RemoteFile("a.h5", URL, "0A58E3B7378BC2990EA3B43D5981F1F6")
                .hash());
        assertMessage(() -> new RemoteFile("dir/a.h5", URL, null), "dir/a.h5");
        assertMessage(() -> new RemoteFile("a.h5", " ", null), "URL");
        assertMessage(() -> new RemoteFile("a.h5", URL, "xyz"), "xyz", "hex");
        assertMessage(() -> WeightsCache.builder().build(), "setGraftHome");
    }
}
