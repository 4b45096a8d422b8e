package dev.graft.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.activations.ActivationFunction;
import dev.graft.layers.Add;
import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.models.Sequential;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config.json} against Keras 3's schema, written out by hand from Keras' serialization code. */
class ModelSerializerTest {
    @TempDir
    Path dir;

    private static final String FLOAT32 =
            "{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, "
                    + "\"registered_name\": null}";

    private static JsonNode parse(String json) {
        return Json.parseObject(("{\"v\": " + json + "}").getBytes(StandardCharsets.UTF_8), "expected JSON").get("v");
    }

    /** The serialized model, as saved in config.json. */
    private JsonNode savedConfig(Model model) throws IOException {
        Path file = dir.resolve("m.keras");
        model.save(file);
        return Json.parseObject(KerasArchives.read(file).get("config.json"), "config.json");
    }

    @Test
    void functionalConfigMatchesKerasSchema() throws IOException {
        SymbolicTensor in = Input.of(Shape.batchOf(4), DType.FLOAT32, "input_layer");
        Dense dense = Dense.builder().setUnits(2).optActivation(ActivationFunction.RELU).optName("dense").build();
        Dropout dropout = Dropout.builder().setRate(0.25).optSeed(7).optName("dropout").build();
        dropout.setTrainable(false);
        try (Model model = new Model(List.of(in), List.of(dropout.call(dense.call(in), false)), "tiny")) {
            String tensorFromInput = "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 4], "
                    + "\"dtype\": \"float32\", \"keras_history\": [\"input_layer\", 0, 0]}}";
            String tensorFromDense = "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 2], "
                    + "\"dtype\": \"float32\", \"keras_history\": [\"dense\", 0, 0]}}";
            String expected = """
                    {"module": "keras.src.models.functional", "class_name": "Functional", "config": {
                      "name": "tiny", "trainable": true,
                      "layers": [
                        {"module": "keras.layers", "class_name": "InputLayer",
                         "config": {"batch_shape": [null, 4], "dtype": "float32", "sparse": false, "ragged": false,
                                    "name": "input_layer", "optional": false},
                         "registered_name": null, "name": "input_layer", "inbound_nodes": []},
                        {"module": "keras.layers", "class_name": "Dense",
                         "config": {"name": "dense", "trainable": true, "dtype": FLOAT32,
                                    "units": 2, "activation": "relu", "use_bias": true,
                                    "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                                                           "config": {"seed": null}, "registered_name": null},
                                    "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros",
                                                         "config": {}, "registered_name": null},
                                    "kernel_regularizer": null, "bias_regularizer": null,
                                    "kernel_constraint": null, "bias_constraint": null},
                         "registered_name": null, "build_config": {"input_shape": [null, 4]},
                         "name": "dense", "inbound_nodes": [{"args": [FROM_INPUT], "kwargs": {}}]},
                        {"module": "keras.layers", "class_name": "Dropout",
                         "config": {"name": "dropout", "trainable": false, "dtype": FLOAT32,
                                    "rate": 0.25, "seed": 7, "noise_shape": null},
                         "registered_name": null, "build_config": {"input_shape": [null, 2]},
                         "name": "dropout", "inbound_nodes": [{"args": [FROM_DENSE], "kwargs": {"training": false}}]}
                      ],
                      "input_layers": [["input_layer", 0, 0]],
                      "output_layers": [["dropout", 0, 0]]},
                     "registered_name": "Functional", "build_config": {"input_shape": null}}
                    """.replace("FLOAT32", FLOAT32).replace("FROM_INPUT", tensorFromInput)
                    .replace("FROM_DENSE", tensorFromDense);
            assertEquals(parse(expected), savedConfig(model));
        }
    }

    @Test
    void sequentialConfigMatchesKerasSchema() throws IOException {
        try (Sequential model = new Sequential("stack", Dense.builder().setUnits(1).optName("out").build())) {
            model.build(Shape.batchOf(3));
            String expected = """
                    {"module": "keras", "class_name": "Sequential", "config": {
                      "name": "stack", "trainable": true, "dtype": FLOAT32,
                      "layers": [
                        {"module": "keras.layers", "class_name": "InputLayer",
                         "config": {"batch_shape": [null, 3], "dtype": "float32", "sparse": false, "ragged": false,
                                    "name": "input_layer", "optional": false},
                         "registered_name": null},
                        {"module": "keras.layers", "class_name": "Dense",
                         "config": {"name": "out", "trainable": true, "dtype": FLOAT32,
                                    "units": 1, "activation": "linear", "use_bias": true,
                                    "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                                                           "config": {"seed": null}, "registered_name": null},
                                    "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros",
                                                         "config": {}, "registered_name": null},
                                    "kernel_regularizer": null, "bias_regularizer": null,
                                    "kernel_constraint": null, "bias_constraint": null},
                         "registered_name": null, "build_config": {"input_shape": [null, 3]}}
                      ],
                      "build_input_shape": [null, 3]},
                     "registered_name": null, "build_config": {"input_shape": [null, 3]}}
                    """.replace("FLOAT32", FLOAT32);
            assertEquals(parse(expected), savedConfig(model));
        }
    }

