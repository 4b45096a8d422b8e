package dev.graft.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.models.Models;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Damaged weight ({@code .h5}) and model ({@code .keras}) files: truncated and bit-flipped files, weights of
 * other shapes or with layers missing, archives with path-escaping, missing or unexpected entries, configs
 * naming unknown layers or absurd sizes, deeply nested or malformed JSON.
 */
final class ModelFileInputs implements FuzzInputs {
    private static final String FAMILY = "model files";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Config keys of sizes, and values no model should accept for them. */
    private static final List<String> SIZE_KEYS = List.of("units", "filters", "kernel_size", "strides", "pool_size",
            "depth_multiplier");
    private static final List<Object> ABSURD = List.of(1_000_000_000_000L, -3, 0, 1e300, "many", 2.5, -1_000_000_000L,
            List.of(100_000, 100_000), List.of(-1, 2), List.of(), List.of(1, 2, 3, 4, 5));

    private final Path dir;
    private final Supplier<Model> dense;
    private final Supplier<Model> conv;
    /** Entry name to content of a valid {@code .keras} file of each model. */
    private final Map<String, byte[]> denseKeras;
    private final Map<String, byte[]> convKeras;
    private final byte[] denseWeights;
    private final byte[] otherShapeWeights;
    private final byte[] fewerLayerWeights;

    ModelFileInputs(Path dir) throws IOException {
        this.dir = dir;
        dense = () -> denseModel(6);
        conv = ModelFileInputs::convModel;
        denseKeras = saved(dense.get());
        convKeras = saved(conv.get());
        denseWeights = weights(dense.get());
        otherShapeWeights = weights(denseModel(5));
        SymbolicTensor in = Input.of(8);
        fewerLayerWeights = weights(new Model(in, Dense.builder().setUnits(3).optName("fuzz_dense_b").build().call(in)));
    }

    private static Model denseModel(int hidden) {
        SymbolicTensor in = Input.of(8);
        SymbolicTensor h = Dense.builder().setUnits(hidden).optName("fuzz_dense_a").build().call(in);
        return new Model(in, Dense.builder().setUnits(3).optName("fuzz_dense_b").build().call(h));
    }

    private static Model convModel() {
        SymbolicTensor in = Input.of(8, 8, 3);
        SymbolicTensor c = Conv2D.builder().setFilters(4).setKernelSize(3).optName("fuzz_conv").build().call(in);
        SymbolicTensor p = new GlobalAveragePooling2D().call(c);
        return new Model(in, Dense.builder().setUnits(2).optName("fuzz_head").build().call(p));
    }

