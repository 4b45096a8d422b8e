package dev.graft.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.activations.ActivationFunction;
import dev.graft.initializers.VarianceScaling;
import dev.graft.initializers.VarianceScaling.Distribution;
import dev.graft.initializers.VarianceScaling.Mode;
import dev.graft.layers.Activation;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.Flatten;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.GlobalMaxPooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.Multiply;
import dev.graft.layers.Normalization;
import dev.graft.layers.ReLU;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SymbolicTensor;
import dev.graft.layers.preprocessing.RandomContrast;
import dev.graft.layers.preprocessing.RandomCrop;
import dev.graft.layers.preprocessing.RandomFlip;
import dev.graft.layers.preprocessing.RandomRotation;
import dev.graft.layers.preprocessing.RandomTranslation;
import dev.graft.layers.preprocessing.RandomZoom;
import dev.graft.models.Model;
import dev.graft.models.Models;
import dev.graft.models.Sequential;
import dev.graft.tensor.DType;
import dev.graft.tensor.FillMode;
import dev.graft.tensor.Interpolation;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layers added for Keras applications and the random augmentation layers survive {@code save} and
 * {@code Models.load}: the same config, bit-identical weights and predictions, and, for layers that draw random
 * numbers, the same draws in training mode (a loaded layer starts from its seed, as the saved one did).
 */
class LayerRoundTripTest {
    private static final long U = Shape.UNKNOWN;

    @TempDir
    Path dir;

    private static Tensor uniform(long seed, double min, double max, long... shape) {
        try (SeedGenerator g = SeedGenerator.of(seed)) {
            return Tensor.randomUniform(Shape.of(shape), min, max, DType.FLOAT32, g);
        }
    }

    private static float[] predict(Layer model, Tensor x, boolean training) {
        try (TensorScope scope = TensorScope.open()) {
            return model.call(x, training).toFloatArray();
        }
    }

    /**
     * Saves {@code saved} (weights randomized), loads it, and checks config, weights and inference predictions;
     * with {@code random}, also that training mode differs from inference and gives the same draws after loading.
     */
    private void assertRoundTrip(Model saved, Tensor x, boolean random) {
        Path file = dir.resolve(saved.name() + ".keras");
        TestModels.randomize(saved, 17);
        saved.save(file);
        try (Model loaded = Models.load(file)) {
            assertEquals(saved.getConfig().json(), loaded.getConfig().json());
            TestModels.assertSameWeights(saved, loaded);
            float[] inference = predict(saved, x, false);
            assertArrayEquals(inference, predict(loaded, x, false));
            if (random) {
                float[] training = predict(saved, x, true);
                assertFalse(Arrays.equals(inference, training), "training mode draws at random");
                assertArrayEquals(training, predict(loaded, x, true));
            }
        }
    }

    @Test
    void reluMultiplyAndGlobalMaxPooling() {
        SymbolicTensor in = Input.of(4, 4, 3);
        SymbolicTensor features = new ReLU(2.0, 0.1, 0.5).call(new Conv2D(3, 1).call(in));
        SymbolicTensor pooled = GlobalMaxPooling2D.builder().optKeepDims(true).build().call(features);
        SymbolicTensor gate = Dense.builder().setUnits(3).optActivation(ActivationFunction.SIGMOID).build()
                .call(new ReLU().call(pooled));
        SymbolicTensor scaled = new Multiply().callSymbolic(List.of(features, gate));
        SymbolicTensor out = new Dense(2).call(new GlobalMaxPooling2D().call(scaled));
        try (Model model = new Model(List.of(in), List.of(out), "gated");
                Tensor x = uniform(1, -2, 2, 5, 4, 4, 3)) {
            assertRoundTrip(model, x, false);
        }
    }

    @Test
    void normalizationWithWeightsOrFixedStatistics() {
        SymbolicTensor in = Input.of(2, 3);
        // Fixed statistics over two kept axes (one per row and column), then adapted ones per column, inverted.
        SymbolicTensor x = Normalization.builder().optAxis(1, 2).optMean(1, 2, 3, 4, 5, 6)
                .optVariance(1, 4, 9, 16, 25, 36).build().call(in);
        x = new Normalization().call(x);
        x = Normalization.builder().optInvert(true).build().call(x);
        x = new Flatten().call(x);
        x = Dense.builder().setUnits(4).optActivation(ActivationFunction.SWISH)
                .optKernelInitializer(new VarianceScaling(1 / 3.0, Mode.FAN_OUT, Distribution.UNIFORM, null)).build()
                .call(x);
        SymbolicTensor out = Dense.builder().setUnits(1).optActivation(ActivationFunction.SILU).build().call(x);
        try (Model model = new Model(List.of(in), List.of(out), "normalized");
                Tensor data = uniform(2, 0, 9, 4, 2, 3)) {
            assertRoundTrip(model, data, false);
            // The fixed layer has no weights; the adapted ones hold Keras' three: mean, variance and count.
            assertEquals(List.of(0, 3, 3), model.layers().stream().filter(Normalization.class::isInstance)
                    .map(l -> l.weights().size()).toList());
        }
    }

