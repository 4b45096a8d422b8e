package dev.graft.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.Dense;
import dev.graft.layers.InputLayer;
import dev.graft.models.Model;
import dev.graft.models.Models;
import dev.graft.models.Sequential;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import io.jhdf.WritableGroupImpl;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files in the layout Keras 3 writes, built here from its documented schema rather than by Graft. */
class KerasFileCompatibilityTest {
    @TempDir
    Path dir;

    /**
     * What Keras 3.0 writes for {@code keras.Model(inp, keras.layers.Dense(2)(inp))} with {@code inp =
     * keras.Input((3,))}, compiled: its InputLayer config predates {@code ragged} and {@code optional}, and the
     * {@code compile_config} is ignored.
     */
    static final String DENSE_CONFIG = """
            {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "functional",
             "trainable": true, "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3],
               "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null,
               "name": "input_layer", "inbound_nodes": []},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true,
               "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
                         "registered_name": null},
               "units": 2, "activation": "linear", "use_bias": true,
               "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                                      "config": {"seed": null}, "registered_name": null},
               "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                                    "registered_name": null},
               "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null,
               "bias_constraint": null, "quantization_config": null},
               "registered_name": null, "build_config": {"input_shape": [null, 3]}, "name": "dense",
               "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 3],
                 "dtype": "float32", "keras_history": ["input_layer", 0, 0]}}], "kwargs": {"mask": null}}]}],
             "input_layers": [["input_layer", 0, 0]], "output_layers": [["dense", 0, 0]]},
             "registered_name": "Functional", "build_config": {"input_shape": null},
             "compile_config": {"optimizer": "adam", "loss": "mean_squared_error", "loss_weights": null,
              "metrics": null, "weighted_metrics": null, "run_eagerly": false, "steps_per_execution": 1,
              "jit_compile": false}}
            """;

    static final byte[] METADATA = "{\"keras_version\": \"3.0.5\", \"date_saved\": \"2024-03-01@12:00:00\"}"
            .getBytes(StandardCharsets.UTF_8);

    /** The kernel [[1, 2], [3, 4], [5, 6]] and bias [0.5, -0.5] at Keras' paths, written with jhdf. */
    static byte[] denseWeights(Path scratch) throws IOException {
        WritableGroupImpl root = new WritableGroupImpl(null, "/");
        root.putGroup("vars");
        WritableGroup layers = root.putGroup("layers");
        layers.putGroup("input_layer").putGroup("vars");
        WritableGroup vars = layers.putGroup("dense").putGroup("vars");
        vars.putDataset("0", new float[][] {{1, 2}, {3, 4}, {5, 6}});
        vars.putDataset("1", new float[] {0.5f, -0.5f});
        Path file = Files.createFile(scratch);
        H5Datasets.writeFile(root, file);
        return Files.readAllBytes(file);
    }

    static Map<String, byte[]> denseArchive(byte[] weights) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("metadata.json", METADATA);
        entries.put("config.json", DENSE_CONFIG.getBytes(StandardCharsets.UTF_8));
        entries.put("model.weights.h5", weights);
        return entries;
    }

    /** y = x · kernel + bias, row by row: [1, 1, 1] -> [9.5, 11.5] and [0, -1, 2] -> [7.5, 7.5]. */
    private static void assertComputesTheHandWrittenDense(Model model) {
        try (Tensor x = Tensor.of(new float[] {1, 1, 1, 0, -1, 2}, 2, 3); TensorScope scope = TensorScope.open()) {
            assertArrayEquals(new float[] {9.5f, 11.5f, 7.5f, 7.5f}, model.call(x).toFloatArray());
        }
    }

    @Test
    void handWrittenKerasConfigAndWeightsLoad() throws IOException {
        Path file = dir.resolve("dense.keras");
        KerasArchives.write(file, denseArchive(denseWeights(dir.resolve("w.h5"))));
        try (Model model = Models.load(file)) {
            assertEquals(Model.class, model.getClass());
            assertEquals("functional", model.name());
            assertInstanceOf(InputLayer.class, model.layers().get(0));
            Dense dense = assertInstanceOf(Dense.class, model.getLayer("dense"));
            assertEquals(2, dense.units());
            assertEquals(Shape.batchOf(3), model.inputs().get(0).shape());
            assertComputesTheHandWrittenDense(model);
        }
    }

    /**
     * The same weights written by h5py (libhdf5 1.10) as Keras writes them, plus an optimizer group a compiled
     * Keras model adds, which is ignored. Made with:
     * <pre>
     * with h5py.File("keras3_dense.weights.h5", "w") as f:
     *     f.create_group("vars")
     *     layers = f.create_group("layers")
     *     layers.create_group("input_layer").create_group("vars")
     *     dense = layers.create_group("dense").create_group("vars")
     *     dense["0"] = np.array([[1, 2], [3, 4], [5, 6]], dtype=np.float32)
     *     dense["1"] = np.array([0.5, -0.5], dtype=np.float32)
     *     f.create_group("optimizer").create_group("vars")["0"] = np.array(3, dtype=np.int64)
     * </pre>
     */
    @Test
    void weightsWrittenByLibhdf5Load() throws IOException {
        byte[] weights;
        try (InputStream in = getClass().getResourceAsStream("keras3_dense.weights.h5")) {
            weights = in.readAllBytes();
        }
        Path file = dir.resolve("libhdf5.keras");
        KerasArchives.write(file, denseArchive(weights));
        try (Model model = Models.load(file)) {
            assertComputesTheHandWrittenDense(model);
        }
    }

    @Test
    void handWrittenKerasSequentialLoads() throws IOException {
        String config = """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true,
                 "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
                           "registered_name": null},
                 "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3],
                   "dtype": "float32", "sparse": false, "ragged": false, "name": "input_layer",
                   "optional": false}, "registered_name": null},
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": false,
                   "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
                             "registered_name": null}, "units": 2, "activation": "linear", "use_bias": true,
                   "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                                          "config": {"seed": null}, "registered_name": null},
                   "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                                        "registered_name": null},
                   "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null,
                   "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 3]}}],
                 "build_input_shape": [null, 3]}, "registered_name": null, "build_config": {"input_shape": [null, 3]}}
                """;
        Map<String, byte[]> entries = KerasArchives.with(denseArchive(denseWeights(dir.resolve("w.h5"))),
                "config.json", config.getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("seq.keras");
        KerasArchives.write(file, entries);
        try (Model model = Models.load(file)) {
            Sequential seq = assertInstanceOf(Sequential.class, model);
            assertEquals(1, seq.layers().size(), "the InputLayer gives the input shape, it is not a layer of the stack");
            assertTrue(!seq.getLayer("dense").isTrainable() && seq.trainableWeights().isEmpty());
            assertComputesTheHandWrittenDense(seq);
        }
    }
}
