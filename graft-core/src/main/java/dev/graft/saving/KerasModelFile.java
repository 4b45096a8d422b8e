package dev.graft.saving;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.layers.Layer;
import dev.graft.models.Model;
import dev.graft.utils.AtomicFiles;
import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A whole model in a {@code .keras} file, the format of Keras 3's {@code model.save("m.keras")}: a zip
 * archive of {@code metadata.json} (Keras version, date), {@code config.json} (the architecture, see
 * {@link ModelSerializer}) and {@code model.weights.h5} (the weights, see {@link StatePaths}), all stored
 * uncompressed as Keras stores them.
 *
 * <p>Saving checks everything first, then writes a temporary file that replaces the target atomically: a
 * failed save leaves the previous file as it was. Loading runs no code from the file and deserializes no Java
 * objects: the config is plain JSON whose class names are looked up in {@link LayerRegistry}. A file is
 * refused, with its path and the entry at fault named, when an entry name points outside the archive, is
 * unexpected or repeated, an entry inflates beyond its limit (a zip bomb), an entry is missing or damaged,
 * or the config would build a weight larger than any the weights file holds.
 */
public final class KerasModelFile {
    static final String METADATA = "metadata.json";
    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.weights.h5";
    /** The Keras version whose format the files follow, recorded in {@code metadata.json}. */
    static final String KERAS_VERSION = "3.10.0";
    /** The most bytes {@code metadata.json} or {@code config.json} may hold. */
    static final long MAX_JSON_BYTES = 64L << 20;
    /**
     * The most an entry may inflate, relative to its compressed size, beyond a first MiB: Keras stores
     * entries uncompressed, and weights compress little, so only a zip bomb exceeds it.
     */
    static final long MAX_EXPANSION = 100;
    private static final long EXPANSION_ALLOWANCE = 1L << 20;
    private static final List<String> ENTRIES = List.of(METADATA, CONFIG, WEIGHTS);

    private KerasModelFile() {
    }

    /**
     * Saves {@code model} (architecture and weights) to {@code path}, which must end in {@code .keras},
     * replacing any file there.
     *
     * @throws IllegalArgumentException if the model cannot be saved (an unregistered layer class, two layers
     *     of one model with one name, a weight that is not float32/float64) or the path is wrong; no file is
     *     touched then
     * @throws UncheckedIOException if writing fails; the previous file is then unchanged
     */
    public static void save(Model model, Path path) {
        checkExtension(path, "save a model to");
        ObjectNode serialized;
        try {
            serialized = ModelSerializer.serialize(model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot save model '" + model.name() + "' to " + path + ": "
                    + e.getMessage(), e);
        }
        String unstorable = WeightStoreWriter.unstorableReason(model);
        if (unstorable != null) {
            throw new IllegalArgumentException("Cannot save model '" + model.name() + "' to " + path + ": "
                    + unstorable);
        }
        ObjectNode metadata = Json.object();
        metadata.put("keras_version", KERAS_VERSION);
        metadata.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
        byte[] metadataBytes = Json.write(metadata);
        byte[] configBytes = Json.write(serialized);
        AtomicFiles.replace(path, temp -> writeArchive(temp, metadataBytes, configBytes, model));
    }

