package dev.graft.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.MeanSquaredError;
import dev.graft.models.Model;
import dev.graft.models.Sequential;
import dev.graft.optimizers.SGD;
import dev.graft.tensor.DType;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.FitOptions;
import dev.graft.training.InferenceOptions;
import dev.graft.utils.Names;
import dev.graft.utils.RandomSeed;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guide's {@code data_augmentation = keras.Sequential([RandomFlip("horizontal"), RandomRotation(0.1)])}. */
class DataAugmentationTest {
    @BeforeEach
    void freshNames() {
        Names.clearSession();
    }

    private static Sequential guideAugmentation() {
        return new Sequential(new RandomFlip("horizontal"), new RandomRotation(0.1));
    }

    @Test
    void augmentsInTrainingAndPassesImagesThroughInInference() {
        TestImages images = new TestImages(4, 6, 6, 3);
        try (TensorScope scope = TensorScope.open(); Sequential augmentation = guideAugmentation()) {
            Tensor x = images.tensor();
            Tensor augmented = augmentation.call(x, true);
            assertEquals(x.shape(), augmented.shape());
            assertFalse(Arrays.equals(images.values(), augmented.toFloatArray()));
            assertArrayEquals(images.values(), augmentation.call(x).toFloatArray());
            assertArrayEquals(images.values(), augmentation.call(x, false).toFloatArray());
        }
    }

    @Test
    void theAugmentationAddsNoParametersToTheSummary() {
        SymbolicTensor inputs = Input.of(32, 32, 3);
        Sequential augmentation = guideAugmentation();
        SymbolicTensor x = augmentation.call(inputs);
        x = new Rescaling(1 / 255.0).call(x);
        x = Conv2D.builder().setFilters(2).setKernelSize(3).build().call(x);
        x = new GlobalAveragePooling2D().call(x);
        try (Model model = new Model(inputs, new Dense(1).call(x))) {
            String summary = model.summaryText();
            assertTrue(summary.contains(" sequential (Sequential)     (None, 32, 32, 3)         0"), summary);
            assertTrue(summary.contains("Total params: 59"), summary);
            assertEquals(0, augmentation.countParams());
            String inner = augmentation.summaryText();
            assertTrue(inner.contains(" random_flip (RandomFlip)    (None, 32, 32, 3)         0"), inner);
            assertTrue(inner.contains(" random_rotation (RandomRota  (None, 32, 32, 3)        0"), inner);
        }
    }

    @Test
    void fitRunsTheAugmentationInTrainingMode() {
        RandomSeed.set(7);
        SymbolicTensor inputs = Input.of(8, 8, 1);
        SymbolicTensor x = guideAugmentation().call(inputs);
        x = new GlobalAveragePooling2D().call(x);
        try (TensorScope scope = TensorScope.open(); Model model = new Model(inputs, new Dense(1).call(x))) {
            model.compile(new SGD(0.1), new MeanSquaredError());
            Tensor images = new TestImages(6, 8, 8, 1).tensor().div(1000);
            Tensor targets = Tensor.ones(Shape.of(6, 1), DType.FLOAT32);
            List<HostArray> before = model.getWeights();
            model.fit(images, targets, FitOptions.builder().optEpochs(2).optBatchSize(3).optVerbose(0).build());
            assertFalse(before.equals(model.getWeights()), "the Dense layer behind the augmentation learns");
            Tensor predictions = model.predict(images, InferenceOptions.builder().optVerbose(0).build());
            assertEquals(Shape.of(6, 1), predictions.shape());
        }
    }

    @Test
    void theGlobalSeedMakesUnseededPipelinesReproducible() {
        TestImages images = new TestImages(4, 5, 5, 1);
        float[] first;
        try (TensorScope scope = TensorScope.open()) {
            RandomSeed.set(99);
            try (Sequential augmentation = guideAugmentation()) {
                first = augmentation.call(images.tensor(), true).toFloatArray();
            }
            RandomSeed.set(99);
            try (Sequential augmentation = guideAugmentation()) {
                assertArrayEquals(first, augmentation.call(images.tensor(), true).toFloatArray());
            }
        }
    }

    @Test
    void aCallKeepsOnlyItsOutputAlive() {
        List<RandomImageLayer> layers = List.of(new RandomFlip(), new RandomRotation(0.2), new RandomZoom(0.2),
                new RandomTranslation(0.1, 0.1), new RandomContrast(0.3), new RandomCrop(3, 3));
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = new TestImages(2, 5, 5, 2).tensor();
            Tensor single = x.slice(0, 0, 1).reshape(5, 5, 2);
            for (RandomImageLayer layer : layers) {
                for (Tensor input : List.of(x, single)) {
                    for (boolean training : new boolean[] {true, false}) {
                        int before = scope.trackedCount();
                        layer.call(input, training);
                        assertEquals(before + 1, scope.trackedCount(), layer + ": only the output stays");
                    }
                }
                layer.close();
            }
        }
    }

    @Test
    void closingTheModelFreesTheGenerators() {
        try (TensorScope scope = TensorScope.open()) {
            Sequential augmentation = guideAugmentation();
            Tensor x = new TestImages(1, 4, 4, 1).tensor();
            augmentation.call(x, true);
            augmentation.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> augmentation.call(x, true));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }
}
