package dev.graft.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.callbacks.CallbackFixtures.Captured;
import dev.graft.layers.Dense;
import dev.graft.models.Model;
import dev.graft.models.Models;
import dev.graft.models.Sequential;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {
    @TempDir
    Path dir;

    private final Captured out = new Captured();
    private Sequential model;

    @BeforeEach
    void buildModel() {
        model = new Sequential(new Dense(2));
        model.build(Shape.batchOf(3));
    }

    @AfterEach
    void closeModel() {
        model.close();
    }

    private ModelCheckpoint.Builder checkpoint(String template) {
        return ModelCheckpoint.builder().setFilepath(dir.resolve(template).toString())
                .optOutput(out.stream);
    }

    private String printed() {
        return out.text();
    }

    /** Sets every weight of the model to {@code value}, so that a saved file shows which epoch wrote it. */
    private void fill(double value) {
        try (TensorScope scope = TensorScope.open()) {
            for (Variable v : model.weights()) {
                v.assign(Tensor.full(v.shape(), value, v.dtype()));
            }
        }
    }

    /** The value every weight has in {@code file}. */
    private static float savedValue(Path file) {
        try (Sequential copy = new Sequential(new Dense(2))) {
            copy.build(Shape.batchOf(3));
            copy.loadWeights(file);
            float[] kernel = copy.weights().get(0).value().toFloatArray();
            float[] bias = copy.weights().get(1).value().toFloatArray();
            float[] expected = new float[bias.length];
            Arrays.fill(expected, kernel[0]);
            assertArrayEquals(expected, bias, "every weight holds the same value");
            return kernel[0];
        }
    }

    private static Map<String, Double> logs(String name, double value) {
        return Map.of(name, value, "loss", 9.0);
    }

    @Test
    void fileNameComesFromEpochAndLogsAndDirectoriesAreCreated() {
        ModelCheckpoint callback = checkpoint("ckpt/{epoch:02d}-{val_loss:.4f}.h5").build();
        callback.setModel(model);
        fill(0.25);
        callback.onEpochEnd(2, logs("val_loss", 0.123456));
        Path expected = dir.resolve("ckpt/03-0.1235.h5");
        assertTrue(Files.isRegularFile(expected));
        assertEquals(0.25f, savedValue(expected));
        assertEquals("", printed(), "silent unless verbose");
    }

    @Test
    void savesEveryEpochWithKerasMessage() {
        ModelCheckpoint callback = checkpoint("w.{epoch}.h5").optVerbose(true).build();
        callback.setModel(model);
        callback.onEpochEnd(0, logs("val_loss", 0.5));
        callback.onEpochEnd(1, Map.of());
        assertEquals("\nEpoch 1: saving model to " + dir.resolve("w.1.h5") + "\n"
                + "\nEpoch 2: saving model to " + dir.resolve("w.2.h5") + "\n", printed());
        assertTrue(Files.exists(dir.resolve("w.1.h5")) && Files.exists(dir.resolve("w.2.h5")));
    }

    @Test
    void bestOnlyInMinModeKeepsTheLowestValue() {
        ModelCheckpoint callback = checkpoint("best.h5").optSaveBestOnly(true).optVerbose(true).build();
        assertFalse(callback.maximizes());
        callback.setModel(model);
        Path file = dir.resolve("best.h5");
        fill(1);
        callback.onEpochEnd(0, logs("val_loss", 0.5));
        fill(2);
        callback.onEpochEnd(1, logs("val_loss", 0.6));
        assertEquals(1f, savedValue(file), "epoch 2 was worse: the file still holds epoch 1");
        fill(3);
        callback.onEpochEnd(2, logs("val_loss", 0.4));
        assertEquals(3f, savedValue(file));
        assertEquals(0.4, callback.best());
        assertEquals("\nEpoch 1: val_loss improved from inf to 0.50000, saving model to " + file + "\n"
                + "\nEpoch 2: val_loss did not improve from 0.50000\n"
                + "\nEpoch 3: val_loss improved from 0.50000 to 0.40000, saving model to " + file + "\n", printed());
    }

    @Test
    void bestOnlyInMaxModeKeepsTheHighestValue() {
        ModelCheckpoint callback = checkpoint("best.h5").optMonitor("val_binary_accuracy").optSaveBestOnly(true)
                .optVerbose(true).build();
        assertTrue(callback.maximizes(), "auto mode maximizes names containing 'acc'");
        callback.setModel(model);
        Path file = dir.resolve("best.h5");
        fill(1);
        callback.onEpochEnd(0, logs("val_binary_accuracy", 0.7));
        fill(2);
        callback.onEpochEnd(1, logs("val_binary_accuracy", 0.6));
        fill(3);
        callback.onEpochEnd(2, logs("val_binary_accuracy", 0.7));
        assertEquals(1f, savedValue(file), "an equal value is no improvement");
        fill(4);
        callback.onEpochEnd(3, logs("val_binary_accuracy", 0.8));
        assertEquals(4f, savedValue(file));
        assertTrue(printed().startsWith("\nEpoch 1: val_binary_accuracy improved from -inf to 0.70000, saving "
                + "model to " + file + "\n"), printed());
        assertTrue(printed().contains("Epoch 3: val_binary_accuracy did not improve from 0.70000"), printed());
    }

    @Test
    void modeChoosesTheDirection() {
        assertTrue(checkpoint("w.h5").optMonitor("val_auc").build().maximizes());
        assertFalse(checkpoint("w.h5").optMonitor("val_mean_squared_error").build().maximizes());
        assertTrue(checkpoint("w.h5").optMode("max").build().maximizes());
        assertFalse(checkpoint("w.h5").optMonitor("val_acc").optMode(MonitorMode.MIN).build().maximizes());
        assertEquals(Double.NEGATIVE_INFINITY, checkpoint("w.h5").optMode("max").build().best());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> checkpoint("w.h5").optMode("maximum"));
        assertTrue(e.getMessage().contains("\"maximum\""), e.getMessage());
    }

    @Test
    void initialValueThresholdMustBeBeaten() {
        ModelCheckpoint callback = checkpoint("best.h5").optSaveBestOnly(true).optInitialValueThreshold(0.3)
                .optVerbose(true).build();
        callback.setModel(model);
        callback.onEpochEnd(0, logs("val_loss", 0.4));
        assertFalse(Files.exists(dir.resolve("best.h5")));
        callback.onEpochEnd(1, logs("val_loss", 0.2));
        assertTrue(Files.exists(dir.resolve("best.h5")));
        assertEquals("\nEpoch 1: val_loss did not improve from 0.30000\n"
                + "\nEpoch 2: val_loss improved from 0.30000 to 0.20000, saving model to " + dir.resolve("best.h5")
                + "\n", printed());
    }

    @Test
    void missingMonitoredValueWarnsAndSkips() {
        ModelCheckpoint callback = checkpoint("best.h5").optSaveBestOnly(true).optVerbose(true).build();
        callback.setModel(model);
        callback.onEpochEnd(0, Map.of("loss", 0.3));
        callback.onEpochEnd(1, Map.of("loss", 0.2));
        assertEquals("WARNING: Can save best model only with val_loss available, skipping.\n", printed(),
                "warned once, like a Python warning, and nothing else printed");
        assertFalse(Files.exists(dir.resolve("best.h5")));
    }

    @Test
    void wholeModelsAreSavedToKerasFiles() {
        ModelCheckpoint callback = checkpoint("models/m-{epoch}.keras").optSaveWeightsOnly(false).build();
        callback.setModel(model);
        fill(0.75);
        callback.onEpochEnd(0, logs("val_loss", 1));
        try (Model loaded = Models.load(dir.resolve("models/m-1.keras"))) {
            assertEquals(model.weights().size(), loaded.weights().size());
            for (Variable v : loaded.weights()) {
                float[] values = v.value().toFloatArray();
                float[] expected = new float[values.length];
                Arrays.fill(expected, 0.75f);
                assertArrayEquals(expected, values);
            }
        }
    }

    @Test
    void invalidConfigurationsAreClearErrors() {
        IllegalArgumentException wholeModel = assertThrows(IllegalArgumentException.class,
                () -> checkpoint("m.h5").optSaveWeightsOnly(false).build());
        assertTrue(wholeModel.getMessage().contains("m.h5") && wholeModel.getMessage().contains("end it in .keras"),
                wholeModel.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.builder().build());
        assertThrows(IllegalArgumentException.class, () -> checkpoint("w-{epoch.h5").build());

        ModelCheckpoint noModel = new ModelCheckpoint(dir.resolve("w.h5").toString());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> noModel.onEpochEnd(0, logs("val_loss", 1)));
        assertTrue(e.getMessage().contains("setModel"), e.getMessage());

        ModelCheckpoint unknownKey = checkpoint("w-{val_acc:.2f}.h5").build();
        unknownKey.setModel(model);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> unknownKey.onEpochEnd(0, logs("val_loss", 1)));
        assertTrue(missing.getMessage().contains("{val_acc}"), missing.getMessage());
    }
}
