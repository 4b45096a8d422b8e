package dev.graft.saving;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.models.Models;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken and hostile {@code .keras} files: each is refused with the file and the entry or layer at fault named. */
class MalformedKerasFileTest {
    @TempDir
    Path dir;

    private Path file;
    private Map<String, byte[]> valid;

    @BeforeEach
    void validArchive() throws IOException {
        file = dir.resolve("model.keras");
        valid = KerasFileCompatibilityTest.denseArchive(KerasFileCompatibilityTest.denseWeights(dir.resolve("w.h5")));
    }

    /** Loads {@code file} and returns the error's message after checking that it names the file. */
    private String loadError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        return e.getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    private void writeWithConfig(String config) throws IOException {
        KerasArchives.write(file, KerasArchives.with(valid, "config.json", config.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void entryEscapingTheArchiveIsRefused() throws IOException {
        for (String name : new String[] {"../evil.txt", "assets/../../evil.txt", "/etc/cron.d/evil", "C:\\evil"}) {
            KerasArchives.write(file, KerasArchives.with(valid, name, new byte[] {1}));
            assertContains(loadError(), "'" + name + "'", "outside the archive");
        }
    }

    @Test
    void unexpectedEntryIsRefused() throws IOException {
        KerasArchives.write(file, KerasArchives.with(valid, "assets/vocabulary.txt", new byte[] {1}));
        assertContains(loadError(), "unexpected entry 'assets/vocabulary.txt'", "config.json");
    }

    @Test
    void missingEntryIsRefused() throws IOException {
        for (String name : valid.keySet()) {
            Map<String, byte[]> entries = new LinkedHashMap<>(valid);
            entries.remove(name);
            KerasArchives.write(file, entries);
            assertContains(loadError(), "entry '" + name + "' is missing");
        }
    }

    @Test
    void repeatedEntryIsRefused() throws IOException {
        // Java's zip writer refuses duplicates: write config.jsoX, then rename it in the raw bytes (local
        // header and central directory both hold the name).
        KerasArchives.write(file, KerasArchives.with(valid, "config.jsoX", valid.get("config.json")));
        byte[] bytes = Files.readAllBytes(file);
        byte[] from = "config.jsoX".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                bytes[i + from.length - 1] = 'n';
            }
        }
        Files.write(file, bytes);
        assertContains(loadError(), "entry 'config.json' appears twice");
    }

    /** Entries compressed to a sliver of their size: refused from their declared size, before inflating. */
    @Test
    void zipBombsAreRefused() throws IOException {
        writeDeflated("model.weights.h5", 32 << 20);
        assertContains(loadError(), "entry 'model.weights.h5' inflates to more than", "zip bomb");

        writeDeflated("config.json", (int) KerasModelFile.MAX_JSON_BYTES + 1);
        assertContains(loadError(), "entry 'config.json' inflates to more than " + KerasModelFile.MAX_JSON_BYTES,
                "zip bomb");
    }

    /** The valid archive with entry {@code name} replaced by {@code size} spaces, deflated. */
    private void writeDeflated(String name, int size) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : valid.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getKey().equals(name)) {
                    byte[] chunk = new byte[1 << 20];
                    Arrays.fill(chunk, (byte) ' ');
                    for (int left = size; left > 0; left -= chunk.length) {
                        zip.write(chunk, 0, Math.min(left, chunk.length));
                    }
                } else {
                    zip.write(e.getValue());
                }
                zip.closeEntry();
            }
        }
    }

    @Test
    void truncatedWeightsAreRefused() throws IOException {
        byte[] weights = valid.get("model.weights.h5");
        KerasArchives.write(file, KerasArchives.with(valid, "model.weights.h5",
                Arrays.copyOf(weights, weights.length / 2)));
        assertContains(loadError(), "model.weights.h5");
    }

    @Test
    void weightsOfTheWrongShapeAreRefused() throws IOException {
        writeWithConfig(KerasFileCompatibilityTest.DENSE_CONFIG.replace("\"units\": 2", "\"units\": 1"));
        assertContains(loadError(), "model.weights.h5", "layer 'dense' (Dense)", "has shape (3, 1)",
                "layers/dense/vars/0 has shape [3, 2]");
    }

    @Test
    void unknownClassIsRefusedWithTheSupportedOnes() throws IOException {
        writeWithConfig(KerasFileCompatibilityTest.DENSE_CONFIG.replace("\"class_name\": \"Dense\"",
                "\"class_name\": \"LSTM\""));
        assertContains(loadError(), "config.json", "layer 'dense' (LSTM)", "class 'LSTM' is not supported",
                "Conv2D", "Dense", "Functional", "Sequential");
    }

    @Test
    void customClassesAreRefused() throws IOException {
        writeWithConfig(KerasFileCompatibilityTest.DENSE_CONFIG.replace(
                "\"module\": \"keras.layers\", \"class_name\": \"Dense\"",
                "\"module\": \"my_project.layers\", \"class_name\": \"Dense\""));
        assertContains(loadError(), "layer 'dense' (Dense)", "custom class from module 'my_project.layers'");

        writeWithConfig(KerasFileCompatibilityTest.DENSE_CONFIG.replace(
                "\"registered_name\": null, \"build_config\": {\"input_shape\": [null, 3]}",
                "\"registered_name\": \"my_project>Dense\", \"build_config\": {\"input_shape\": [null, 3]}"));
        assertContains(loadError(), "registered as 'my_project>Dense'");
    }

    @Test
    void absurdSizesAreRefusedBeforeAllocating() throws IOException {
        writeWithConfig(KerasFileCompatibilityTest.DENSE_CONFIG.replace("\"units\": 2", "\"units\": 1000000000000"));
        assertContains(loadError(), "layer 'dense' (Dense)", "Option 'units' must be an integer",
                "1000000000000");

        // In the int range, but a kernel of 3 x 2e9 values: refused because the file's largest weight has 6.
        writeWithConfig(KerasFileCompatibilityTest.DENSE_CONFIG.replace("\"units\": 2", "\"units\": 2000000000"));
        assertContains(loadError(), "layer 'dense'", "would create weight 'kernel' of shape (3, 2000000000)",
                "over the limit of 6 values");

        writeWithConfig(KerasFileCompatibilityTest.DENSE_CONFIG.replace("\"batch_shape\": [null, 3]",
                "\"batch_shape\": [null, 4611686018427387904]"));
        assertContains(loadError(), "would create weight 'kernel' of shape (4611686018427387904, 2)");
    }

    @Test
    void tooManyLayersAreRefused() throws IOException {
        StringBuilder layers = new StringBuilder("{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": "
                + "[null, 3], \"name\": \"a0\"}, \"name\": \"a0\", \"inbound_nodes\": []}");
        for (int i = 1; i <= ModelDeserializer.MAX_LAYERS; i++) {
            layers.append(", {\"class_name\": \"Activation\", \"config\": {\"name\": \"a").append(i)
                    .append("\", \"activation\": \"relu\"}, \"name\": \"a").append(i)
                    .append("\", \"inbound_nodes\": [{\"args\": [{\"class_name\": \"__keras_tensor__\", "
                            + "\"config\": {\"keras_history\": [\"a").append(i - 1).append("\", 0, 0]}}]}]}");
        }
        writeWithConfig("{\"class_name\": \"Functional\", \"config\": {\"name\": \"deep\", \"layers\": [" + layers
                + "], \"input_layers\": [[\"a0\", 0, 0]], \"output_layers\": [[\"a" + ModelDeserializer.MAX_LAYERS
                + "\", 0, 0]]}}");
        assertContains(loadError(), "has " + (ModelDeserializer.MAX_LAYERS + 1) + " layers",
                "at most " + ModelDeserializer.MAX_LAYERS);
    }

    @Test
    void unsupportedOptionsAreRefusedAndNullOnesIgnored() throws IOException {
        writeWithConfig(KerasFileCompatibilityTest.DENSE_CONFIG.replace("\"kernel_regularizer\": null",
                "\"kernel_regularizer\": {\"module\": \"keras.regularizers\", \"class_name\": \"L2\", "
                        + "\"config\": {\"l2\": 0.01}}"));
        assertContains(loadError(), "layer 'dense' (Dense)", "options Graft does not implement", "kernel_regularizer");

        writeWithConfig(KerasFileCompatibilityTest.DENSE_CONFIG.replace("\"batch_shape\": [null, 3]",
                "\"batch_shape\": [null, 3], \"sparse\": true"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.load(file));
        assertContains(e.getMessage(), "Duplicate field 'sparse'");

        writeWithConfig(KerasFileCompatibilityTest.DENSE_CONFIG.replace("\"sparse\": false", "\"sparse\": true"));
        assertContains(loadError(), "layer 'input_layer' (InputLayer)", "Option 'sparse' = true is not supported");
    }

    @Test
    void brokenGraphsAreRefused() throws IOException {
        writeWithConfig(KerasFileCompatibilityTest.DENSE_CONFIG.replace("\"keras_history\": [\"input_layer\", 0, 0]",
                "\"keras_history\": [\"nope\", 0, 0]"));
        assertContains(loadError(), "a call of layer 'dense' reads layer 'nope'", "[input_layer, dense]");

        writeWithConfig(KerasFileCompatibilityTest.DENSE_CONFIG.replace("\"keras_history\": [\"input_layer\", 0, 0]",
                "\"keras_history\": [\"input_layer\", 3, 0]"));
        assertContains(loadError(), "a call of layer 'dense' reads a tensor no call produces");

        writeWithConfig(KerasFileCompatibilityTest.DENSE_CONFIG.replace("\"kwargs\": {\"mask\": null}",
                "\"kwargs\": {\"mask\": null, \"scale\": 2}"));
        assertContains(loadError(), "passes scale=2");
    }

    @Test
    void otherFilesAreRefused() throws IOException {
        Files.writeString(file, "not a zip");
        assertContains(loadError(), "not a zip archive");

        writeWithConfig("{\"module\": ");
        assertContains(loadError(), "config.json is not valid JSON");

        writeWithConfig("{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"d\", "
                + "\"units\": 2}, \"registered_name\": null}");
        assertContains(loadError(), "config.json", "the top-level object is a Dense layer, not a model");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.load(dir.resolve("weights.h5")));
        assertContains(e.getMessage(), "must end in '.keras'");
        e = assertThrows(IllegalArgumentException.class, () -> Models.load(dir.resolve("absent.keras")));
        assertContains(e.getMessage(), "no file at");
    }
}
