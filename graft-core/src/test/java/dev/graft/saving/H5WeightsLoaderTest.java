package dev.graft.saving;

import static dev.graft.saving.TestModels.assertSameWeights;
import static dev.graft.saving.TestModels.assertValuesEqual;
import static dev.graft.saving.TestModels.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.Concatenate;
import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.Normalization;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.models.Sequential;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import io.jhdf.WritableGroupImpl;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H5WeightsLoaderTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private LoadOptions options(boolean byName, boolean skipMismatch) {
        return LoadOptions.builder().optByName(byName).optSkipMismatch(skipMismatch).optWarnings(warnings::add)
                .build();
    }

    private static Dense dense(String name, int units) {
        return Dense.builder().setUnits(units).optName(name).build();
    }

    /** A [batch, 4] -> named Dense layers stacked in order. */
    private static Sequential stack(Dense... layers) {
        Sequential model = new Sequential(layers);
        model.build(Shape.batchOf(4));
        return model;
    }

    /** Two branches "a" (3 units) and "b" (5 units) joined; {@code bFirst} lists "b" first in layers(). */
    private static Model branches(boolean bFirst) {
        SymbolicTensor in = Input.of(4);
        Dense a = dense("a", 3);
        Dense b = dense("b", 5);
        SymbolicTensor x = bFirst ? b.call(in) : a.call(in);
        SymbolicTensor y = bFirst ? a.call(in) : b.call(in);
        return new Model(in, new Concatenate().callSymbolic(List.of(x, y)));
    }

    private Path save(Model model, String name) {
        TestModels.randomize(model, name.hashCode());
        Path file = dir.resolve(name);
        model.saveWeights(file);
        return file;
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void byNameFollowsNamesWhereByPositionFails() {
        try (Model saved = branches(false); Model loaded = branches(true)) {
            Path file = save(saved, "branches.h5");
            assertEquals(List.of("a", "b"), saved.layers().subList(1, 3).stream().map(Layer::name).toList());
            assertEquals(List.of("b", "a"), loaded.layers().subList(1, 3).stream().map(Layer::name).toList());
            List<Object> before = values(loaded);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loaded.loadWeights(file));
            // By position, the model's "b" (5 units) meets the file's "a" (3 units).
            assertMessage(e, file.toString(), "named 'b' in the model, 'a' in the file", "'b/kernel' has shape (4, 5)",
                    "'a/kernel:0' has shape (4, 3)", "unchanged");
            assertValuesEqual(before, values(loaded));

            loaded.loadWeights(file, options(true, false));
            for (String name : List.of("a", "b")) {
                assertSameWeights(saved.getLayer(name), loaded.getLayer(name));
            }
            assertTrue(warnings.isEmpty(), warnings.toString());
        }
    }

    @Test
    void byNameMissingLayerIsAnErrorUnlessSkipped() {
        try (Sequential saved = stack(dense("a", 3), dense("b", 2));
             Sequential loaded = stack(dense("a", 3), dense("b", 2), dense("c", 2))) {
            Path file = save(saved, "ab.h5");
            List<Object> before = values(loaded);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loaded.loadWeights(file, options(true, false)));
            assertMessage(e, file.toString(), "the model's layer 'c' (2 weights) has no layer of that name in the file",
                    "optSkipMismatch");
            assertValuesEqual(before, values(loaded));

            loaded.loadWeights(file, options(true, true));
            assertSameWeights(saved.getLayer("a"), loaded.getLayer("a"));
            assertSameWeights(saved.getLayer("b"), loaded.getLayer("b"));
            assertValuesEqual(before.subList(4, 6), values(loaded.getLayer("c")));
            assertEquals(1, warnings.size());
            assertMessage(new IllegalStateException(warnings.get(0)), "'c'", "skipped", file.toString());
        }
    }

    @Test
    void byNameExtraLayerInFileIsAnErrorUnlessSkipped() {
        try (Sequential saved = stack(dense("a", 3), dense("b", 2)); Sequential loaded = stack(dense("a", 3))) {
            Path file = save(saved, "ab.h5");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loaded.loadWeights(file, options(true, false)));
            assertMessage(e, file.toString(), "layer #1 'b' of the file (2 weights) has no layer of that name in the model");

            loaded.loadWeights(file, options(true, true));
            assertSameWeights(saved.getLayer("a"), loaded.getLayer("a"));
            assertEquals(1, warnings.size(), warnings.toString());
        }
    }

    @Test
    void weightCountMismatchIsAnErrorByPositionAndSkippableByName() {
        Dense noBias = Dense.builder().setUnits(3).optName("a").optUseBias(false).build();
        try (Sequential saved = stack(dense("a", 3)); Sequential loaded = stack(noBias)) {
            Path file = save(saved, "a.h5");
            List<Object> before = values(loaded);
            for (LoadOptions o : List.of(options(false, false), options(false, true), options(true, false))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> loaded.loadWeights(file, o));
                assertMessage(e, file.toString(), "weight count mismatch for layer #0", "has 1 weights [a/kernel (4, 3)]",
                        "the file's has 2 [a/kernel:0 (4, 3) float32, a/bias:0 (3,) float32]");
            }
            loaded.loadWeights(file, options(true, true));
            assertValuesEqual(before, values(loaded));
            assertEquals(1, warnings.size());
        }
    }

    @Test
    void layerCountMismatchNamesBothSides() {
        try (Sequential saved = stack(dense("a", 3), dense("b", 2)); Sequential loaded = stack(dense("x", 3))) {
            Path file = save(saved, "ab.h5");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loaded.loadWeights(file, options(false, true)));
            assertMessage(e, file.toString(), "layer count mismatch", "the model has 1 layers with weights [x]",
                    "the file has 2 [a, b]");
        }
    }

    @Test
    void shapeMismatchInTheLastLayerChangesNothingOrIsSkipped() {
        try (Sequential saved = stack(dense("a", 3), dense("b", 2));
             Sequential loaded = stack(dense("a2", 3), dense("b2", 7))) {
            Path file = save(saved, "ab.h5");
            List<Object> before = values(loaded);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loaded.loadWeights(file));
            assertMessage(e, file.toString(), "layer #1 (named 'b2' in the model, 'b' in the file)",
                    "'b2/kernel' has shape (3, 7)", "'b/kernel:0' has shape (3, 2)");
            // The first layer fits, yet nothing was assigned: everything is checked before anything changes.
            assertValuesEqual(before, values(loaded));

            loaded.loadWeights(file, options(false, true));
            assertSameWeights(saved.getLayer("a"), loaded.getLayer("a2"));
            assertValuesEqual(before.subList(2, 4), values(loaded.getLayer("b2")));
            assertEquals(2, warnings.size(), "kernel and bias are skipped: " + warnings);
            assertMessage(new IllegalStateException(warnings.get(1)), "'b2/bias' has shape (7,)", "'b/bias:0' has shape (2,)");
        }
    }

    @Test
    void float32FileLoadsExactlyIntoFloat64Model() {
        Dense wide = Dense.builder().setUnits(3).optName("a").optDType(DType.FLOAT64).build();
        try (Sequential saved = stack(dense("a", 3)); Sequential loaded = stack(wide)) {
            Path file = save(saved, "a.h5");
            loaded.loadWeights(file);
            float[] stored = saved.weights().get(0).value().toFloatArray();
            double[] widened = new double[stored.length];
            for (int i = 0; i < stored.length; i++) {
                widened[i] = stored[i];   // float -> double is exact
            }
            assertArrayEquals(widened, loaded.weights().get(0).value().toDoubleArray());
        }
    }

    @Test
    void float64FileIntoFloat32ModelRoundsLikeACast() {
        Dense wide = Dense.builder().setUnits(2).optName("a").optDType(DType.FLOAT64).build();
        try (Sequential saved = stack(wide); Sequential loaded = stack(dense("a", 2))) {
            try (TensorScope scope = TensorScope.open()) {
                saved.weights().get(0).assign(Tensor.of(new double[] {0.1, 1.0 / 3, Math.PI, -Math.E, 1e-3, 2.5,
                        7, 8}, 4, 2));
            }
            saved.saveWeights(dir.resolve("a.h5"));
            loaded.loadWeights(dir.resolve("a.h5"));
            assertArrayEquals(new float[] {0.1f, 1f / 3, (float) Math.PI, (float) -Math.E, 1e-3f, 2.5f, 7, 8},
                    loaded.weights().get(0).value().toFloatArray());
        }
    }

    @Test
    void integerDatasetsLoadExactlyIntoFloatingWeights() throws IOException {
        // Keras' EfficientNet files store the stem Normalization's count:0 as an int64 scalar.
        Path efficientNetLike = writeHdf5("count.h5", root -> {
            root.putAttribute("layer_names", new String[] {"normalization"});
            WritableGroup layer = root.putGroup("normalization");
            layer.putAttribute("weight_names", new String[] {"normalization/mean:0", "normalization/variance:0",
                "normalization/count:0"});
            WritableGroup vars = layer.putGroup("normalization");
            vars.putDataset("mean:0", new float[] {0.5f, -1.5f});
            vars.putDataset("variance:0", new int[] {4, 9});
            vars.putDataset("count:0", 1_281_167L);
        });
        try (Sequential model = new Sequential(new Normalization())) {
            model.build(Shape.batchOf(2));
            model.loadWeights(efficientNetLike);
            assertArrayEquals(new float[] {0.5f, -1.5f}, model.weights().get(0).value().toFloatArray());
            assertArrayEquals(new float[] {4, 9}, model.weights().get(1).value().toFloatArray());
            assertEquals(DType.FLOAT32, model.weights().get(2).value().dtype());
            assertEquals(Shape.of(), model.weights().get(2).shape());
            assertArrayEquals(new float[] {1_281_167}, model.weights().get(2).value().toFloatArray());
        }

        // 2^24 + 1 is the first integer float32 cannot hold; float64 holds it, and 2^53 - 1 too.
        long[][] kernel = {{1 << 24, (1 << 24) + 1}, {-3, 0}, {(1L << 53) - 1, 7}, {Long.MIN_VALUE, 1L << 62}};
        Path big = writeHdf5("big.h5", root -> {
            root.putAttribute("layer_names", new String[] {"a"});
            WritableGroup a = root.putGroup("a");
            a.putAttribute("weight_names", new String[] {"a/kernel:0", "a/bias:0"});
            WritableGroup vars = a.putGroup("a");
            vars.putDataset("kernel:0", kernel);
            vars.putDataset("bias:0", new byte[] {-128, 127});
        });
        Dense wide = Dense.builder().setUnits(2).optName("a").optDType(DType.FLOAT64).build();
        try (Sequential float64 = stack(wide); Sequential float32 = stack(dense("a", 2))) {
            float64.loadWeights(big);
            double[] expected = new double[8];
            for (int i = 0; i < 8; i++) {
                expected[i] = kernel[i / 2][i % 2];   // each a power of two or below 2^53: exact as double
            }
            assertArrayEquals(expected, float64.weights().get(0).value().toDoubleArray());
            assertArrayEquals(new double[] {-128, 127}, float64.weights().get(1).value().toDoubleArray());

            float[] before = float32.weights().get(0).value().toFloatArray();
            assertMessage(assertThrows(IllegalArgumentException.class, () -> float32.loadWeights(big)),
                    big.toString(), "/a/a/kernel:0", "16777217", "float32 cannot represent exactly",
                    "weights are unchanged");
            assertArrayEquals(before, float32.weights().get(0).value().toFloatArray());
        }
    }

    @Test
    void unreadableFilesAreErrorsNamingThePath() throws IOException {
        try (Sequential model = stack(dense("a", 2))) {
            Path missing = dir.resolve("missing.h5");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> model.loadWeights(missing)),
                    "no file at", missing.toString());

            Path text = dir.resolve("text.h5");
            Files.writeString(text, "not an HDF5 file at all, just text");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> model.loadWeights(text)),
                    text.toString(), "HDF5");

            Path plain = writeHdf5("plain.h5", root -> root.putGroup("data").putDataset("x", new float[] {1}));
            assertMessage(assertThrows(IllegalArgumentException.class, () -> model.loadWeights(plain)),
                    plain.toString(), "not a Keras h5 weights file", "no 'layer_names'");

            Path noGroup = writeHdf5("nogroup.h5", root -> root.putAttribute("layer_names", new String[] {"a"}));
            assertMessage(assertThrows(IllegalArgumentException.class, () -> model.loadWeights(noGroup)),
                    noGroup.toString(), "layer 'a' is listed in layer_names but the file has no group");

            Path noDataset = writeHdf5("nodataset.h5", root -> {
                root.putAttribute("layer_names", new String[] {"a"});
                root.putGroup("a").putAttribute("weight_names", new String[] {"a/kernel:0"});
            });
            assertMessage(assertThrows(IllegalArgumentException.class, () -> model.loadWeights(noDataset)),
                    noDataset.toString(), "'a/kernel:0' is listed in weight_names", "no dataset");

            Path strings = writeHdf5("strings.h5", root -> {
                root.putAttribute("layer_names", new String[] {"a"});
                WritableGroup a = root.putGroup("a");
                a.putAttribute("weight_names", new String[] {"k"});
                a.putDataset("k", new String[] {"one", "two"});
            });
            assertMessage(assertThrows(IllegalArgumentException.class, () -> model.loadWeights(strings)),
                    strings.toString(), "/a/k holds String values", "floating point");
        }
    }

    @Test
    void readsKeras3NamesAndWholeModelFiles() throws IOException {
        // Keras 3 names weights by path without ":0" and adds an empty top_level_model_weights group.
        float[][] kernel = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
        float[] bias = {0.5f, -0.5f};
        Path keras3 = writeHdf5("keras3.h5", root -> {
            root.putAttribute("layer_names", new String[] {"input_layer", "dense"});
            root.putGroup("input_layer");
            WritableGroup dense = root.putGroup("dense");
            dense.putAttribute("weight_names", new String[] {"dense/kernel", "dense/bias"});
            WritableGroup vars = dense.putGroup("dense");
            vars.putDataset("kernel", kernel);
            vars.putDataset("bias", bias);
            root.putGroup(WeightFile.TOP_LEVEL_GROUP);
        });
        // model.save("m.h5") keeps the same layout under /model_weights.
        Path wholeModel = writeHdf5("model.h5", root -> {
            root.putAttribute("model_config", "{}");
            WritableGroup weights = root.putGroup("model_weights");
            weights.putAttribute("layer_names", new String[] {"dense"});
            WritableGroup dense = weights.putGroup("dense");
            dense.putAttribute("weight_names", new String[] {"dense/kernel:0", "dense/bias:0"});
            WritableGroup vars = dense.putGroup("dense");
            vars.putDataset("kernel:0", kernel);
            vars.putDataset("bias:0", bias);
        });
        for (Path file : List.of(keras3, wholeModel)) {
            try (Sequential model = stack(dense("d", 2))) {
                model.loadWeights(file);
                assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, model.weights().get(0).value().toFloatArray());
                assertArrayEquals(bias, model.weights().get(1).value().toFloatArray());
            }
        }
    }

    /** Writes an HDF5 file with jhdf's tree API, the way the writer does. */
    private Path writeHdf5(String name, java.util.function.Consumer<WritableGroupImpl> content) throws IOException {
        WritableGroupImpl root = new WritableGroupImpl(null, "/");
        content.accept(root);
        Path file = dir.resolve(name);
        Files.createFile(file);
        H5Datasets.writeFile(root, file);
        return file;
    }

    @Test
    void unbuiltOrClosedModelsAreRefused() {
        Path file;
        try (Sequential saved = stack(dense("a", 2))) {
            file = save(saved, "a.h5");
        }
        try (Sequential unbuilt = new Sequential(dense("b", 2))) {
            assertMessage(assertThrows(IllegalStateException.class, () -> unbuilt.loadWeights(file)), "not built");
        }
        Sequential closed = stack(dense("c", 2));
        closed.close();
        assertMessage(assertThrows(IllegalStateException.class, () -> closed.loadWeights(file)), "closed",
                file.toString());
    }
}
