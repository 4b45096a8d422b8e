package dev.graft.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.download.Downloader;
import dev.graft.testing.LocalHttpServer;
import dev.graft.testing.SharedData;
import dev.graft.training.ProgressOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end against a small archive in the official layout, served from 127.0.0.1. */
class CatsVsDogsTest {
    private static final int PHOTOS_PER_CLASS = 10;
    private static final String ZIP_PATH = "/download/kagglecatsanddogs_5340.zip";

    @TempDir
    Path dir;

    private LocalHttpServer server;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    /** The archive's entries: name to bytes, null for a folder. */
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final List<String> expectedKept = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        server = LocalHttpServer.start();
        Path cats = SharedData.require("data/cats_and_dogs_filtered/train/cats");
        Path dogs = SharedData.require("data/cats_and_dogs_filtered/train/dogs");
        entries.put("PetImages/", null);
        entries.put("PetImages/Cat/", null);
        entries.put("PetImages/Dog/", null);
        for (int i = 0; i < PHOTOS_PER_CLASS; i++) {
            photo("PetImages/Cat/" + i + ".jpg", cats.resolve("cat." + i + ".jpg"));
            photo("PetImages/Dog/" + i + ".jpg", dogs.resolve("dog." + i + ".jpg"));
        }
        entries.put("readme[1].txt", "Cats and dogs".getBytes(StandardCharsets.UTF_8));
        entries.put("PetImages/Cat/Thumbs.db", new byte[] {0x4a, 0x46, 0x49, 0x46}); // "JFIF", but not an example
        entries.put("PetImages/Dog/Thumbs.db", new byte[100]);
        entries.put("PetImages/Cat/cat.5.jpg", Files.readAllBytes(cats.resolve("cat.5.jpg"))); // name does not fit
        // Skipped as corrupt: empty, random bytes, and JFIF beyond the 512 bytes TFDS looks at.
        entries.put("PetImages/Cat/666.jpg", new byte[0]);
        entries.put("PetImages/Dog/11702.jpg", noJfif(5000));
        entries.put("PetImages/Cat/20.jpg", jfifAt(600, 2000));
        // Kept: JFIF at byte 100, inside TFDS' 512-byte window though not in its first 10 bytes.
        entries.put("PetImages/Dog/21.jpg", jfifAt(100, 2000));
        expectedKept.add("PetImages/Dog/21.jpg");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void preparesTheExamplesTfdsKeepsInTfdsOrder() throws IOException {
        byte[] zip = zip(entries);
        server.route(ZIP_PATH, LocalHttpServer.file(zip));

        PreparedDataset data = builder(zip).build().prepare();

        int n = expectedKept.size();
        assertEquals(2 * PHOTOS_PER_CLASS + 1, n);
        assertEquals(3, data.numSkipped());
        assertEquals(Map.of("train", n), data.splitSizes());
        assertEquals(List.of("cat", "dog"), data.classNames());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("3 images were corrupted and were skipped"));

        // TFDS' stored order: ascending int(md5(b"train" + name).hexdigest(), 16); one shard, so read in that order.
        List<String> stored = new ArrayList<>(expectedKept);
        stored.sort(Comparator.comparing(name -> new BigInteger(1, md5("train" + name))));
        List<LabelledFile> all = data.examples("train");
        assertEquals(stored, all.stream().map(LabelledFile::name).toList());
        for (LabelledFile example : all) {
            assertEquals(example.name().contains("/Cat/") ? 0 : 1, example.label(), example.name());
            assertEquals(data.root().resolve(example.name()), example.path());
            assertArrayEquals(entries.get(example.name()), Files.readAllBytes(example.path()), example.name());
        }

