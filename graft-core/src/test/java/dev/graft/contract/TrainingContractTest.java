package dev.graft.contract;

import static dev.graft.contract.GuideModels.guideModel;
import static dev.graft.contract.GuideModels.images;
import static dev.graft.contract.GuideModels.labels;
import static dev.graft.contract.GuideModels.tinyBase;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.BinaryCrossentropy;
import dev.graft.losses.Loss;
import dev.graft.losses.MeanSquaredError;
import dev.graft.metrics.BinaryAccuracy;
import dev.graft.models.Model;
import dev.graft.optimizers.Adam;
import dev.graft.optimizers.Optimizer;
import dev.graft.tensor.DType;
import dev.graft.tensor.GradientTape;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import dev.graft.training.Batch;
import dev.graft.training.FitOptions;
import dev.graft.training.History;
import dev.graft.training.InferenceOptions;
import dev.graft.training.ProgressOutput;
import dev.graft.training.TensorBatches;
import dev.graft.utils.Names;
import dev.graft.utils.RandomSeed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Items A4, B2, B3 and C1-C5 of ../shared/reference/guide-contract.md: training, as the guide does it. */
class TrainingContractTest {
    private TensorScope scope;

    @BeforeEach
    void open() {
        Names.clearSession();
        RandomSeed.set(1337);
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static FitOptions quiet(int epochs) {
        return FitOptions.builder().optEpochs(epochs).optBatchSize(4).optVerbose(0).optSeed(7).build();
    }

    private static List<float[]> values(List<Variable> variables) {
        return variables.stream().map(v -> v.value().toFloatArray()).toList();
    }

    private static void assertUnchanged(List<float[]> before, List<Variable> variables, String what) {
        List<float[]> after = values(variables);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), 0f, what + ": " + variables.get(i).name());
        }
    }

    private static void assertChanged(List<float[]> before, List<Variable> variables, String what) {
        List<float[]> after = values(variables);
        for (int i = 0; i < before.size(); i++) {
            assertFalse(java.util.Arrays.equals(before.get(i), after.get(i)), what + ": " + variables.get(i).name());
        }
    }

    private static List<Variable> movingStatistics(Model model) {
        return model.layers().stream().filter(l -> l instanceof BatchNormalization)
                .flatMap(l -> ((BatchNormalization) l).nonTrainableWeights().stream()).toList();
    }

    private static List<Variable> kernels(Model model) {
        return model.weights().stream().filter(v -> v.name().endsWith("kernel")).toList();
    }

    @Test
    void a4_aFrozenLayerIsBitIdenticalAfterFit() {
        SymbolicTensor in = Input.of(3);
        Dense layer1 = Dense.builder().setUnits(3).optActivation(dev.graft.activations.ActivationFunction.RELU).build();
        Dense layer2 = Dense.builder().setUnits(3).optActivation(dev.graft.activations.ActivationFunction.SIGMOID).build();
        try (Model model = new Model(in, layer2.call(layer1.call(in)))) {
            layer1.setTrainable(false);
            List<float[]> frozenBefore = values(layer1.weights());
            List<float[]> trainedBefore = values(layer2.weights());
            model.compile(new Adam(), new MeanSquaredError());
            try (SeedGenerator g = SeedGenerator.of(3)) {
                Tensor x = Tensor.randomUniform(Shape.of(2, 3), 0, 1, DType.FLOAT32, g);
                Tensor y = Tensor.randomUniform(Shape.of(2, 3), 0, 1, DType.FLOAT32, g);
                model.fit(x, y, quiet(1));
            }
            assertUnchanged(frozenBefore, layer1.weights(), "frozen layer");
            assertChanged(trainedBefore, layer2.weights(), "trainable layer");
        }
    }

    @Test
    void b2_aBaseCalledWithTrainingFalseKeepsItsStatisticsWhenUnfrozenAndFitted() {
        try (Model base = tinyBase(); Model model = guideModel(base)) {
            base.setTrainable(true);
            List<float[]> statsBefore = values(movingStatistics(base));
            List<float[]> kernelsBefore = values(kernels(base));
            model.compile(new Adam(1e-5), new BinaryCrossentropy(true), new BinaryAccuracy());
            model.fit(images(16, 1), labels(16), quiet(2));
            assertUnchanged(statsBefore, movingStatistics(base), "pinned base's moving statistics");
            assertChanged(kernelsBefore, kernels(base), "the unfrozen base trains end to end");
        }
    }

    @Test
    void b3_aFrozenBatchNormalizationKeepsEveryWeightThroughFit() {
        SymbolicTensor in = Input.of(4);
        BatchNormalization norm = new BatchNormalization();
        Dense head = new Dense(1);
        try (Model model = new Model(in, head.call(norm.call(new Dense(4).call(in))))) {
            norm.setTrainable(false);
            List<float[]> normBefore = values(norm.weights());
            List<float[]> headBefore = values(head.weights());
            model.compile(new Adam(), new MeanSquaredError());
            try (SeedGenerator g = SeedGenerator.of(5)) {
                Tensor x = Tensor.randomNormal(Shape.of(16, 4), 3, 2, DType.FLOAT32, g);
                model.fit(x, Tensor.randomNormal(Shape.of(16, 1), 0, 1, DType.FLOAT32, g), quiet(2));
            }
            assertUnchanged(normBefore, norm.weights(), "frozen BatchNormalization (inference mode in fit)");
            assertChanged(headBefore, head.weights(), "head");
        }
    }

    @Test
    void c1_fitShowsKerasProgressAndValidationThenEvaluateAndPredict() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressOutput log = new ProgressOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        try (Model base = tinyBase(); Model model = guideModel(base)) {
            base.setTrainable(false);
            model.compile(new Adam(), new BinaryCrossentropy(true), new BinaryAccuracy());
            TensorBatches train = new TensorBatches(images(32, 2), labels(32), 8, true, 1);
            TensorBatches validation = new TensorBatches(images(8, 3), labels(8), 4, false, 0);
            History history = model.fit(train, FitOptions.builder().optEpochs(2).optValidationData(validation)
                    .optOutput(log).build());

            String number = "(\\d\\.\\d{4}|\\d\\.\\d{4}e[-+]\\d\\d)";
            Pattern epochLine = Pattern.compile("4/4 \\[={30}\\] - \\d+s \\d+(s|ms|us)/step - loss: " + number
                    + " - binary_accuracy: " + number + " - val_loss: " + number + " - val_binary_accuracy: " + number);
            String[] lines = bytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
            assertEquals(4, lines.length, String.join("\n", lines));
            assertEquals("Epoch 1/2", lines[0]);
            assertTrue(epochLine.matcher(lines[1]).matches(), lines[1]);
            assertEquals("Epoch 2/2", lines[2]);
            assertTrue(epochLine.matcher(lines[3]).matches(), lines[3]);
            assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("\r"), "no carriage returns in a log");

            assertEquals(List.of("loss", "binary_accuracy", "val_loss", "val_binary_accuracy"),
                    List.copyOf(history.history().keySet()));
            assertEquals(List.of(0, 1), history.epochs());
            Map<String, Double> evaluated = model.evaluate(validation, InferenceOptions.builder().optVerbose(0).build());
            assertEquals(history.last("val_loss"), evaluated.get("loss"), 1e-6);
            assertEquals(history.last("val_binary_accuracy"), evaluated.get("binary_accuracy"), 1e-12);
            Tensor predictions = model.predict(validation, InferenceOptions.builder().optVerbose(0).build());
            assertEquals(Shape.of(8, 1), predictions.shape());
        }
    }

    @Test
    void c2_fitRefusesWhenTrainableChangedSinceCompile() {
        try (Model base = tinyBase(); Model model = guideModel(base)) {
            base.setTrainable(false);
            model.compile(new Adam(), new BinaryCrossentropy(true), new BinaryAccuracy());
            base.setTrainable(true);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> model.fit(images(8, 1), labels(8), quiet(1)));
            assertTrue(e.getMessage().contains("changed since compile()"), e.getMessage());
            assertTrue(e.getMessage().contains("8 weights became trainable"), e.getMessage());
            assertTrue(e.getMessage().contains("call model.compile(...) again"), e.getMessage());
            model.compile(new Adam(1e-5), new BinaryCrossentropy(true), new BinaryAccuracy());
            model.fit(images(8, 1), labels(8), quiet(1));
        }
    }

    @Test
    void c3_kerasDefaultsAndNumerics() {
        assertEquals(1e-3, new Adam().learningRate());
        assertEquals(1e-5, new Adam(1e-5).learningRate());
        Loss bce = new BinaryCrossentropy(true);
        // max(x,0) - x*z + log(1+exp(-|x|)) at x = +-100: 100 for the wrong label, ~0 for the right one.
        Tensor logits = Tensor.of(new float[] {100, -100}, 2, 1);
        assertEquals(50.0, bce.call(Tensor.of(new float[] {0, 0}, 2), logits).item(), 1e-4);
        // MSE of (1,2) against (0,0): (1 + 4) / 2.
        assertEquals(2.5, new MeanSquaredError().call(Tensor.of(new float[] {0, 0}, 1, 2),
                Tensor.of(new float[] {1, 2}, 1, 2)).item(), 1e-6);
        // BinaryAccuracy compares the raw output with 0.5, logits included (as the guide uses it).
        BinaryAccuracy accuracy = new BinaryAccuracy();
        accuracy.updateState(Tensor.of(new float[] {1, 1, 0, 0}, 4), Tensor.of(new float[] {0.3f, 2, 0.7f, -3}, 4, 1));
        assertEquals(0.5, accuracy.result(), 1e-12);
    }

    @Test
    void c4_customTrainingLoopUpdatesOnlyTrainableWeights() {
        try (Model base = tinyBase(); Model model = guideModel(base)) {
            base.setTrainable(false);
            Optimizer optimizer = new Adam();
            Loss lossFn = new BinaryCrossentropy(true);
            List<float[]> baseBefore = values(base.weights());
            List<float[]> headBefore = values(model.trainableWeights());
            Tensor x = images(8, 4);
            Tensor y = labels(8);
            // The loss in inference mode (no dropout draws), before and after the loop.
            double before = lossFn.call(y, model.call(x, false)).item();
            for (int step = 0; step < 20; step++) {
                try (TensorScope stepScope = TensorScope.open(); GradientTape tape = GradientTape.open()) {
                    Tensor logits = model.call(x, true);
                    Tensor loss = lossFn.call(y, logits);
                    List<Tensor> grads = tape.gradient(loss, model.trainableWeights());
                    optimizer.applyGradients(grads, model.trainableWeights());
                }
            }
            double after = lossFn.call(y, model.call(x, false)).item();
            assertEquals(20, optimizer.iterations());
            assertUnchanged(baseBefore, base.weights(), "frozen base");
            assertChanged(headBefore, model.trainableWeights(), "head");
            assertTrue(after < before, "the loss falls: " + before + " -> " + after);
        }
    }

    @Test
    void c4_batchNormalizationUpdatesItsStatisticsInACustomLoop() {
        SymbolicTensor in = Input.of(4);
        BatchNormalization norm = new BatchNormalization();
        try (Model model = new Model(in, new Dense(1).call(norm.call(in)))) {
            Optimizer optimizer = new Adam();
            Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
            try (TensorScope stepScope = TensorScope.open(); GradientTape tape = GradientTape.open()) {
                Tensor loss = new MeanSquaredError().call(Tensor.of(new float[] {0, 1}, 2, 1), model.call(x, true));
                optimizer.applyGradients(tape.gradient(loss, model.trainableWeights()), model.trainableWeights());
            }
            // moving = 0.99 * moving + 0.01 * batch mean; batch means of the columns are 3, 4, 5, 6.
            assertArrayEquals(new float[] {0.03f, 0.04f, 0.05f, 0.06f}, norm.movingMean().value().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void c5_fineTuningUnfreezesRecompilesWithALowRateAndFitsEndToEnd() {
        try (Model base = tinyBase(); Model model = guideModel(base)) {
            base.setTrainable(false);
            model.compile(new Adam(), new BinaryCrossentropy(true), new BinaryAccuracy());
            Tensor x = images(16, 5);
            Tensor y = labels(16);
            History head = model.fit(x, y, quiet(3));
            assertEquals(3, head.get("loss").size());

            base.setTrainable(true);
            double rate = 1e-5;
            model.compile(new Adam(rate), new BinaryCrossentropy(true), new BinaryAccuracy());
            List<float[]> baseBefore = values(base.trainableWeights());
            List<float[]> statsBefore = values(movingStatistics(base));
            History fineTuning = model.fit(x, y, quiet(2));
            assertEquals(2, fineTuning.get("loss").size());
            assertChanged(baseBefore, base.trainableWeights(), "unfrozen base");
            assertUnchanged(statsBefore, movingStatistics(base), "BN statistics of the base called with training=false");
            // 2 epochs of 4 steps; an Adam step moves each weight by at most about 3.2x the rate.
            List<float[]> after = values(base.trainableWeights());
            for (int i = 0; i < after.size(); i++) {
                for (int j = 0; j < after.get(i).length; j++) {
                    assertTrue(Math.abs(after.get(i)[j] - baseBefore.get(i)[j]) <= 8 * 3.2 * rate + 1e-6,
                            "fine-tuning moves weights slowly");
                }
            }
        }
    }

    @Test
    void layersAreLayers() {
        Layer layer = new Dense(1);
        assertTrue(layer.isTrainable());
        layer.close();
    }
}