    /**
     * A nested functional model is referenced as node 0 by the calls that read it, but as node 1 in
     * {@code output_layers}: Keras counts the model's construction there (and adds a multi-input layer's
     * inputs as one list argument).
     */
    @Test
    void nestedFunctionalModelIsReferencedAsKerasDoes() {
        SymbolicTensor innerIn = Input.of(Shape.batchOf(2), DType.FLOAT32, "inner_in");
        Model inner = new Model(List.of(innerIn), List.of(Dense.builder().setUnits(2).optName("d").build()
                .call(innerIn)), "inner");
        SymbolicTensor in = Input.of(Shape.batchOf(2), DType.FLOAT32, "in");
        Add add = Add.builder().optName("add").build();
        try (Model model = new Model(List.of(in), List.of(add.callSymbolic(List.of(inner.call(in), in))), "outer");
             Model direct = new Model(in, inner.call(in))) {
            JsonNode config = model.getConfig().json();
            JsonNode addEntry = config.get("layers").get(2);
            assertEquals("add", addEntry.get("name").asText());
            JsonNode addArgs = addEntry.get("inbound_nodes").get(0).get("args");
            assertEquals(1, addArgs.size());
            assertEquals(parse("[\"inner\", 0, 0]"), addArgs.get(0).get(0).get("config").get("keras_history"));
            assertEquals(parse("[\"in\", 0, 0]"), addArgs.get(0).get(1).get("config").get("keras_history"));
            assertEquals(parse("[[\"inner\", 1, 0]]"), direct.getConfig().json().get("output_layers"));
        }
    }

    /**
     * Keras orders a functional model's layers by decreasing depth (distance to the outputs), ties by the
     * order a depth-first walk from the outputs meets them. For {@code out = Add([a(in), b(c(in))])}: Add is
     * depth 0, a and b depth 1, c depth 2, in depth 3; the walk meets Add, a, in, b, c. So Keras' order is
     * in, c, a, b, Add, though the graph was built in the order a, c, b. Weight groups follow it: c, a and b
     * are stored as {@code dense}, {@code dense_1} and {@code dense_2}.
     */
    @Test
    void layersAreOrderedAndStoredAsKerasOrdersThem() throws IOException {
        SymbolicTensor in = Input.of(Shape.batchOf(4), DType.FLOAT32, "in");
        Dense a = Dense.builder().setUnits(3).optName("a").build();
        Dense c = Dense.builder().setUnits(5).optName("c").build();
        Dense b = Dense.builder().setUnits(3).optName("b").build();
        SymbolicTensor viaA = a.call(in);
        SymbolicTensor viaCB = b.call(c.call(in));
        try (Model model = new Model(List.of(in), List.of(new Add().callSymbolic(List.of(viaA, viaCB))), "m")) {
            assertEquals(List.of("in", "c", "a", "b"), KerasGraph.of(model).layers().stream().limit(4)
                    .map(Layer::name).toList());
            Path file = dir.resolve("order.keras");
            model.save(file);
            Path weights = Files.write(dir.resolve("w.h5"), KerasArchives.read(file).get("model.weights.h5"));
            try (HdfFile hdf = new HdfFile(weights)) {
                assertEquals(List.of(4, 5), dims(hdf, "layers/dense/vars/0"));
                assertEquals(List.of(4, 3), dims(hdf, "layers/dense_1/vars/0"));
                assertEquals(List.of(5, 3), dims(hdf, "layers/dense_2/vars/0"));
                assertTrue(hdf.getByPath("layers/input_layer/vars").isGroup());
                assertTrue(hdf.getByPath("layers/add/vars").isGroup());
            }
        }
    }

    private static List<Integer> dims(HdfFile hdf, String path) {
        return java.util.Arrays.stream(hdf.getDatasetByPath(path).getDimensions()).boxed().toList();
    }

    @Test
    void subclassesAndDuplicateNamesHaveNoConfig() {
        Sequential subclass = new Sequential() {
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, subclass::getConfig);
        assertTrue(e.getMessage().contains("not subclasses"), e.getMessage());
    }
}
