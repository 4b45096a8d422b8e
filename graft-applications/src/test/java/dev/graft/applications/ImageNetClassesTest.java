package dev.graft.applications;

import static dev.graft.applications.XceptionTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageNetClassesTest {
    @TempDir
    Path dir;

    private Path write(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }

    @Test
    void readsKerasClassIndex() throws IOException {
        ImageNetClasses classes = ImageNetClasses.load(write("index.json",
                "{\"0\": [\"n01440764\", \"tench\"], \"1\": [\"n01443537\", \"goldfish\"],\n"
                        + " \"2\": [\"n01484850\", \"great_white_shark\"]}"));
        assertEquals(3, classes.size());
        assertEquals("n01443537", classes.wnid(1));
        assertEquals("great_white_shark", classes.name(2));
        try (TensorScope scope = TensorScope.open()) {
            List<List<Prediction>> decoded = classes.decode(Tensor.of(new float[] {0.1f, 0.7f, 0.2f, 0.5f, 0.2f, 0.3f},
                    2, 3), 2);
            assertEquals(List.of(new Prediction(1, "n01443537", "goldfish", 0.7f),
                    new Prediction(2, "n01484850", "great_white_shark", 0.2f)), decoded.get(0));
            assertEquals(List.of(new Prediction(0, "n01440764", "tench", 0.5f),
                    new Prediction(2, "n01484850", "great_white_shark", 0.3f)), decoded.get(1));
        }
    }

    @Test
    void readsAListOfNames() throws IOException {
        ImageNetClasses classes = ImageNetClasses.load(write("names.json", "[\"tench, Tinca tinca\", \"gold\\u0066ish\","
                + " \"a \\\"quoted\\\" name\"]"));
        assertEquals(List.of("tench, Tinca tinca", "goldfish", "a \"quoted\" name"),
                List.of(classes.name(0), classes.name(1), classes.name(2)));
        assertNull(classes.wnid(0));
    }

    @Test
    void readsTheSharedThousandNames() {
        ImageNetClasses classes = ImageNetClasses.load(SharedData.require("data/imagenet/imagenet_class_names.json"));
        assertEquals(1000, classes.size());
        assertEquals("tench, Tinca tinca", classes.name(0));
        assertTrue(classes.name(386).startsWith("African elephant"), classes.name(386));
    }

    @Test
    void ranksBestFirstAndEqualScoresByHigherIndex() throws IOException {
        ImageNetClasses classes = ImageNetClasses.load(write("names.json", "[\"a\", \"b\", \"c\", \"d\"]"));
        try (TensorScope scope = TensorScope.open()) {
            List<Prediction> all = classes.decode(Tensor.of(new float[] {0.25f, 0.5f, 0.25f, 0f}, 1, 4), 10).get(0);
            // top larger than the class count returns every class, as numpy's slicing does.
            assertEquals(List.of("b", "c", "a", "d"), all.stream().map(Prediction::name).toList());
        }
    }

    @Test
    void rejectsBadPredictionsAndFiles() throws IOException {
        ImageNetClasses classes = ImageNetClasses.load(write("names.json", "[\"a\", \"b\"]"));
        try (TensorScope scope = TensorScope.open()) {
            assertMessage(() -> classes.decode(Tensor.of(new float[] {1, 2, 3}, 1, 3), 1), "[samples, 2]", "(1, 3)");
            assertMessage(() -> classes.decode(Tensor.of(new float[] {1, 2}, 2), 1), "[samples, 2]", "(2,)");
            assertMessage(() -> classes.decode(Tensor.of(new float[] {1, 2}, 1, 2), 0), "top >= 1", "0");
        }
        assertMessage(() -> ImageNetClasses.load(write("gap.json", "{\"0\": [\"n1\", \"a\"], \"2\": [\"n2\", \"b\"]}")),
                "entry \"1\"", "gap.json");
        assertMessage(() -> ImageNetClasses.load(write("number.json", "[\"a\", 3]")), "entry 1", "number.json");
        assertMessage(() -> ImageNetClasses.load(write("broken.json", "[\"a\", ")), "not valid JSON", "broken.json",
                "line: 1");
        assertMessage(() -> ImageNetClasses.load(write("trailing.json", "[\"a\"] [\"b\"]")), "not valid JSON",
                "trailing.json");
        assertMessage(() -> ImageNetClasses.load(write("empty.json", "[]")), "lists no classes");
        assertMessage(() -> ImageNetClasses.load(write("pair.json", "{\"0\": [\"n1\"]}")), "[wnid, name]");
        assertMessage(() -> ImageNetClasses.load(write("scalar.json", "42")), "neither an object nor a list");
    }

    @Test
    void officialIndexIsFetchedThroughTheCache() {
        assertEquals("imagenet_class_index.json", ImageNetClasses.CLASS_INDEX.fileName());
        assertEquals("MD5", ImageNetClasses.CLASS_INDEX.hashAlgorithm());
        WeightsCache offline = WeightsCache.builder().setGraftHome(dir.resolve("graft")).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ImageNetClasses.standard(offline));
        assertTrue(e.getMessage().contains("imagenet_class_index.json"), e.getMessage());
        assertTrue(e.getMessage().contains(
                "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json"), e.getMessage());
    }
}
