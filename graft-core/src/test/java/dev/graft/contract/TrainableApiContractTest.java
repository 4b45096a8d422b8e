package dev.graft.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.Layer;
import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import dev.graft.models.Sequential;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Items A1-A3, A5 and A6 of ../shared/reference/guide-contract.md: the trainable API, with the guide's numbers. */
class TrainableApiContractTest {

    private static void assertCounts(Layer layer, int all, int trainable, int nonTrainable) {
        assertEquals(all, layer.weights().size(), "weights");
        assertEquals(trainable, layer.trainableWeights().size(), "trainable_weights");
        assertEquals(nonTrainable, layer.nonTrainableWeights().size(), "non_trainable_weights");
    }

    @Test
    void a1_denseHasTwoWeightsBothTrainable() {
        try (Dense layer = new Dense(3)) {
            layer.build(Shape.batchOf(4));
            assertCounts(layer, 2, 2, 0);
            assertEquals(List.of("dense_kernel", "dense_bias"),
                    layer.weights().stream().map(v -> v.name().replaceAll("^dense(_\\d+)?/", "dense_")).toList());
        }
    }

    @Test
    void a2_batchNormalizationHasTwoTrainableAndTwoNonTrainable() {
        try (BatchNormalization layer = new BatchNormalization()) {
            layer.build(Shape.batchOf(4));
            assertCounts(layer, 4, 2, 2);
            assertEquals(List.of("gamma", "beta"), suffixes(layer.trainableWeights()));
            assertEquals(List.of("moving_mean", "moving_variance"), suffixes(layer.nonTrainableWeights()));
        }
    }

    private static List<String> suffixes(List<Variable> vars) {
        return vars.stream().map(v -> v.name().substring(v.name().lastIndexOf('/') + 1)).toList();
    }

    @Test
    void a3_freezingMovesWeightsToNonTrainable() {
        try (Dense layer = new Dense(3)) {
            layer.build(Shape.batchOf(4));
            layer.setTrainable(false);
            assertCounts(layer, 2, 0, 2);
            layer.setTrainable(true);
            assertCounts(layer, 2, 2, 0);
        }
    }

    @Test
    void a5_settingTrainableIsRecursive() {
        Dense innerDense = new Dense(3);
        Sequential inner = new Sequential(new Dense(3), innerDense);
        try (Sequential outer = new Sequential(new Dense(3), inner)) {
            outer.build(Shape.batchOf(3));
            assertCounts(outer, 6, 6, 0);
            outer.setTrainable(false);
            assertFalse(inner.isTrainable(), "the nested model is frozen");
            assertFalse(innerDense.isTrainable(), "every layer inside it is frozen");
            assertEquals(0, innerDense.trainableWeights().size());
            assertCounts(outer, 6, 0, 6);
        }
    }

    @Test
    void a6_trainableAndTrainingAreDifferentThings() {
        try (TensorScope scope = TensorScope.open();
             Dropout dropout = Dropout.builder().setRate(0.5).optSeed(3).build();
             SeedGenerator g = SeedGenerator.of(5)) {
            Tensor x = Tensor.randomUniform(Shape.of(4, 64), 1, 2, DType.FLOAT32, g);
            // training (call-time mode) changes what a layer computes...
            assertFalse(Arrays.equals(x.toFloatArray(), dropout.call(x, true).toFloatArray()));
            assertArrayEquals(x.toFloatArray(), dropout.call(x, false).toFloatArray());
            // ...while trainable (a weight's role) does not: a frozen Dropout still drops in training mode.
            dropout.setTrainable(false);
            assertFalse(Arrays.equals(x.toFloatArray(), dropout.call(x, true).toFloatArray()));
            assertTrue(dropout.weights().isEmpty());
        }
    }
}