    private Map<String, byte[]> saved(Model model) throws IOException {
        Path file = dir.resolve("valid-" + model.name() + ".keras");
        try (model) {
            model.save(file);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                byte[] content = zip.readAllBytes();
                entries.put(e.getName(), e.getName().equals("metadata.json")
                        ? StableZipEntries.withFixedDate(content) : content);
            }
        }
        return entries;
    }

    private byte[] weights(Model model) throws IOException {
        Path file = Files.createTempFile(dir, "valid-", ".weights.h5");
        try (model) {
            model.saveWeights(file);
        }
        return Files.readAllBytes(file);
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public FuzzCase next(int index, Random random) throws IOException {
        String stem = "fuzz-model-" + index;
        boolean useConv = random.nextBoolean();
        Map<String, byte[]> keras = useConv ? convKeras : denseKeras;
        return switch (index % 13) {
            case 0 -> loadWeights(stem, Mutations.truncate(denseWeights, random), false, "truncated h5 weights");
            case 1 -> loadWeights(stem, Mutations.flipBits(denseWeights, random, 16), true, "bit-flipped h5 weights");
            case 2 -> loadWeights(stem, random.nextBoolean() ? otherShapeWeights : fewerLayerWeights, false,
                    "h5 weights of other shapes or with a layer missing");
            case 3 -> loadWeights(stem, random.nextBoolean() ? new byte[0] : Mutations.randomBytes(random, 4096),
                    false, "empty or random h5");
            case 4 -> loadKeras(stem, zip(withEscapingEntry(keras, random)), false, "a path-escaping entry");
            case 5 -> loadKeras(stem, zip(withConfig(keras, unknownLayer(config(keras), random))), false,
                    "an unknown layer class");
            case 6, 7 -> absurdSize(stem, keras, random);
            case 8 -> loadKeras(stem, zip(withConfig(keras, nested(config(keras), random))), false,
                    "a deeply nested config");
            case 9 -> malformedJson(stem, keras, random);
            case 10 -> loadKeras(stem, random.nextBoolean() ? Mutations.truncate(zip(keras), random)
                    : Mutations.randomBytes(random, random.nextInt(2048)), false, "a truncated or random .keras");
            case 11 -> loadKeras(stem, Mutations.flipBits(zip(keras), random, 8), true, "a bit-flipped .keras");
            default -> loadKeras(stem, zip(withoutOrWithExtraEntry(keras, random)), false,
                    "a missing or unexpected entry");
        };
    }

    private FuzzCase loadWeights(String stem, byte[] bytes, boolean mayAccept, String description)
            throws IOException {
        String name = stem + ".weights.h5";
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        FuzzCase.Attempt attempt = () -> {
            try (Model model = dense.get()) {
                model.loadWeights(file);
            }
        };
        return new FuzzCase(FAMILY, description + " (" + name + ")", name, mayAccept, attempt);
    }

    private FuzzCase loadKeras(String stem, byte[] bytes, boolean mayAccept, String description) throws IOException {
        String name = stem + ".keras";
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        FuzzCase.Attempt attempt = () -> Models.load(file).close();
        return new FuzzCase(FAMILY, description + " (" + name + ")", name, mayAccept, attempt);
    }

    /** One size of one layer set to an absurd value: huge, negative, zero, fractional, text or of the wrong length. */
    private FuzzCase absurdSize(String stem, Map<String, byte[]> keras, Random random) throws IOException {
        ObjectNode config = config(keras);
        List<ObjectNode> layers = layerConfigs(config);
        List<ObjectNode> sized = layers.stream().filter(l -> SIZE_KEYS.stream().anyMatch(l::has)).toList();
        ObjectNode layer = sized.get(random.nextInt(sized.size()));
        String key = SIZE_KEYS.stream().filter(layer::has).toList().get(0);
        Object value = ABSURD.get(random.nextInt(ABSURD.size()));
        layer.set(key, JSON.valueToTree(value));
        return loadKeras(stem, zip(withConfig(keras, config)), false, key + " = " + value);
    }

    private FuzzCase malformedJson(String stem, Map<String, byte[]> keras, Random random) throws IOException {
        byte[] json = keras.get("config.json");
        byte[] broken = switch (random.nextInt(3)) {
            case 0 -> Mutations.truncate(json, random);
            case 1 -> "{\"class_name\": \"Functional\", \"config\": [[[[".getBytes(StandardCharsets.UTF_8);
            default -> deepArrays(2_000 + random.nextInt(50_000));
        };
        return loadKeras(stem, zip(withConfig(keras, broken)), false, "malformed config.json");
    }

    private static byte[] deepArrays(int depth) {
        return ("{\"config\": " + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode unknownLayer(ObjectNode config, Random random) {
        List<ObjectNode> layers = layerObjects(config);
        ObjectNode layer = layers.get(1 + random.nextInt(layers.size() - 1));
        layer.put("class_name", random.nextBoolean() ? "Lambda" : "FuzzLayer" + random.nextInt(1000));
        return config;
    }

    /** The model wrapped in {@code depth} Sequential models, each holding the next. */
    private static ObjectNode nested(ObjectNode config, Random random) {
        JsonNode inner = config;
        int depth = 20 + random.nextInt(200); // within JSON's nesting limit (deeper text is case 9)
        for (int i = 0; i < depth; i++) {
            ObjectNode outer = JSON.createObjectNode();
            outer.put("module", "keras");
            outer.put("class_name", "Sequential");
            ObjectNode c = outer.putObject("config");
            c.put("name", "nest_" + i);
            c.putArray("layers").add(inner);
            inner = outer;
        }
        return (ObjectNode) inner;
    }

    /** Every layer object (class_name, config) of the model, in order. */
    private static List<ObjectNode> layerObjects(ObjectNode config) {
        List<ObjectNode> found = new ArrayList<>();
        for (JsonNode layer : config.path("config").path("layers")) {
            found.add((ObjectNode) layer);
        }
        return found;
    }

    private static List<ObjectNode> layerConfigs(ObjectNode config) {
        return layerObjects(config).stream().map(l -> (ObjectNode) l.get("config")).toList();
    }

    private static ObjectNode config(Map<String, byte[]> keras) throws IOException {
        return (ObjectNode) JSON.readTree(keras.get("config.json"));
    }

    private static Map<String, byte[]> withConfig(Map<String, byte[]> keras, ObjectNode config) throws IOException {
        return withConfig(keras, JSON.writeValueAsBytes(config));
    }

    private static Map<String, byte[]> withConfig(Map<String, byte[]> keras, byte[] config) {
        Map<String, byte[]> copy = new LinkedHashMap<>(keras);
        copy.put("config.json", config);
        return copy;
    }

    private static Map<String, byte[]> withEscapingEntry(Map<String, byte[]> keras, Random random) {
        String[] names = {"../evil.txt", "/tmp/evil.txt", "model/../../evil.txt", "..\\evil.txt", "C:\\evil.txt",
                "C:/evil.txt", "../model.weights.h5"};
        Map<String, byte[]> copy = new LinkedHashMap<>(keras);
        copy.put(names[random.nextInt(names.length)], "pwned".getBytes(StandardCharsets.UTF_8));
        return copy;
    }

    private static Map<String, byte[]> withoutOrWithExtraEntry(Map<String, byte[]> keras, Random random) {
        Map<String, byte[]> copy = new LinkedHashMap<>(keras);
        List<String> names = new ArrayList<>(copy.keySet());
        switch (random.nextInt(3)) {
            case 0 -> copy.remove(names.get(random.nextInt(names.size())));
            case 1 -> copy.put("assets/extra.bin", new byte[16]);
            default -> copy.put("metadata.json", "[1, 2, 3]".getBytes(StandardCharsets.UTF_8));
        }
        return copy;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(StableZipEntries.entry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
