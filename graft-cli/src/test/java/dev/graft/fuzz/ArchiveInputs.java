package dev.graft.fuzz;

import dev.graft.download.Checksum;
import dev.graft.download.Downloader;
import dev.graft.download.RemoteFile;
import dev.graft.download.ZipExtractor;
import dev.graft.testing.LocalHttpServer;
import dev.graft.training.ProgressOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipOutputStream;

/**
 * Hostile archives for {@link ZipExtractor} (entries escaping the target, truncated, random or bit-flipped
 * zips) and failing downloads from a server on 127.0.0.1 for {@link Downloader} (HTTP errors, redirect
 * loops, wrong hashes and sizes, transfers that keep breaking off or stalling).
 */
final class ArchiveInputs implements FuzzInputs {
    private static final String FAMILY = "archives and downloads";
    private static final String[] ESCAPING = {"../evil.txt", "../../evil.txt", "/tmp/graft-fuzz-evil.txt",
        "safe/../../evil.txt", "..\\evil.txt", "C:\\evil.txt", "C:/evil.txt", "a/b/../../../evil.txt"};

    private final Path dir;
    private final LocalHttpServer server;
    private final byte[] content;
    private final String sha256;

    ArchiveInputs(Path dir) throws IOException {
        this.dir = dir;
        this.server = LocalHttpServer.start();
        this.content = Mutations.randomBytes(new Random(3), 50_000);
        this.sha256 = sha256(content);
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public FuzzCase next(int index, Random random) throws IOException {
        String stem = "fuzz-archive-" + index;
        return switch (index % 10) {
            case 0, 1 -> escaping(stem, random);
            case 2 -> extract(stem, Mutations.truncate(validZip(random), random), false, "a truncated zip");
            case 3 -> extract(stem, random.nextBoolean() ? new byte[0] : Mutations.randomBytes(random, 1 + random.nextInt(
                    4096)), false, "an empty or random zip");
            case 4 -> extract(stem, Mutations.flipBits(validZip(random), random, 8), true, "a bit-flipped zip");
            case 5 -> httpStatus(stem, random);
            case 6 -> redirectLoop(stem, random);
            case 7 -> wrongHashOrSize(stem, random);
            default -> brokenTransfer(stem, random);
        };
    }

    private FuzzCase escaping(String stem, Random random) throws IOException {
        String entry = ESCAPING[random.nextInt(ESCAPING.length)];
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            if (random.nextBoolean()) {
                put(zip, "fine/first.txt", "harmless");
            }
            put(zip, entry, "escaped");
        }
        String name = stem + ".zip";
        Path archive = dir.resolve(name);
        Files.write(archive, bytes.toByteArray());
        Path box = Files.createDirectories(dir.resolve(stem + "-box"));
        return FuzzCase.refused(FAMILY, "zip entry '" + entry + "' (" + name + ")", name, () -> {
            try {
                new ZipExtractor().extract(archive, box.resolve("out"));
            } finally {
                // Whatever happened, nothing may have been written outside the target folder.
                try (Stream<Path> files = Files.walk(dir)) {
                    if (files.anyMatch(f -> f.getFileName().toString().equals("evil.txt"))
                            || Files.exists(Path.of("/tmp/graft-fuzz-evil.txt"))) {
                        throw new AssertionError("an entry escaped the target folder of " + archive);
                    }
                }
            }
        });
    }

    private FuzzCase extract(String stem, byte[] bytes, boolean mayAccept, String description) throws IOException {
        String name = stem + ".zip";
        Path archive = dir.resolve(name);
        Files.write(archive, bytes);
        Path target = dir.resolve(stem + "-out");
        FuzzCase.Attempt attempt = () -> new ZipExtractor().extract(archive, target);
        return new FuzzCase(FAMILY, description + " (" + name + ")", name, mayAccept, attempt);
    }

    private byte[] validZip(Random random) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                put(zip, "data/file" + i + ".txt", "line " + i + "\n".repeat(1 + random.nextInt(200)));
            }
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(StableZipEntries.entry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private FuzzCase httpStatus(String stem, Random random) {
        int[] statuses = {400, 401, 403, 404, 410, 500, 502, 503};
        int status = statuses[random.nextInt(statuses.length)];
        String path = "/" + stem + ".bin";
        server.route(path, LocalHttpServer.status(status));
        return download(stem, path, Checksum.sha256(sha256), "HTTP " + status);
    }

    private FuzzCase redirectLoop(String stem, Random random) {
        String path = "/" + stem + ".bin";
        int hops = 1 + random.nextInt(3);
        for (int i = 0; i < hops; i++) {
            String from = i == 0 ? path : path + "." + i;
            String to = i + 1 == hops ? path : path + "." + (i + 1);
            server.route(from, LocalHttpServer.redirect(server.url(to)));
        }
        return download(stem, path, Checksum.sha256(sha256), "a redirect loop of " + hops + " hop(s)");
    }

    private FuzzCase wrongHashOrSize(String stem, Random random) throws IOException {
        String path = "/" + stem + ".bin";
        server.route(path, LocalHttpServer.file(content));
        if (random.nextBoolean()) {
            String wrong = sha256(Mutations.flipBits(content, random, 1));
            return download(stem, path, Checksum.sha256(wrong), "a wrong sha256");
        }
        String name = stem + ".bin";
        RemoteFile remote = RemoteFile.of(server.url(path), Checksum.sha256(sha256)).withSize(content.length + 1
                + random.nextInt(100));
        Path cache = Files.createDirectories(dir.resolve(stem + "-cache"));
        return FuzzCase.refused(FAMILY, "a wrong size (" + name + ")", name, () -> downloader(cache).fetch(remote));
    }

    private FuzzCase brokenTransfer(String stem, Random random) {
        String path = "/" + stem + ".bin";
        boolean stall = random.nextInt(4) == 0;
        server.route(path, stall ? LocalHttpServer.stallingFirst(1_000, Duration.ofSeconds(2), content)
                : LocalHttpServer.droppingFirst(1_000, content));
        return download(stem, path, Checksum.sha256(sha256), stall ? "a stalling transfer" : "a truncated transfer");
    }

    private FuzzCase download(String stem, String path, Checksum checksum, String description) {
        String name = stem + ".bin";
        RemoteFile remote = RemoteFile.of(server.url(path), checksum);
        Path cache = dir.resolve(stem + "-cache");
        return FuzzCase.refused(FAMILY, description + " (" + name + ")", name, () -> {
            Files.createDirectories(cache);
            try {
                downloader(cache).fetch(remote);
            } finally {
                if (Files.exists(cache.resolve(name))) {
                    throw new AssertionError("a failed download of " + name + " was installed in the cache");
                }
            }
        });
    }

    private static Downloader downloader(Path cache) {
        return Downloader.builder().optCacheDir(cache).optOffline(false).optMaxAttempts(2)
                .optRetryDelay(Duration.ofMillis(1)).optIdleTimeout(Duration.ofMillis(300))
                .optConnectTimeout(Duration.ofSeconds(5)).optMaxRedirects(5)
                .optProgress(new ProgressOutput(new PrintStream(OutputStream.nullOutputStream()), false)).build();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
