package dev.graft.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.activations.ActivationFunction;
import dev.graft.layers.Activation;
import dev.graft.layers.Add;
import dev.graft.layers.AveragePooling2D;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Concatenate;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.DepthwiseConv2D;
import dev.graft.layers.Dropout;
import dev.graft.layers.Flatten;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.MaxPooling2D;
import dev.graft.layers.Reshape;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SeparableConv2D;
import dev.graft.layers.SymbolicTensor;
import dev.graft.layers.ZeroPadding2D;
import dev.graft.models.Model;
import dev.graft.models.Models;
import dev.graft.models.Sequential;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasModelFileTest {
    @TempDir
    Path dir;

    /**
     * Every layer type, a nested Sequential (frozen, called with training=false) and a nested functional model
     * (one layer frozen), a Dense layer called twice: {@code [batch, 8, 8, 3]} -> {@code [batch, 2]}.
     */
    static Model everything() {
        Sequential base = new Sequential("base",
                DepthwiseConv2D.builder().setKernelSize(3).optPadding("same").optDepthMultiplier(2).build(),
                SeparableConv2D.builder().setFilters(6).setKernelSize(3).optPadding("same")
                        .optActivation(ActivationFunction.RELU6).build(),
                new MaxPooling2D(2));
        base.setTrainable(false);

        SymbolicTensor innerIn = Input.of(5, 5, 6);
        Conv2D projection = Conv2D.builder().setFilters(6).setKernelSize(1).optUseBias(false).build();
        projection.setTrainable(false);
        SymbolicTensor sum = new Add().callSymbolic(List.of(innerIn, projection.call(innerIn)));
        SymbolicTensor pooled = AveragePooling2D.builder().optPoolSize(2).optStrides(1).optPadding("same").build()
                .call(sum);
        SymbolicTensor joined = new Concatenate().callSymbolic(List.of(pooled, innerIn));
        Model head = new Model(List.of(innerIn), List.of(new GlobalAveragePooling2D().call(joined)), "head");

        SymbolicTensor in = Input.of(8, 8, 3);
        SymbolicTensor x = new Rescaling(1 / 127.5, -1).call(in);
        x = new ZeroPadding2D(new int[][] {{2, 2}, {1, 1}}).call(x);
        x = Conv2D.builder().setFilters(4).setKernelSize(3, 1).optStrides(1, 1).optPadding("valid")
                .optActivation(ActivationFunction.RELU).build().call(x);
        BatchNormalization bn = BatchNormalization.builder().optMomentum(0.9).optEpsilon(1e-5).build();
        bn.setTrainable(false);
        x = bn.call(x);
        x = base.call(x, false);
        x = head.call(x);
        Dense shared = Dense.builder().setUnits(12).optActivation(ActivationFunction.SIGMOID).build();
        x = shared.call(shared.call(x));
        x = new Dropout(0.5).call(x);
        x = new Flatten().call(new Reshape(3, 4).call(x));
        x = new Activation("tanh").call(x);
        return new Model(List.of(in), List.of(new Dense(2).call(x)), "everything");
    }

    private static Tensor images(long seed) {
        try (SeedGenerator g = SeedGenerator.of(seed)) {
            return Tensor.randomUniform(Shape.of(3, 8, 8, 3), 0, 255, dev.graft.tensor.DType.FLOAT32, g);
        }
    }

    private static float[] predict(Layer model, Tensor x, boolean training) {
        try (TensorScope scope = TensorScope.open()) {
            return model.call(x, training).toFloatArray();
        }
    }

    @Test
    void functionalModelWithNestedAndSharedLayersRoundTripsExactly() {
        Path file = dir.resolve("everything.keras");
        try (Model saved = everything(); Tensor x = images(3)) {
            TestModels.randomize(saved, 11);
            saved.save(file);
            try (Model loaded = Models.load(file)) {
                assertEquals(Model.class, loaded.getClass());
                assertEquals(saved.layers().stream().map(Layer::name).toList(),
                        loaded.layers().stream().map(Layer::name).toList());
                assertInstanceOf(Sequential.class, loaded.getLayer("base"));
                assertEquals(Model.class, loaded.getLayer("head").getClass());
                // The same architecture: names, options, trainable flags, calls and their pinned modes.
                assertEquals(saved.getConfig().json(), loaded.getConfig().json());
                TestModels.assertSameWeights(saved, loaded);
                assertEquals(saved.trainableWeights().size(), loaded.trainableWeights().size());

                assertArrayEquals(predict(saved, x, false), predict(loaded, x, false));
                // Training mode: dropout draws the same elements (same seed), the base stays in inference.
                assertArrayEquals(predict(saved, x, true), predict(loaded, x, true));
            }
        }
    }

    @Test
    void trainableFlagsComeBackPerLayer() {
        Path file = dir.resolve("frozen.keras");
        try (Model saved = everything()) {
            saved.save(file);
            try (Model loaded = Models.load(file)) {
                Model head = (Model) loaded.getLayer("head");
                assertTrue(head.isTrainable());
                assertFalse(head.layers().get(1).isTrainable(), "the frozen projection inside a trainable model");
                assertTrue(head.layers().get(2).isTrainable());
                assertFalse(loaded.getLayer("base").isTrainable());
                assertTrue(loaded.getLayer("base").trainableWeights().isEmpty());
                assertFalse(loaded.layers().get(4).isTrainable(), "the frozen BatchNormalization");
                for (Layer layer : ((Model) loaded.getLayer("base")).layers()) {
                    assertFalse(layer.isTrainable(), layer.name());
                    layer.weights().forEach(v -> assertFalse(v.trainable(), v.name()));
                }
            }
        }
    }

    @Test
    void trainingPinnedOnACallRoundTrips() {
        Path file = dir.resolve("pinned.keras");
        try (Model saved = everything()) {
            saved.save(file);
            try (Model loaded = Models.load(file)) {
                SymbolicTensor.Node baseCall = findCall(loaded, "base");
                assertEquals(Boolean.FALSE, baseCall.training());
                assertEquals(null, findCall(loaded, "head").training());
            }
        }
    }

    private static SymbolicTensor.Node findCall(Model model, String layerName) {
        SymbolicTensor t = model.outputs().get(0);
        while (!t.node().layer().name().equals(layerName)) {
            t = t.node().inputs().get(0);
        }
        return t.node();
    }

    @Test
    void sequentialRoundTripsAsSequential() {
        Path file = dir.resolve("seq.keras");
        try (Sequential saved = new Sequential("stack", new Dense(3), new BatchNormalization(),
                Dense.builder().setUnits(1).optActivation(ActivationFunction.SIGMOID).build());
             Tensor x = Tensor.of(new float[] {1, -2, 3, 0.5f, 0, 7, -1, 2}, 2, 4)) {
            saved.build(Shape.batchOf(4));
            TestModels.randomize(saved, 4);
            saved.save(file);
            try (Model loaded = Models.load(file)) {
                Sequential seq = assertInstanceOf(Sequential.class, loaded);
                assertEquals("stack", seq.name());
                assertEquals(List.of(Shape.batchOf(4)), seq.buildShapes());
                assertEquals(saved.getConfig().json(), seq.getConfig().json());
                TestModels.assertSameWeights(saved, seq);
                assertArrayEquals(predict(saved, x, false), predict(seq, x, false));
            }
        }
    }

    @Test
    void unbuiltSequentialRoundTripsUnbuilt() {
        Path file = dir.resolve("unbuilt.keras");
        try (Sequential saved = new Sequential(new Dense(3), new Dense(1))) {
            saved.save(file);
            try (Model loaded = Models.load(file)) {
                assertFalse(loaded.isBuilt());
                assertEquals(2, loaded.layers().size());
                assertTrue(loaded.weights().isEmpty());
            }
        }
    }

    @Test
    void archiveHoldsKerasEntriesStoredUncompressed() throws IOException {
        Path file = dir.resolve("entries.keras");
        try (Model saved = TestModels.cnn()) {
            saved.save(file);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals(List.of("metadata.json", "config.json", "model.weights.h5"),
                    zip.stream().map(ZipEntry::getName).toList());
            zip.stream().forEach(e -> assertEquals(ZipEntry.STORED, e.getMethod(), e.getName()));
            String metadata = new String(zip.getInputStream(zip.getEntry("metadata.json")).readAllBytes());
            assertTrue(metadata.matches("\\{\"keras_version\":\"3\\.[0-9.]+\",\"date_saved\":\"[0-9-]+@[0-9:]+\"}"),
                    metadata);
        }
    }

    @Test
    void loadedModelIsIndependentOfTheSavedOne() {
        Path file = dir.resolve("copy.keras");
        try (Model saved = TestModels.cnn()) {
            TestModels.randomize(saved, 8);
            saved.save(file);
            List<Object> before = TestModels.values(saved);
            try (Model loaded = Models.load(file); TensorScope scope = TensorScope.open()) {
                for (Variable v : loaded.weights()) {
                    v.assign(Tensor.zeros(v.shape(), v.dtype()));
                }
            }
            TestModels.assertValuesEqual(before, TestModels.values(saved));
        }
    }

    @Test
    void failedSaveLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.keras");
        try (Model model = TestModels.cnn()) {
            model.save(file);
            byte[] before = Files.readAllBytes(file);
            // The last layer's weights can no longer be read: writing starts, then fails on them.
            model.layers().get(model.layers().size() - 1).close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.save(file));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(file));
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(file), files.toList());
            }
        }
    }

    @Test
    void unsavableModelsFailBeforeAnyFileIsWritten() {
        Path file = dir.resolve("bad.keras");
        SymbolicTensor in = Input.of(4);
        Dense first = Dense.builder().setUnits(2).optName("twin").build();
        Dense second = Dense.builder().setUnits(2).optName("twin").build();
        try (Model twins = new Model(in, second.call(first.call(in)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> twins.save(file));
            assertTrue(e.getMessage().contains("two layers named 'twin'"), e.getMessage());
        }
        try (Model custom = new Model(in, new Layer("custom", dev.graft.tensor.DType.FLOAT32) {
            @Override
            public Shape computeOutputShape(Shape inputShape) {
                return inputShape;
            }
        }.call(in))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> custom.save(file));
            assertTrue(e.getMessage().contains("no Keras configuration") && e.getMessage().contains("Dense"),
                    e.getMessage());
        }
        try (Model model = TestModels.cnn()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.save(dir.resolve("model.h5")));
            assertTrue(e.getMessage().contains("must end in '.keras'"), e.getMessage());
        }
        assertFalse(Files.exists(file));
    }
}