        // Slices hold [round(a * n / 100), round(b * n / 100)) of that order, ties to even.
        int at40 = closest(40, n);
        int at50 = closest(50, n);
        int at60 = closest(60, n);
        assertEquals(all.subList(0, at40), data.examples("train[:40%]"));
        assertEquals(all.subList(at40, at50), data.examples("train[40%:50%]"));
        assertEquals(all.subList(at50, at60), data.examples("train[50%:60%]"));
        int tenth = closest(10, n);
        List<LabelledFile> ends = new ArrayList<>(all.subList(0, tenth));
        ends.addAll(all.subList(n - tenth, n));
        assertEquals(ends, data.examples("train[:10%]+train[-10%:]"));
        assertEquals(all.subList(n - 5, n), data.examples("train[-5:]"));
    }

    @Test
    void aSecondPreparationUsesTheCacheAndTheExtraction() throws IOException {
        byte[] zip = zip(entries);
        server.route(ZIP_PATH, LocalHttpServer.file(zip));
        PreparedDataset first = builder(zip).build().prepare();
        Path marker = Files.writeString(first.root().resolve("marker.txt"), "kept");

        PreparedDataset second = builder(zip).build().prepare();

        assertEquals(1, server.requests(ZIP_PATH).size());
        assertEquals(first.root(), second.root());
        assertTrue(Files.exists(marker));
        assertEquals(first.examples("train"), second.examples("train"));
    }

    @Test
    void anInterruptedDownloadIsResumed() throws IOException {
        byte[] zip = zip(entries);
        server.route(ZIP_PATH, LocalHttpServer.droppingFirst(1, zip));

        PreparedDataset data = builder(zip).build().prepare();

        assertEquals(expectedKept.size(), data.splitSizes().get("train"));
        List<LocalHttpServer.Request> requests = server.requests(ZIP_PATH);
        assertEquals(2, requests.size());
        assertEquals("bytes=" + zip.length / 2 + "-", requests.get(1).range());
    }

    @Test
    void anArchiveWithTheWrongChecksumIsRefusedAndNothingIsInstalled() throws IOException {
        byte[] zip = zip(entries);
        server.route(ZIP_PATH, LocalHttpServer.file(zip));
        CatsVsDogs builder = builder(zip).optExpectedSha256(sha256("another archive".getBytes(StandardCharsets.UTF_8)))
                .build();

        IllegalStateException e = assertThrows(IllegalStateException.class, builder::prepare);

        assertTrue(e.getMessage().contains("nothing was installed"), e.getMessage());
        assertEquals(List.of(), visibleFiles(dir.resolve("cache")));
        assertFalse(Files.exists(dir.resolve("datasets")));
    }

    @Test
    void anArchiveThatEscapesItsFolderIsRefused() throws IOException {
        entries.put("PetImages/../../evil.jpg", jfifAt(6, 100));
        byte[] zip = zip(entries);
        server.route(ZIP_PATH, LocalHttpServer.file(zip));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder(zip).build().prepare());

        assertTrue(e.getMessage().contains("\"PetImages/../../evil.jpg\" would be written outside"), e.getMessage());
        assertEquals(List.of(), visibleFiles(dir.resolve("datasets")));
        try (Stream<Path> everything = Files.walk(dir)) {
            assertFalse(everything.anyMatch(p -> p.getFileName().toString().equals("evil.jpg")));
        }
    }

    @Test
    void offlineWithoutTheArchiveSaysWhatToPlaceWhere() {
        String url = server.url(ZIP_PATH);
        CatsVsDogs offline = CatsVsDogs.builder().optUrl(url).optCacheDir(dir.resolve("cache")).optOffline(true)
                .optOutput(dir.resolve("datasets")).optProgress(progress()).build();

        IllegalStateException e = assertThrows(IllegalStateException.class, offline::prepare);

        // A mirror keeps the official checksum and size.
        assertTrue(e.getMessage().contains("cannot download " + url), e.getMessage());
        assertTrue(e.getMessage().contains("place it at " + dir.resolve("cache").resolve("kagglecatsanddogs_5340.zip")
                + " (kagglecatsanddogs_5340.zip, SHA-256 " + CatsVsDogs.SHA256 + ", 824887076 bytes)"), e.getMessage());
        assertEquals(0, server.requests(ZIP_PATH).size());
    }

    @Test
    void theCountOf1738IsEnforcedForTheOfficialArchiveOnly() {
        Path folder = dir.resolve("x");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CatsVsDogs.requireTfdsSkipCount(true, 1737, folder));
        assertTrue(e.getMessage().contains("Expected 1738 corrupt images in the official archive, but found 1737"),
                e.getMessage());
        assertDoesNotThrow(() -> CatsVsDogs.requireTfdsSkipCount(true, 1738, folder));
        assertDoesNotThrow(() -> CatsVsDogs.requireTfdsSkipCount(false, 3, folder));
    }

    @Test
    void conflictingOptionsAreRefused() {
        Downloader downloader = Downloader.builder().optCacheDir(dir).build();
        assertThrows(IllegalArgumentException.class,
                () -> CatsVsDogs.builder().optDownloader(downloader).optCacheDir(dir).build());
        assertThrows(IllegalArgumentException.class, () -> CatsVsDogs.builder().optExpectedSha256("abc").build());
        assertThrows(IllegalArgumentException.class, () -> CatsVsDogs.builder().optUrl("not a url").build());
        assertEquals(List.of("cat", "dog"), CatsVsDogs.classNames());
    }

    @Test
    void aBrokenDownloadReportsWhereThePartialFileIs() throws IOException {
        byte[] zip = zip(entries);
        server.route(ZIP_PATH, LocalHttpServer.droppingFirst(5, zip));
        Downloader once = Downloader.builder().optCacheDir(dir.resolve("cache")).optMaxAttempts(1)
                .optProgress(progress()).build();
        CatsVsDogs cats = CatsVsDogs.builder().optDownloader(once).optUrl(server.url(ZIP_PATH))
                .optExpectedSha256(sha256(zip)).optOutput(dir.resolve("datasets")).optProgress(progress()).build();

        UncheckedIOException e = assertThrows(UncheckedIOException.class, cats::prepare);

        assertTrue(e.getMessage().contains("kagglecatsanddogs_5340.zip.part and the next run resumes"), e.getMessage());
    }

    private CatsVsDogs.Builder builder(byte[] zip) {
        Downloader downloader = Downloader.builder().optCacheDir(dir.resolve("cache")).optRetryDelay(Duration.ZERO)
                .optProgress(progress()).build();
        return CatsVsDogs.builder()
                .optDownloader(downloader)
                .optUrl(server.url(ZIP_PATH))
                .optExpectedSha256(sha256(zip))
                .optOutput(dir.resolve("datasets"))
                .optProgress(progress());
    }

    private ProgressOutput progress() {
        return new ProgressOutput(new PrintStream(log, true, StandardCharsets.UTF_8), false);
    }

    private void photo(String name, Path source) throws IOException {
        entries.put(name, Files.readAllBytes(source));
        expectedKept.add(name);
    }

    /** TFDS' closest rounding: Python's round(p * n / 100.), ties to even. */
    private static int closest(int percent, int n) {
        return (int) Math.rint(percent * n / 100.0);
    }

    /** Random bytes that do not contain JFIF anywhere. */
    private static byte[] noJfif(int size) {
        byte[] bytes = new byte[size];
        new Random(5).nextBytes(bytes);
        assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains("JFIF"));
        return bytes;
    }

    /** Zeros with JFIF at {@code offset}. */
    private static byte[] jfifAt(int offset, int size) {
        byte[] bytes = new byte[size];
        System.arraycopy("JFIF".getBytes(StandardCharsets.US_ASCII), 0, bytes, offset, 4);
        return bytes;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                if (entry.getValue() != null) {
                    out.write(entry.getValue());
                }
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static List<String> visibleFiles(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.map(p -> p.getFileName().toString()).filter(name -> !name.startsWith(".")).toList();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
