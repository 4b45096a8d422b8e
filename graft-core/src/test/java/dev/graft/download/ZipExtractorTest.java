package dev.graft.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZipExtractorTest {
    @TempDir
    Path dir;

    @Test
    void extractsFilesAndFoldersIntoTheTarget() throws IOException {
        Path zip = zip(entries("top/", null, "top/a.txt", "alpha", "top/sub/b.txt", "beta", "c.txt", ""));
        Path target = dir.resolve("out");

        assertEquals(target, new ZipExtractor().extract(zip, target));

        assertEquals("alpha", Files.readString(target.resolve("top/a.txt")));
        assertEquals("beta", Files.readString(target.resolve("top/sub/b.txt")));
        assertEquals(0, Files.size(target.resolve("c.txt")));
        assertEquals(List.of("out", "out.zip"), listing(dir));
    }

    @Test
    void windowsSeparatorsAndDotSegmentsStayInside() throws IOException {
        Path zip = zip(entries("a\\b.txt", "x", "./c//d.txt", "y"));
        Path target = new ZipExtractor().extract(zip, dir.resolve("out"));
        assertEquals("x", Files.readString(target.resolve("a/b.txt")));
        assertEquals("y", Files.readString(target.resolve("c/d.txt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.txt", "ok/../../evil.txt", "/etc/evil.txt", "C:/evil.txt", "C:evil.txt",
            "..\\evil.txt", "ok\\..\\..\\evil.txt", "\\evil.txt"})
    void entriesThatEscapeTheTargetAreRefusedAndNothingIsLeft(String name) throws IOException {
        Path zip = zip(entries("fine.txt", "ok", name, "evil"));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ZipExtractor().extract(zip, dir.resolve("out")));

        assertTrue(e.getMessage().contains("the entry \"" + name + "\" would be written outside the target folder"),
                e.getMessage());
        assertEquals(List.of("out.zip"), listing(dir));
    }

    @Test
    void aNameWrittenTwiceIsRefused() throws IOException {
        // ZipOutputStream refuses identical names, but these two name the same file once normalized.
        Path zip = zip(entries("a/b.txt", "first", "a\\b.txt", "second"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ZipExtractor().extract(zip, dir.resolve("out")));
        assertTrue(e.getMessage().contains("names a file that an earlier entry already wrote"), e.getMessage());
        assertEquals(List.of("out.zip"), listing(dir));
    }

    @Test
    void tooManyBytesAreRefused() throws IOException {
        // 3 x 1 MiB of zeros compress to almost nothing: a small bomb.
        String mib = "\0".repeat(1 << 20);
        Path zip = zip(entries("a", mib, "b", mib, "c", mib));
        ZipExtractor bounded = ZipExtractor.builder().optMaxTotalBytes(2L << 20).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> bounded.extract(zip, dir.resolve("out")));
        assertTrue(e.getMessage().contains("expands to more than 2097152 bytes"), e.getMessage());
        assertEquals(List.of("out.zip"), listing(dir));
        assertTrue(Files.size(zip) < 100_000, "the archive should be small: " + Files.size(zip));
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Path zip = zip(entries("a", "1", "b", "2", "c", "3"));
        ZipExtractor bounded = ZipExtractor.builder().optMaxEntries(2).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> bounded.extract(zip, dir.resolve("out")));
        assertTrue(e.getMessage().contains("more than 2 entries"), e.getMessage());
        assertEquals(List.of("out.zip"), listing(dir));
    }

    @Test
    void leftoversOfACrashedExtractionAreRemoved() throws IOException {
        Path leftover = Files.createDirectories(dir.resolve(".out.partial-123/half"));
        Files.writeString(leftover.resolve("written.txt"), "half");
        Path zip = zip(entries("a.txt", "whole"));

        Path target = new ZipExtractor().extract(zip, dir.resolve("out"));

        assertEquals("whole", Files.readString(target.resolve("a.txt")));
        assertFalse(Files.exists(dir.resolve(".out.partial-123")));
    }

    @Test
    void anExistingTargetIsAFinishedExtractionAndIsKept() throws IOException {
        Path zip = zip(entries("a.txt", "new"));
        Path target = Files.createDirectories(dir.resolve("out"));
        Files.writeString(target.resolve("a.txt"), "old");
        new ZipExtractor().extract(zip, target);
        assertEquals("old", Files.readString(target.resolve("a.txt")));
    }

    @Test
    void aFileInTheWayIsAnError() throws IOException {
        Path zip = zip(entries("a.txt", "x"));
        Files.writeString(dir.resolve("out"), "not a folder");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ZipExtractor().extract(zip, dir.resolve("out")));
        assertTrue(e.getMessage().contains("not a folder is already there"), e.getMessage());
    }

    @Test
    void theBytesAreExactlyThoseOfTheArchive() throws IOException {
        byte[] binary = DownloaderTest.randomBytes(70_000, 3);
        Path zip = dir.resolve("bin.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("data.bin"));
            out.write(binary);
            out.closeEntry();
        }
        Path target = new ZipExtractor().extract(zip, dir.resolve("bin"));
        assertArrayEquals(binary, Files.readAllBytes(target.resolve("data.bin")));
    }

    @Test
    void aSymbolicLinkInTheArchiveBecomesAPlainFile() throws IOException {
        Path zip = zip(entries("link", "../../outside"));
        markAsSymbolicLink(zip, "link");

        Path target = new ZipExtractor().extract(zip, dir.resolve("out"));

        Path link = target.resolve("link");
        assertFalse(Files.isSymbolicLink(link));
        assertTrue(Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS));
        assertEquals("../../outside", Files.readString(link));
    }

    @Test
    void anEntryBelowALinkCannotReachOutside() throws IOException {
        // A classic attack: a link to a folder outside, then a file written through it.
        Path zip = zip(entries("link", dir.toString(), "link/evil.txt", "evil"));
        markAsSymbolicLink(zip, "link");

        assertThrows(RuntimeException.class, () -> new ZipExtractor().extract(zip, dir.resolve("out")));

        assertEquals(List.of("out.zip"), listing(dir), "no evil.txt beside the archive, no partial target");
    }

    @Test
    void anArchiveDamagedHalfWayLeavesNoPartialTarget() throws IOException {
        Path zip = zip(entries("a.txt", "alpha ".repeat(1000), "b.txt", "beta ".repeat(1000)));
        damageData(zip, "b.txt");

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new ZipExtractor().extract(zip, dir.resolve("out")));

        assertTrue(e.getMessage().contains("Cannot extract " + zip), e.getMessage());
        assertEquals(List.of("out.zip"), listing(dir), "a.txt was written, then everything was removed");
    }

    /** Marks entry {@code name} in the central directory as a Unix symbolic link (mode 0120777), as zip -y does. */
    private static void markAsSymbolicLink(Path zip, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int header = centralHeader(b, name);
        b.putShort(header + 4, (short) (3 << 8 | 20));    // version made by: Unix, zip 2.0
        b.putInt(header + 38, 0120777 << 16);               // external attributes: the Unix mode in the high half
        Files.write(zip, bytes);
    }

    /** Overwrites the first byte of {@code name}'s deflated data with a reserved block type, which inflating refuses. */
    private static void damageData(Path zip, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int local = b.getInt(centralHeader(b, name) + 42);
        int data = local + 30 + (b.getShort(local + 26) & 0xffff) + (b.getShort(local + 28) & 0xffff);
        bytes[data] = (byte) 0xff;
        Files.write(zip, bytes);
    }

    private static int centralHeader(ByteBuffer b, String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 <= b.limit(); i++) {
            if (b.getInt(i) == 0x02014b50 && (b.getShort(i + 28) & 0xffff) == wanted.length
                    && Arrays.equals(Arrays.copyOfRange(b.array(), i + 46, i + 46 + wanted.length), wanted)) {
                return i;
            }
        }
        throw new AssertionError("no central directory header for " + name);
    }

    /** Names and texts alternately; a null text makes a folder entry. */
    private static Map<String, String> entries(String... namesAndTexts) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            entries.put(namesAndTexts[i], namesAndTexts[i + 1]);
        }
        return entries;
    }

    private Path zip(Map<String, String> entries) throws IOException {
        Path zip = dir.resolve("out.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                if (entry.getValue() != null) {
                    out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        return zip;
    }

    /** The names in {@code folder}, hidden ones (locks aside) included, sorted. */
    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        }
    }
}
