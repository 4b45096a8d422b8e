package dev.graft.contract;

import static dev.graft.contract.GuideModels.guideModel;
import static dev.graft.contract.GuideModels.tinyBase;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.models.Sequential;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.utils.Names;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Items B1, B3, B4 and B5 of ../shared/reference/guide-contract.md, on a small stand-in for Xception. */
class ModelsContractTest {
    @BeforeEach
    void freshNames() {
        Names.clearSession();
    }

    private static Tensor images(long seed) {
        return GuideModels.images(4, seed);
    }

    @Test
    void b1_inputSequentialFunctionalAndModelsAsLayers() {
        try (TensorScope scope = TensorScope.open(); Model base = tinyBase(); Model model = guideModel(base)) {
            assertEquals(Shape.of(Shape.UNKNOWN, 6, 6, 16), base.outputs().get(0).shape());
            assertEquals(Shape.of(Shape.UNKNOWN, 1), model.outputs().get(0).shape());
            assertTrue(model.layers().contains(base), "the base model is a layer of the outer model");
            assertEquals(Shape.of(4, 1), model.call(images(1)).shape());
            Sequential head = new Sequential(new Dense(4), new Dense(1));
            assertEquals(Shape.of(4, 1), head.call(base.call(images(2)).mean(new int[] {1, 2}, false)).shape());
            head.close();
        }
    }

    @Test
    void b1_aBaseCalledWithTrainingFalseStaysInInferenceMode() {
        try (TensorScope scope = TensorScope.open(); Model base = tinyBase()) {
            SymbolicTensor in = Input.of(16, 16, 3);
            BatchNormalization headNorm = new BatchNormalization();
            Model model = new Model(in, headNorm.call(base.call(in, false)));
            BatchNormalization baseNorm = (BatchNormalization) base.layers().get(2);
            float[] before = baseNorm.movingMean().value().toFloatArray();
            base.setTrainable(true);
            model.call(images(3), true);
            assertArrayEquals(before, baseNorm.movingMean().value().toFloatArray(), 0f,
                    "the pinned base never updates its moving statistics");
            assertFalse(Arrays.equals(new float[16], headNorm.movingMean().value().toFloatArray()),
                    "the head, not pinned, trained in training mode");
            model.close();
        }
    }

    @Test
    void b3_frozenBatchNormalizationRunsInInferenceMode() {
        try (TensorScope scope = TensorScope.open(); BatchNormalization bn = new BatchNormalization()) {
            Tensor x = Tensor.of(new float[] {1, 2, 3, 5, 8, 13}, 3, 2);
            bn.setTrainable(false);
            float[] y = bn.call(x, true).toFloatArray();
            // moving mean 0, moving variance 1, gamma 1, beta 0: y = x / sqrt(1 + 0.001)
            float[] expected = new float[6];
            float[] xs = x.toFloatArray();
            for (int i = 0; i < 6; i++) {
                expected[i] = (float) (xs[i] / Math.sqrt(1.001));
            }
            assertArrayEquals(expected, y, 1e-6f);
            assertArrayEquals(new float[2], bn.movingMean().value().toFloatArray(), 0f, "moving mean kept");
            assertArrayEquals(new float[] {1, 1}, bn.movingVariance().value().toFloatArray(), 0f,
                    "moving variance kept");
        }
    }

    @Test
    void b4_summaryTotalsFrozenAndUnfrozen() {
        try (Model base = tinyBase(); Model model = guideModel(base)) {
            base.setTrainable(false);
            String frozen = model.summaryText();
            assertTrue(frozen.contains(" tiny_base (Functional)      (None, 6, 6, 16)          1488      \n"), frozen);
            assertTrue(frozen.contains(" input_2 (InputLayer)        [(None, 16, 16, 3)]       0         \n"), frozen);
            assertTrue(frozen.contains("Total params: 1,505\nTrainable params: 17\nNon-trainable params: 1,488\n"),
                    frozen);
            base.setTrainable(true);
            String unfrozen = model.summaryText();
            assertTrue(unfrozen.contains("Total params: 1,505\nTrainable params: 1,457\nNon-trainable params: 48\n"),
                    unfrozen);
        }
    }

    @Test
    void b5_getWeightsAndSetWeightsCopyValues() {
        try (TensorScope scope = TensorScope.open(); Model a = guideModel(tinyBase()); Model b = guideModel(tinyBase())) {
            Tensor x = images(4);
            assertFalse(Arrays.equals(a.call(x).toFloatArray(), b.call(x).toFloatArray()));
            List<HostArray> weights = a.getWeights();
            assertEquals(a.weights().size(), weights.size());
            b.setWeights(weights);
            assertArrayEquals(a.call(x).toFloatArray(), b.call(x).toFloatArray(), 0f);
            assertEquals(weights, b.getWeights());
        }
    }
}