    @Test
    void perChannelRescalingAndSampleDropout() {
        SymbolicTensor in = Input.of(4, 4, 3);
        SymbolicTensor x = Rescaling.builder().setScale(1 / 0.229, 1 / 0.224, 1 / 0.225).optOffset(-0.5).build()
                .call(in);
        x = Conv2D.builder().setFilters(4).setKernelSize(3).optActivation(ActivationFunction.SWISH)
                .optKernelInitializer(new VarianceScaling(2.0, Mode.FAN_OUT, Distribution.TRUNCATED_NORMAL, null))
                .build().call(x);
        x = Dropout.builder().setRate(0.5).optNoiseShape(U, 1, 1, 1).build().call(x);
        SymbolicTensor out = new Dense(2).call(new Flatten().call(x));
        try (Model model = new Model(List.of(in), List.of(out), "drop_connect");
                Tensor data = uniform(3, 0, 1, 8, 4, 4, 3)) {
            assertRoundTrip(model, data, true);
        }
    }

    @Test
    void everyAugmentationLayerDrawsTheSameAfterLoading() {
        Sequential augment = new Sequential("augment",
                new RandomFlip(),
                new RandomRotation(0.2, FillMode.CONSTANT, Interpolation.NEAREST, 2.5),
                RandomZoom.builder().setHeightFactor(0.2).optWidthFactor(-0.1, 0.3).optFillMode(FillMode.WRAP).build(),
                new RandomTranslation(0.1, 0.2),
                RandomContrast.builder().setFactor(0.3).optValueRange(0, 1).build(),
                new RandomCrop(6, 6));
        SymbolicTensor in = Input.of(8, 8, 3);
        SymbolicTensor out = new Dense(2).call(new Flatten().call(augment.call(in)));
        try (Model model = new Model(List.of(in), List.of(out), "augmented");
                Tensor x = uniform(4, 0, 1, 4, 8, 8, 3)) {
            assertRoundTrip(model, x, true);
        }
    }

    /**
     * The guide's model: augmentation, rescaling to [-1, 1], a frozen convolutional base called with
     * training=false, pooling, dropout and a one-unit head.
     */
    static Model guideModel() {
        SymbolicTensor baseIn = Input.of(150, 150, 3);
        SymbolicTensor b = Conv2D.builder().setFilters(8).setKernelSize(3).optStrides(2).build().call(baseIn);
        b = new BatchNormalization().call(b);
        b = new Activation("relu").call(b);
        b = Conv2D.builder().setFilters(16).setKernelSize(3).optStrides(2).build().call(b);
        b = new BatchNormalization().call(b);
        Model base = new Model(List.of(baseIn), List.of(new Activation("relu").call(b)), "base");
        base.setTrainable(false);

        Sequential augmentation = new Sequential("data_augmentation", new RandomFlip("horizontal"),
                new RandomRotation(0.1));
        SymbolicTensor inputs = Input.of(150, 150, 3);
        SymbolicTensor x = augmentation.call(inputs);
        x = new Rescaling(1 / 127.5, -1).call(x);
        x = base.call(x, false);
        x = new GlobalAveragePooling2D().call(x);
        x = new Dropout(0.2).call(x);
        return new Model(List.of(inputs), List.of(new Dense(1).call(x)), "guide");
    }

    @Test
    void theGuidesModelRoundTrips() {
        Path file = dir.resolve("guide.keras");
        try (Model saved = guideModel(); Tensor x = uniform(5, 0, 255, 2, 150, 150, 3)) {
            TestModels.randomize(saved, 23);
            saved.save(file);
            try (Model loaded = Models.load(file)) {
                assertEquals(saved.getConfig().json(), loaded.getConfig().json());
                assertInstanceOf(Sequential.class, loaded.getLayer("data_augmentation"));
                assertSameTrainableFlags(saved, loaded);
                assertFalse(loaded.getLayer("base").isTrainable());
                assertEquals(saved.summaryText(), loaded.summaryText());
                assertEquals(count(saved.trainableWeights()), count(loaded.trainableWeights()));
                assertEquals(count(saved.nonTrainableWeights()), count(loaded.nonTrainableWeights()));
                assertTrue(count(loaded.nonTrainableWeights()) > 0, "the frozen base");
                TestModels.assertSameWeights(saved, loaded);

                float[] inference = predict(saved, x, false);
                assertArrayEquals(inference, predict(loaded, x, false));
                // Training mode: the same flips, angles and dropped units; the frozen base stays in inference.
                float[] training = predict(saved, x, true);
                assertFalse(Arrays.equals(inference, training));
                assertArrayEquals(training, predict(loaded, x, true));
            }
        }
    }

    private static long count(List<Variable> weights) {
        return weights.stream().mapToLong(Variable::size).sum();
    }

    private static void assertSameTrainableFlags(Layer expected, Layer actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.isTrainable(), actual.isTrainable(), expected.name());
        assertEquals(expected.weights().stream().map(Variable::trainable).toList(),
                actual.weights().stream().map(Variable::trainable).toList(), expected.name());
        if (expected instanceof Model e) {
            Model a = (Model) actual;
            assertEquals(e.layers().size(), a.layers().size(), e.name());
            for (int i = 0; i < e.layers().size(); i++) {
                assertSameTrainableFlags(e.layers().get(i), a.layers().get(i));
            }
        }
        assertEquals(expected.getClass(), actual.getClass(), expected.name());
    }
}
