package dev.graft.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.LocalHttpServer;
import dev.graft.training.ProgressOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
    private static final byte[] CONTENT = randomBytes(300_000, 7);

    @TempDir
    Path cache;

    private LocalHttpServer server;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws IOException {
        server = LocalHttpServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void downloadsVerifiesAndInstallsTheFile() throws IOException {
        server.route("/data/file.bin", LocalHttpServer.file(CONTENT));
        RemoteFile remote = RemoteFile.of(server.url("/data/file.bin"), Checksum.sha256(sha256(CONTENT)))
                .withSize(CONTENT.length);

        Path fetched = downloader().fetch(remote);

        assertEquals(cache.resolve("file.bin"), fetched);
        assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
        assertFalse(Files.exists(cache.resolve("file.bin.part")));
        String printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Downloading data from " + remote.url()), printed);
        assertTrue(printed.contains("100% [==============================] 293.0 KiB / 293.0 KiB"), printed);
    }

    @Test
    void aCachedFileWithTheRightChecksumIsNotFetchedAgain() {
        server.route("/f.bin", LocalHttpServer.file(CONTENT));
        RemoteFile remote = RemoteFile.of(server.url("/f.bin"), Checksum.sha256(sha256(CONTENT)));
        downloader().fetch(remote);
        downloader().fetch(remote);
        assertEquals(1, server.requests("/f.bin").size());
    }

    @Test
    void aCachedFileWithTheWrongChecksumIsReplaced() throws IOException {
        server.route("/f.bin", LocalHttpServer.file(CONTENT));
        Files.write(cache.resolve("f.bin"), new byte[] {1, 2, 3});
        Path fetched = downloader().fetch(RemoteFile.of(server.url("/f.bin"), Checksum.sha256(sha256(CONTENT))));
        assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
        assertEquals(1, server.requests("/f.bin").size());
    }

    @Test
    void aBrokenTransferIsResumedWithARangeRequest() throws IOException {
        server.route("/f.bin", LocalHttpServer.droppingFirst(1, CONTENT));
        Path fetched = downloader().fetch(RemoteFile.of(server.url("/f.bin"), Checksum.sha256(sha256(CONTENT))));

        assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
        List<LocalHttpServer.Request> requests = server.requests("/f.bin");
        assertEquals(2, requests.size());
        assertNull(requests.get(0).range());
        // The first response stopped after half the file, so the second asks for the rest.
        assertEquals("bytes=" + CONTENT.length / 2 + "-", requests.get(1).range());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("attempt 2 of 3 resumes"), log.toString());
    }

    @Test
    void aPartialFileLeftByAnEarlierRunIsResumed() throws IOException {
        server.route("/f.bin", LocalHttpServer.droppingFirst(1, CONTENT));
        RemoteFile remote = RemoteFile.of(server.url("/f.bin"), Checksum.sha256(sha256(CONTENT)));
        Downloader oneAttempt = builder().optMaxAttempts(1).build();

        UncheckedIOException broken = assertThrows(UncheckedIOException.class, () -> oneAttempt.fetch(remote));
        assertTrue(broken.getMessage().contains("next run resumes"), broken.getMessage());
        Path part = cache.resolve("f.bin.part");
        assertEquals(CONTENT.length / 2, Files.size(part));
        assertFalse(Files.exists(cache.resolve("f.bin")));

        Path fetched = oneAttempt.fetch(remote);
        assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
        assertEquals("bytes=" + CONTENT.length / 2 + "-", server.requests("/f.bin").get(1).range());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("Resuming after the 146.5 KiB already in " + part),
                log.toString());
    }

    @Test
    void aServerThatIgnoresRangesMakesTheDownloadStartOver() throws IOException {
        server.route("/f.bin", LocalHttpServer.ignoringRange(CONTENT));
        // A partial file whose bytes are wrong: appending the server's full answer would corrupt the result.
        Files.write(cache.resolve("f.bin.part"), new byte[1000]);

        Path fetched = downloader().fetch(RemoteFile.of(server.url("/f.bin"), Checksum.sha256(sha256(CONTENT))));

        assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
        assertEquals("bytes=1000-", server.requests("/f.bin").get(0).range());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("ignored the resume request"), log.toString());
    }

    @Test
    void wrongContentIsRefusedAndNothingIsInstalled() {
        byte[] other = randomBytes(CONTENT.length, 8);
        server.route("/f.bin", LocalHttpServer.file(other));
        RemoteFile remote = RemoteFile.of(server.url("/f.bin"), Checksum.sha256(sha256(CONTENT)));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> downloader().fetch(remote));

        assertTrue(e.getMessage().contains("has SHA-256 " + sha256(other) + " where " + sha256(CONTENT)
                + " is expected"), e.getMessage());
        assertTrue(e.getMessage().contains(remote.url().toString()), e.getMessage());
        assertFalse(Files.exists(cache.resolve("f.bin")));
        assertFalse(Files.exists(cache.resolve("f.bin.part")));
    }

    @Test
    void aWrongSizeIsRefusedBeforeTheChecksum() {
        server.route("/f.bin", LocalHttpServer.file(CONTENT));
        RemoteFile remote = RemoteFile.of(server.url("/f.bin"), Checksum.sha256(sha256(CONTENT)))
                .withSize(CONTENT.length + 1L);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> downloader().fetch(remote));
        assertTrue(e.getMessage().contains("has 300000 bytes where 300001 are expected"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("f.bin")));
    }

    @Test
    void anMd5ChecksumIsVerifiedToo() throws IOException, NoSuchAlgorithmException {
        server.route("/f.bin", LocalHttpServer.file(CONTENT));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(CONTENT));
        Path fetched = downloader().fetch(RemoteFile.of(server.url("/f.bin"), Checksum.of(md5)));
        assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
    }

    @Test
    void anHttpErrorNamesTheAddressAndTheStatus() {
        server.route("/broken", LocalHttpServer.status(500));
        String url = server.url("/broken");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> downloader().fetch(RemoteFile.of(url, null)));
        assertTrue(e.getMessage().contains("Download of " + url + " failed: the server answered HTTP 500"),
                e.getMessage());
        assertFalse(Files.exists(cache.resolve("broken.part")));
    }

    @Test
    void aMissingFileSaysSo() {
        String url = server.url("/nothing-here.zip");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> downloader().fetch(RemoteFile.of(url, null)));
        assertTrue(e.getMessage().contains("HTTP 404: the file is not there"), e.getMessage());
    }

    @Test
    void redirectsAreFollowed() throws IOException {
        server.route("/old", LocalHttpServer.redirect("/moved"))
                .route("/moved", LocalHttpServer.redirect(server.url("/final.bin")))
                .route("/final.bin", LocalHttpServer.file(CONTENT));
        Path fetched = downloader().fetch(RemoteFile.of(server.url("/old"), Checksum.sha256(sha256(CONTENT))));
        assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
        assertEquals(cache.resolve("old"), fetched);
    }

    @Test
    void aRedirectLoopIsAnError() {
        server.route("/a", LocalHttpServer.redirect("/b")).route("/b", LocalHttpServer.redirect("/a"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> downloader().fetch(RemoteFile.of(server.url("/a"), null)));
        assertTrue(e.getMessage().contains("redirect loop: " + server.url("/a") + " -> " + server.url("/b") + " -> "
                + server.url("/a")), e.getMessage());
    }

    @Test
    void redirectsAreBounded() {
        for (int i = 0; i < 5; i++) {
            server.route("/r" + i, LocalHttpServer.redirect("/r" + (i + 1)));
        }
        Downloader twoRedirects = builder().optMaxRedirects(2).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> twoRedirects.fetch(RemoteFile.of(server.url("/r0"), null)));
        assertTrue(e.getMessage().contains("more than 2 redirects"), e.getMessage());
        assertEquals(0, server.requests("/r3").size());
    }

    @Test
    void aStalledTransferTimesOutAndIsResumed() throws IOException {
        server.route("/slow.bin", LocalHttpServer.stallingFirst(1, Duration.ofSeconds(5), CONTENT));
        Downloader impatient = builder().optIdleTimeout(Duration.ofMillis(300)).build();

        Path fetched = impatient.fetch(RemoteFile.of(server.url("/slow.bin"), Checksum.sha256(sha256(CONTENT))));

        assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
        assertEquals("bytes=" + CONTENT.length / 10 + "-", server.requests("/slow.bin").get(1).range());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("(idle timeout)"), log.toString());
    }

    @Test
    void offlineModeFailsFastNamingTheFileAndWhereToPutIt() {
        server.route("/f.bin", LocalHttpServer.file(CONTENT));
        RemoteFile remote = RemoteFile.of(server.url("/f.bin"), Checksum.sha256(sha256(CONTENT)))
                .withSize(CONTENT.length);
        Downloader offline = builder().optOffline(true).build();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> offline.fetch(remote));

        assertEquals("Offline mode (GRAFT_OFFLINE=1 or optOffline(true)): cannot download " + remote.url()
                + " and it is not in the cache. Download it yourself and place it at " + cache.resolve("f.bin")
                + " (f.bin, SHA-256 " + sha256(CONTENT) + ", 300000 bytes), or turn offline mode off.", e.getMessage());
        assertEquals(0, server.requests("/f.bin").size());
    }

    @Test
    void offlineModeServesAVerifiedCachedFile() throws IOException {
        Files.write(cache.resolve("f.bin"), CONTENT);
        RemoteFile remote = RemoteFile.of(server.url("/f.bin"), Checksum.sha256(sha256(CONTENT)));
        assertEquals(cache.resolve("f.bin"), builder().optOffline(true).build().fetch(remote));
        assertEquals(0, server.requests("/f.bin").size());
    }

    @Test
    void offlineModeRefusesACachedFileWhoseChecksumNoLongerMatches() throws IOException {
        byte[] tampered = CONTENT.clone();
        tampered[1234] ^= 1;
        Files.write(cache.resolve("f.bin"), tampered);
        RemoteFile remote = RemoteFile.of(server.url("/f.bin"), Checksum.sha256(sha256(CONTENT)));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> builder().optOffline(true).build().fetch(remote));

        assertTrue(e.getMessage().contains("the cached file has SHA-256 " + sha256(tampered) + " where "
                + sha256(CONTENT) + " is expected"), e.getMessage());
        assertTrue(e.getMessage().contains("place it at " + cache.resolve("f.bin")), e.getMessage());
        assertArrayEquals(tampered, Files.readAllBytes(cache.resolve("f.bin")), "refused, not deleted or used");
        assertEquals(0, server.requests("/f.bin").size());
    }

    @Test
    void theEnvironmentTurnsOfflineModeOnAndOptionsWin() {
        assertTrue(builder().optEnvironment(Map.of("GRAFT_OFFLINE", "1")::get).build().offline());
        assertFalse(builder().optEnvironment(Map.of("GRAFT_OFFLINE", "0")::get).build().offline());
        assertFalse(builder().optEnvironment(Map.<String, String>of()::get).build().offline());
        assertFalse(builder().optEnvironment(Map.of("GRAFT_OFFLINE", "1")::get).optOffline(false).build().offline());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder().optEnvironment(Map.of("GRAFT_OFFLINE", "maybe")::get).build());
        assertTrue(e.getMessage().contains("GRAFT_OFFLINE must be 1 or 0"), e.getMessage());
    }

    @Test
    void theCacheFollowsGraftHome(@TempDir Path home) {
        Downloader d = Downloader.builder().optEnvironment(Map.of("GRAFT_HOME", home.toString())::get).build();
        assertEquals(home.resolve("downloads"), d.cacheDir());
        assertEquals(cache, builder().optEnvironment(Map.of("GRAFT_HOME", home.toString())::get).build().cacheDir());
    }

    @Test
    void onATerminalTheProgressLineIsRewrittenInPlace() {
        server.route("/f.bin", LocalHttpServer.file(CONTENT));
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        Downloader d = builder().optProgress(new ProgressOutput(new PrintStream(terminal, true), true)).build();
        d.fetch(RemoteFile.of(server.url("/f.bin"), null));
        String printed = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("\r100% [==============================] 293.0 KiB / 293.0 KiB"), printed);
        assertTrue(printed.endsWith("\n"), printed);
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> builder().optMaxAttempts(0).build());
        assertThrows(IllegalArgumentException.class, () -> builder().optIdleTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> builder().optMaxRedirects(-1).build());
        assertThrows(IllegalArgumentException.class, () -> RemoteFile.of("ftp://host/file", null));
        assertThrows(IllegalArgumentException.class, () -> RemoteFile.of("http://host/", null));
    }

    private Downloader downloader() {
        return builder().build();
    }

    private Downloader.Builder builder() {
        return Downloader.builder()
                .optCacheDir(cache)
                .optProgress(new ProgressOutput(new PrintStream(log, true, StandardCharsets.UTF_8), false))
                .optMaxAttempts(3)
                .optRetryDelay(Duration.ZERO)
                .optEnvironment(Map.<String, String>of()::get);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
