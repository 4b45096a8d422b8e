package dev.graft.saving;

import static dev.graft.saving.TestModels.assertSameWeights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.initializers.Constant;
import dev.graft.layers.Activation;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.models.Sequential;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H5WeightsWriterTest {
    @TempDir
    Path dir;

    @Test
    void roundTripIsBitExactIncludingMovingStatistics() {
        Path file = dir.resolve("cnn.h5");
        try (Model saved = TestModels.cnn(); Model loaded = TestModels.cnn()) {
            TestModels.randomize(saved, 1);
            saved.saveWeights(file);
            // A fresh model of the same architecture has other default names: loading goes by position.
            assertNotEquals(saved.layers().get(1).name(), loaded.layers().get(1).name());
            loaded.loadWeights(file);
            assertSameWeights(saved, loaded);
            BatchNormalization bn = (BatchNormalization) loaded.layers().get(2);
            assertArrayEquals(((BatchNormalization) saved.layers().get(2)).movingVariance().value().toFloatArray(),
                    bn.movingVariance().value().toFloatArray());
        }
    }

    @Test
    void nestedModelAndFrozenLayerRoundTripWithKerasLegacyOrder() throws Exception {
        Path file = dir.resolve("nested.h5");
        try (Model saved = TestModels.nested(); Model loaded = TestModels.nested()) {
            for (Model m : List.of(saved, loaded)) {
                m.layers().get(2).setTrainable(false);   // the head Dense is frozen in both
            }
            TestModels.randomize(saved, 2);
            saved.saveWeights(file);
            loaded.loadWeights(file);
            assertSameWeights(saved, loaded);

            // The nested model is one entry; its weights go trainable first, then non-trainable
            // (BatchNormalization's moving statistics after the Dense that follows it).
            Model inner = (Model) saved.layers().get(1);
            String bn = inner.layers().get(1).name();
            String dense = inner.layers().get(2).name();
            try (HdfFile h5 = new HdfFile(file)) {
                assertEquals(List.of(bn + "/gamma:0", bn + "/beta:0", dense + "/kernel:0", dense + "/bias:0",
                                bn + "/moving_mean:0", bn + "/moving_variance:0"),
                        List.of((String[]) h5.getByPath(inner.name()).getAttribute("weight_names").getData()));
                Dataset kernel = h5.getDatasetByPath(inner.name() + "/" + dense + "/kernel:0");
                assertArrayEquals(new int[] {4, 3}, kernel.getDimensions());
            }
        }
    }

    @Test
    void fileHasKerasLegacyLayout() throws Exception {
        SymbolicTensor in = Input.of(Shape.batchOf(5, 5, 3), DType.FLOAT32, "input_1");
        Conv2D conv = Conv2D.builder().setFilters(4).setKernelSize(3).optName("conv1").build();
        SymbolicTensor x = conv.call(in);
        x = BatchNormalization.builder().optName("conv1_bn").build().call(x);
        x = Activation.builder().setActivation("relu6").optName("conv1_relu").build().call(x);
        Path file = dir.resolve("layout.h5");
        try (Model model = new Model(List.of(in), List.of(x), "layout")) {
            TestModels.randomize(model, 3);
            model.saveWeights(file);
            try (HdfFile h5 = new HdfFile(file)) {
                assertEquals(Set.of("layer_names", "backend", "keras_version"), h5.getAttributes().keySet());
                assertArrayEquals(new String[] {"input_1", "conv1", "conv1_bn", "conv1_relu"},
                        (String[]) h5.getAttribute("layer_names").getData());
                assertEquals("tensorflow", h5.getAttribute("backend").getData());
                assertEquals(Set.of("input_1", "conv1", "conv1_bn", "conv1_relu"), h5.getChildren().keySet());
                assertArrayEquals(new String[] {"conv1/kernel:0", "conv1/bias:0"},
                        (String[]) h5.getByPath("conv1").getAttribute("weight_names").getData());
                assertArrayEquals(new String[] {"conv1_bn/gamma:0", "conv1_bn/beta:0", "conv1_bn/moving_mean:0",
                        "conv1_bn/moving_variance:0"},
                        (String[]) h5.getByPath("conv1_bn").getAttribute("weight_names").getData());
                // A weightless layer: a group with nothing in it (jhdf cannot write Keras' empty weight_names).
                Group relu = (Group) h5.getByPath("conv1_relu");
                assertTrue(relu.getAttributes().isEmpty() && relu.getChildren().isEmpty());
                Dataset kernel = h5.getDatasetByPath("conv1/conv1/kernel:0");
                assertArrayEquals(new int[] {3, 3, 3, 4}, kernel.getDimensions());
                assertEquals(float.class, kernel.getJavaType());
                assertArrayEquals(conv.weights().get(0).value().toFloatArray(), (float[]) kernel.getDataFlat());
                assertArrayEquals(new int[] {4}, h5.getDatasetByPath("conv1_bn/conv1_bn/moving_mean:0").getDimensions());
            }
        }
    }

    @Test
    void float64WeightsAreStoredAsFloat64Exactly() throws Exception {
        Path file = dir.resolve("f64.h5");
        try (Sequential saved = float64Model(); Sequential loaded = float64Model()) {
            try (TensorScope scope = TensorScope.open()) {
                // Values float32 cannot hold: 1/3, pi, 0.1 ... differ from their float32 roundings.
                double[] precise = {1.0 / 3, Math.PI, 0.1, -2.0 / 7, Math.E, 1e-300};
                saved.weights().get(0).assign(Tensor.of(precise, 3, 2));
            }
            saved.saveWeights(file);
            try (HdfFile h5 = new HdfFile(file)) {
                assertEquals(double.class, h5.getDatasetByPath(saved.layers().get(0).name() + "/"
                        + saved.weights().get(0).name() + ":0").getJavaType());
            }
            loaded.loadWeights(file);
            assertSameWeights(saved, loaded);
            assertArrayEquals(new double[] {1.0 / 3, Math.PI, 0.1, -2.0 / 7, Math.E, 1e-300},
                    loaded.weights().get(0).value().toDoubleArray());
        }
    }

    private static Sequential float64Model() {
        Sequential model = new Sequential(Dense.builder().setUnits(2).optDType(DType.FLOAT64).build());
        model.build(Shape.batchOf(3));
        return model;
    }

    @Test
    void longLayerNameListsAreSplitLikeKeras() throws Exception {
        // 300 weightless layers named with 250 characters: jhdf stores each as 251 bytes, so one attribute
        // holds at most 64512 / 251 = 257 names and the list is split into ceil(300 / 257) = 2 chunks of
        // 150 names each (numpy's array_split gives equal halves).
        Layer[] layers = new Layer[300];
        for (int i = 0; i < layers.length; i++) {
            String name = String.format("%-247s%03d", "relu", i).replace(' ', '_');
            layers[i] = Activation.builder().setActivation("relu").optName(name).build();
        }
        Path file = dir.resolve("long.h5");
        try (Sequential model = new Sequential(layers)) {
            model.build(Shape.batchOf(2));
            model.saveWeights(file);
            try (HdfFile h5 = new HdfFile(file)) {
                assertEquals(Set.of("layer_names0", "layer_names1", "backend", "keras_version"),
                        h5.getAttributes().keySet());
                assertEquals(150, ((String[]) h5.getAttribute("layer_names0").getData()).length);
                assertEquals(150, ((String[]) h5.getAttribute("layer_names1").getData()).length);
            }
            try (WeightFile read = WeightFile.open(file)) {
                assertEquals(model.layers().stream().map(Layer::name).toList(),
                        read.layers().stream().map(SavedLayer::name).toList());
            }
        }
    }

    @Test
    void modelsOwnWeightsGoToTopLevelGroup() throws Exception {
        Path file = dir.resolve("own.h5");
        try (Sequential saved = new ScaledSequential(); Sequential loaded = new ScaledSequential()) {
            TestModels.randomize(saved, 4);
            saved.saveWeights(file);
            try (HdfFile h5 = new HdfFile(file)) {
                assertArrayEquals(new String[] {saved.name() + "/scale:0"},
                        (String[]) h5.getByPath("top_level_model_weights").getAttribute("weight_names").getData());
            }
            loaded.loadWeights(file);
            assertSameWeights(saved, loaded);
        }
        // A file without them does not fit a model that has them.
        Path plain = dir.resolve("plain.h5");
        try (Sequential withoutOwn = new Sequential(new Dense(2)); Sequential withOwn = new ScaledSequential()) {
            withoutOwn.build(Shape.batchOf(3));
            withoutOwn.saveWeights(plain);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withOwn.loadWeights(plain));
            assertTrue(e.getMessage().contains("model's own weights") && e.getMessage().contains(plain.toString()),
                    e.getMessage());
        }
    }

    /** A Sequential with one weight of its own, outside its layers. */
    private static final class ScaledSequential extends Sequential {
        ScaledSequential() {
            super(new Dense(2));
            build(Shape.batchOf(3));
        }

        @Override
        protected void onBuild(Shape inputShape) {
            super.onBuild(inputShape);
            addWeight("scale", Shape.of(2), Constant.ONES, true);
        }
    }

    @Test
    void unbuiltModelCannotBeSaved() {
        try (Sequential model = new Sequential(new Dense(2))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> model.saveWeights(dir.resolve("x.h5")));
            assertTrue(e.getMessage().contains("not built"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("x.h5")));
        }
    }

    @Test
    void duplicateLayerNamesCannotBeSaved() {
        try (Sequential model = new Sequential(Dense.builder().setUnits(2).optName("twin").build(),
                Dense.builder().setUnits(2).optName("twin").build())) {
            model.build(Shape.batchOf(2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.saveWeights(dir.resolve("twins.h5")));
            assertTrue(e.getMessage().contains("two layers named 'twin'"), e.getMessage());
        }
        try (Sequential model = new Sequential(Dense.builder().setUnits(2).optName("a/b").build())) {
            model.build(Shape.batchOf(2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.saveWeights(dir.resolve("slash.h5")));
            assertTrue(e.getMessage().contains("layer 'a/b' has a name an HDF5 group cannot have"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("twins.h5")) || Files.exists(dir.resolve("slash.h5")));
    }

    @Test
    void nestedModelFrozenWhenSavedListsItsWeightsInAnotherOrderAsInKeras() {
        Path file = dir.resolve("frozen.h5");
        try (Model saved = TestModels.nested(); Model loaded = TestModels.nested()) {
            saved.layers().get(1).setTrainable(false);
            saved.saveWeights(file);
            // Saved frozen: gamma, beta, moving_mean, moving_variance, kernel, bias. Unfrozen, the model expects
            // gamma, beta, kernel, bias, moving_mean, moving_variance: the third weight no longer fits.
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loaded.loadWeights(file));
            assertTrue(e.getMessage().contains("kernel' has shape (4, 3)")
                    && e.getMessage().contains("moving_mean:0' has shape (4,)"), e.getMessage());
            loaded.layers().get(1).setTrainable(false);
            loaded.loadWeights(file);
            assertSameWeights(saved, loaded);
        }
    }
}
