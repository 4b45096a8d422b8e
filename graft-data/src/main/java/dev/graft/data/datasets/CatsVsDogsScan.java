package dev.graft.data.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What TFDS' {@code CatsVsDogs._generate_examples} keeps of the extracted archive: files named
 * {@code PetImages/(Cat|Dog)/<digits>.jpg} whose beginning contains {@code JFIF}; the others so named are
 * counted as skipped (corrupt), anything else (the readme, {@code Thumbs.db}) is ignored.
 *
 * <p>TFDS tests {@code b"JFIF" in fobj.peek(10)} where {@code fobj} is a {@code zipfile.ZipExtFile}, whose
 * {@code peek} fills its buffer from one decompressed chunk and returns up to 512 bytes whatever the argument:
 * the test really covers the first 512 bytes, and that is what the count of 1,738 skipped files rests on.
 *
 * @param kept       the examples kept, in no particular order
 * @param skipped    the files with an example's name but no {@code JFIF} near their start
 * @param keptBytes  the bytes of the kept files together
 */
record CatsVsDogsScan(List<LabelledFile> kept, int skipped, long keptBytes) {
    static final Pattern NAME = Pattern.compile("^PetImages[\\\\/](Cat|Dog)[\\\\/]\\d+\\.jpg$",
            Pattern.UNICODE_CHARACTER_CLASS);
    static final int PEEK_BYTES = 512;

    /** Scans the folder an archive was extracted into; {@code classNames} gives each label's index. */
    static CatsVsDogsScan of(Path root, List<String> classNames) {
        List<LabelledFile> kept = new ArrayList<>();
        int skipped = 0;
        long bytes = 0;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                String name = archiveName(root, file);
                Matcher m = NAME.matcher(name);
                if (!m.matches()) {
                    continue;
                }
                if (!startsLikeJfif(file)) {
                    skipped++;
                    continue;
                }
                kept.add(new LabelledFile(file, classNames.indexOf(m.group(1).toLowerCase(Locale.ROOT)), name));
                bytes += Files.size(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot scan the extracted archive in " + root + ": " + e.getMessage(), e);
        }
        return new CatsVsDogsScan(kept, skipped, bytes);
    }

    /** The file's path inside the archive, with '/' separators (TFDS' key and {@code image/filename}). */
    private static String archiveName(Path root, Path file) {
        StringBuilder name = new StringBuilder();
        for (Path segment : root.relativize(file)) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(segment);
        }
        return name.toString();
    }

    static boolean startsLikeJfif(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            // ISO-8859-1 maps each byte to one char, so this is a byte search.
            return new String(in.readNBytes(PEEK_BYTES), StandardCharsets.ISO_8859_1).contains("JFIF");
        }
    }
}