    private static void writeArchive(Path target, byte[] metadata, byte[] config, Model model) throws IOException {
        Path weights = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".h5");
        try {
            WeightStoreWriter.write(model, weights);
            try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
                putStored(zip, METADATA, metadata);
                putStored(zip, CONFIG, config);
                putStored(zip, WEIGHTS, weights);
            }
        } finally {
            Files.deleteIfExists(weights);
        }
    }

    private static void putStored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(content);
        zip.putNextEntry(storedEntry(name, content.length, crc.getValue()));
        zip.write(content);
        zip.closeEntry();
    }

    private static void putStored(ZipOutputStream zip, String name, Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
            }
        }
        zip.putNextEntry(storedEntry(name, Files.size(file), crc.getValue()));
        Files.copy(file, zip);
        zip.closeEntry();
    }

    private static ZipEntry storedEntry(String name, long size, long crc) {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc);
        return entry;
    }

    /**
     * Loads the model saved at {@code path} by {@link #save} or by Keras 3, with its weights. Sequential
     * models come back as {@link dev.graft.models.Sequential}, functional ones as {@link Model}, nested
     * models as nested models; each layer keeps its name and {@code trainable} flag, and each call its pinned
     * training mode. Training state (optimizer, loss, metrics) is not restored: compile the model again.
     *
     * @throws IllegalArgumentException if the file is not a valid {@code .keras} file of supported layers;
     *     the message names the file, the entry and the layer at fault
     * @throws UncheckedIOException if reading fails
     */
    public static Model load(Path path) {
        checkExtension(path, "load a model from");
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("Cannot load a model: no file at " + path.toAbsolutePath());
        }
        try (ZipFile zip = openZip(path)) {
            Map<String, ZipEntry> entries = checkEntries(zip, path);
            // Keras reads nothing from the metadata either; it must still be a JSON object.
            Json.parseObject(read(zip, entries.get(METADATA)), METADATA);
            ObjectNode config = Json.parseObject(read(zip, entries.get(CONFIG)), CONFIG);
            Path weights = Files.createTempFile("graft-", ".weights.h5");
            try {
                extract(zip, entries.get(WEIGHTS), weights);
                try (HdfFile hdf = openWeights(weights)) {
                    // No weight can hold more values than the file has bytes (Keras stores them uncompressed):
                    // a dataset declaring more is as fake as a config that needs more.
                    long limit = Math.min(damagedIfThrows(() -> WeightStoreReader.largestWeightSize(hdf)),
                            Files.size(weights));
                    Model model = Layer.withWeightSizeLimit(limit, () -> new ModelDeserializer(CONFIG).read(config));
                    try {
                        damagedIfThrows(() -> {
                            WeightStoreReader.load(model, hdf, WEIGHTS);
                            return model;
                        });
                    } catch (RuntimeException e) {
                        model.close();
                        throw e;
                    }
                    return model;
                }
            } finally {
                Files.deleteIfExists(weights);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot load a model from " + path + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code read} on the weights file; jhdf's own exceptions (of any type, on a damaged or hostile file)
     * become an error naming the entry.
     */
    private static <T> T damagedIfThrows(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(WEIGHTS + " is damaged (" + e + ")", e);
        }
    }

    private static void checkExtension(Path path, String action) {
        if (!path.getFileName().toString().endsWith(".keras")) {
            throw new IllegalArgumentException("Cannot " + action + " " + path + ": the file name must end in "
                    + "'.keras', as Keras requires (use saveWeights/loadWeights for .h5 weight files)");
        }
    }

    private static ZipFile openZip(Path path) throws IOException {
        try {
            return new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new IllegalArgumentException("it is not a zip archive, as a .keras file is (" + e.getMessage() + ")",
                    e);
        }
    }

    /** The three expected entries, after refusing any escaping, unexpected, repeated or oversized one. */
    private static Map<String, ZipEntry> checkEntries(ZipFile zip, Path path) {
        Map<String, ZipEntry> found = new HashMap<>();
        for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
            ZipEntry entry = all.nextElement();
            String name = entry.getName();
            if (escapes(name)) {
                throw new IllegalArgumentException("entry '" + name + "' points outside the archive (an absolute path "
                        + "or '..'); the file is malformed or malicious");
            }
            if (!ENTRIES.contains(name)) {
                throw new IllegalArgumentException("unexpected entry '" + name + "'; a .keras file of the layers Graft "
                        + "supports holds only " + ENTRIES);
            }
            if (found.put(name, entry) != null) {
                throw new IllegalArgumentException("entry '" + name + "' appears twice");
            }
            if (entry.getSize() > limit(entry)) {
                throw tooLarge(entry);
            }
        }
        for (String name : ENTRIES) {
            if (!found.containsKey(name)) {
                throw new IllegalArgumentException("entry '" + name + "' is missing; a .keras file holds " + ENTRIES);
            }
        }
        return found;
    }

    private static boolean escapes(String name) {
        String n = name.replace('\\', '/');
        return n.startsWith("/") || (n.length() > 1 && n.charAt(1) == ':') || Arrays.asList(n.split("/")).contains("..");
    }

    /** The most bytes {@code entry} may inflate to. */
    private static long limit(ZipEntry entry) {
        if (!entry.getName().equals(WEIGHTS)) {
            return MAX_JSON_BYTES;
        }
        long compressed = Math.max(entry.getCompressedSize(), 0);
        return compressed > (Long.MAX_VALUE - EXPANSION_ALLOWANCE) / MAX_EXPANSION ? Long.MAX_VALUE
                : compressed * MAX_EXPANSION + EXPANSION_ALLOWANCE;
    }

    private static IllegalArgumentException tooLarge(ZipEntry entry) {
        return new IllegalArgumentException("entry '" + entry.getName() + "' inflates to more than " + limit(entry)
                + " bytes (" + (entry.getName().equals(WEIGHTS) ? MAX_EXPANSION + " times its compressed size of "
                + entry.getCompressedSize() + " bytes, plus 1 MiB" : "the limit for JSON entries")
                + "); refusing a possible zip bomb");
    }

    private static byte[] read(ZipFile zip, ZipEntry entry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        copyBounded(zip, entry, bytes);
        return bytes.toByteArray();
    }

    private static void extract(ZipFile zip, ZipEntry entry, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            copyBounded(zip, entry, out);
        }
    }

    /** Copies an entry's bytes, stopping with an error past its limit or its declared size. */
    private static void copyBounded(ZipFile zip, ZipEntry entry, OutputStream out) throws IOException {
        long limit = limit(entry);
        long declared = entry.getSize();
        long copied = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = zip.getInputStream(entry)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                copied += n;
                if (copied > limit) {
                    throw tooLarge(entry);
                }
                if (declared >= 0 && copied > declared) {
                    throw new IllegalArgumentException("entry '" + entry.getName() + "' holds more than the " + declared
                            + " bytes it declares; the archive is damaged");
                }
                out.write(buffer, 0, n);
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException("entry '" + entry.getName() + "' cannot be read: " + e.getMessage(), e);
        }
        if (declared >= 0 && copied != declared) {
            throw new IllegalArgumentException("entry '" + entry.getName() + "' holds " + copied + " bytes but declares "
                    + declared + "; the archive is damaged");
        }
    }

    /** Opens the extracted weights, refusing a file shorter than its own header says (a truncated entry). */
    private static HdfFile openWeights(Path file) throws IOException {
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(WEIGHTS + " is not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
        Superblock superblock = hdf.getHdfBackingStorage().getSuperblock();
        long expected = superblock.getBaseAddressByte() + superblock.getEndOfFileAddress();
        long actual = Files.size(file);
        if (actual < expected) {
            hdf.close();
            throw new IllegalArgumentException(WEIGHTS + " is truncated: its HDF5 header says " + expected
                    + " bytes, the entry holds " + actual);
        }
        return hdf;
    }
}
