package dev.graft.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.LayerContract.TrainingBehaviour;
import dev.graft.tensor.DType;
import dev.graft.tensor.GradientTape;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchNormalizationTest {
    /**
     * A batch of 4 samples, 2 channels, channels last. Channel 0 is {1, 2, 3, 6}: mean 3, biased variance
     * (4 + 1 + 0 + 9) / 4 = 3.5. Channel 1 is {0, 4, -2, 2}: mean 1, biased variance (1 + 9 + 9 + 1) / 4 = 5.
     */
    private static final float[] BATCH = {1, 0, 2, 4, 3, -2, 6, 2};

    /**
     * (x - mean) / sqrt(var + 1e-3) * gamma + beta with gamma {2, 0.5}, beta {1, -1}: channel 0 is
     * (x - 3) / sqrt(3.501) * 2 + 1, channel 1 is (x - 1) / sqrt(5.001) * 0.5 - 1.
     */
    private static final float[] TRAINING_OUTPUT = {
        -1.1377846f, -1.2235844f, -0.0688923f, -0.3292467f, 1.0f, -1.6707533f, 4.2066768f, -0.7764156f};

    private static final HostArray GAMMA = new HostArray(new float[] {2, 0.5f}, new long[] {2});
    private static final HostArray BETA = new HostArray(new float[] {1, -1}, new long[] {2});

    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> BatchNormalization.builder().optDType(dtype).build())
                .inputShape(4, 3).expectWeights(4, 2, 2)
                .trainingBehaviour(TrainingBehaviour.DIFFERENT).gradientInTraining().run();
        LayerContract.of(dtype -> BatchNormalization.builder().optDType(dtype).build())
                .inputShape(2, 3, 3, 2).expectWeights(4, 2, 2)
                .trainingBehaviour(TrainingBehaviour.DIFFERENT).gradientInTraining().run();
        LayerContract.of(dtype -> BatchNormalization.builder().optCenter(false).optScale(false).optDType(dtype)
                        .build())
                .inputShape(3, 2).expectWeights(2, 0, 2)
                .trainingBehaviour(TrainingBehaviour.DIFFERENT).gradientInTraining().run();
    }

    /** Guide item A2: built for (None, 4), 4 / 2 / 2 weights, in Keras' order and with Keras' initial values. */
    @Test
    void hasGammaBetaAndMovingStatisticsInKerasOrder() {
        try (BatchNormalization bn = BatchNormalization.builder().optName("bn").build()) {
            bn.build(Shape.batchOf(4));
            assertEquals(List.of("bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance"),
                    bn.weights().stream().map(Variable::name).toList());
            assertEquals(List.of("bn/gamma", "bn/beta"), bn.trainableWeights().stream().map(Variable::name).toList());
            assertEquals(List.of("bn/moving_mean", "bn/moving_variance"),
                    bn.nonTrainableWeights().stream().map(Variable::name).toList());
            List<HostArray> w = bn.getWeights();
            assertArrayEquals(new float[] {1, 1, 1, 1}, w.get(0).data());
            assertArrayEquals(new float[] {0, 0, 0, 0}, w.get(1).data());
            assertArrayEquals(new float[] {0, 0, 0, 0}, w.get(2).data());
            assertArrayEquals(new float[] {1, 1, 1, 1}, w.get(3).data());
            assertEquals(16, bn.countParams());
            assertEquals(0.99, bn.momentum());
            assertEquals(1e-3, bn.epsilon());
        }
    }

    private static BatchNormalization builtWithGammaBeta() {
        BatchNormalization bn = new BatchNormalization();
        bn.build(Shape.batchOf(2));
        bn.setWeights(List.of(GAMMA, BETA, new HostArray(new float[] {0, 0}, new long[] {2}),
                new HostArray(new float[] {1, 1}, new long[] {2})));
        return bn;
    }

    @Test
    void trainingUsesBatchStatisticsAndUpdatesMovingStatistics() {
        try (TensorScope scope = TensorScope.open(); BatchNormalization bn = builtWithGammaBeta()) {
            Tensor y = bn.call(Tensor.of(BATCH, 4, 2), true);
            assertArrayEquals(TRAINING_OUTPUT, y.toFloatArray(), 1e-5f);
            // moving = moving * 0.99 + batch * 0.01: mean 0 -> {0.03, 0.01}, variance 1 -> {1.025, 1.04}
            // (the biased variances 3.5 and 5, not the unbiased 4.667 and 6.667).
            assertArrayEquals(new float[] {0.03f, 0.01f}, bn.movingMean().toHostArray().data(), 1e-6f);
            assertArrayEquals(new float[] {1.025f, 1.04f}, bn.movingVariance().toHostArray().data(), 1e-6f);

            // A second step accumulates: 0.03 * 0.99 + 0.03 = 0.0597, 1.025 * 0.99 + 0.035 = 1.04975.
            bn.call(Tensor.of(BATCH, 4, 2), true);
            assertArrayEquals(new float[] {0.0597f, 0.0199f}, bn.movingMean().toHostArray().data(), 1e-6f);
            assertArrayEquals(new float[] {1.04975f, 1.0796f}, bn.movingVariance().toHostArray().data(), 1e-6f);
            // gamma and beta are left to the optimizer.
            assertEquals(List.of(GAMMA, BETA), bn.getWeights().subList(0, 2));
        }
    }

    @Test
    void normalizesOverBatchAndSpatialAxesPerChannel() {
        // The same 4 values per channel laid out as [batch=2, height=1, width=2, channels=2].
        try (TensorScope scope = TensorScope.open(); BatchNormalization bn = builtWithGammaBeta()) {
            Tensor y = bn.call(Tensor.of(BATCH, 2, 1, 2, 2), true);
            assertEquals(Shape.of(2, 1, 2, 2), y.shape());
            assertArrayEquals(TRAINING_OUTPUT, y.toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {0.03f, 0.01f}, bn.movingMean().toHostArray().data(), 1e-6f);
        }
    }

    /** moving mean {1, -2}, moving variance {0.999, 0.249}: sqrt(var + 1e-3) = {1, 0.5}. */
    private static void setMovingStatistics(BatchNormalization bn) {
        bn.setWeights(List.of(GAMMA, BETA, new HostArray(new float[] {1, -2}, new long[] {2}),
                new HostArray(new float[] {0.999f, 0.249f}, new long[] {2})));
    }

    // channel 0: (x - 1) / 1 * 2 + 1 = 2x - 1; channel 1: (x + 2) / 0.5 * 0.5 - 1 = x + 1.
    private static final float[] INFERENCE_OUTPUT = {1, 1, 3, 5, 5, -1, 11, 3};

    @Test
    void inferenceUsesAndKeepsMovingStatistics() {
        try (TensorScope scope = TensorScope.open(); BatchNormalization bn = builtWithGammaBeta()) {
            setMovingStatistics(bn);
            List<HostArray> before = bn.getWeights();
            assertArrayEquals(INFERENCE_OUTPUT, bn.call(Tensor.of(BATCH, 4, 2), false).toFloatArray(), 1e-5f);
            assertArrayEquals(INFERENCE_OUTPUT, bn.call(Tensor.of(BATCH, 4, 2)).toFloatArray(), 1e-5f);
            assertEquals(before, bn.getWeights());
        }
    }

    /** Guide item B3: a frozen BatchNormalization runs in inference mode even when training is true. */
    @Test
    void frozenLayerUsesAndKeepsMovingStatisticsEvenInTraining() {
        try (TensorScope scope = TensorScope.open(); BatchNormalization bn = builtWithGammaBeta()) {
            setMovingStatistics(bn);
            List<HostArray> before = bn.getWeights();
            bn.setTrainable(false);
            assertEquals(4, bn.weights().size());
            assertEquals(0, bn.trainableWeights().size());
            assertEquals(4, bn.nonTrainableWeights().size());

            assertArrayEquals(INFERENCE_OUTPUT, bn.call(Tensor.of(BATCH, 4, 2), true).toFloatArray(), 1e-5f);
            assertEquals(before, bn.getWeights(), "a frozen layer keeps its moving statistics");

            bn.setTrainable(true);
            assertEquals(4, bn.weights().size());
            assertEquals(2, bn.trainableWeights().size());
            assertEquals(2, bn.nonTrainableWeights().size());
            bn.setWeights(List.of(GAMMA, BETA, new HostArray(new float[] {0, 0}, new long[] {2}),
                    new HostArray(new float[] {1, 1}, new long[] {2})));
            assertArrayEquals(TRAINING_OUTPUT, bn.call(Tensor.of(BATCH, 4, 2), true).toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {0.03f, 0.01f}, bn.movingMean().toHostArray().data(), 1e-6f);
        }
    }

    @Test
    void frozenFromTheBuilderStartsInInferenceMode() {
        try (TensorScope scope = TensorScope.open();
                BatchNormalization bn = BatchNormalization.builder().optTrainable(false).build()) {
            Tensor y = bn.call(Tensor.of(BATCH, 4, 2), true);
            // moving mean 0, variance 1: x / sqrt(1.001)
            float[] expected = new float[BATCH.length];
            for (int i = 0; i < BATCH.length; i++) {
                expected[i] = (float) (BATCH[i] / Math.sqrt(1.001));
            }
            assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {0, 0}, bn.movingMean().toHostArray().data());
            assertEquals(0, bn.trainableWeights().size());
            assertEquals(4, bn.nonTrainableWeights().size());
        }
    }

    @Test
    void trainingStepDifferentiatesGammaAndBetaButNotTheMovingStatistics() {
        try (TensorScope scope = TensorScope.open(); BatchNormalization bn = builtWithGammaBeta()) {
            List<Tensor> grads;
            try (GradientTape tape = GradientTape.open()) {
                Tensor loss = bn.call(Tensor.of(BATCH, 4, 2), true).sum();
                grads = tape.gradient(loss, bn.weights());
            }
            // d(sum y)/d(beta) = batch size; d(sum y)/d(gamma) = sum of the normalized values = 0.
            assertArrayEquals(new float[] {0, 0}, grads.get(0).toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {4, 4}, grads.get(1).toFloatArray(), 1e-6f);
            assertNull(grads.get(2));
            assertNull(grads.get(3));
            assertArrayEquals(new float[] {0.03f, 0.01f}, bn.movingMean().toHostArray().data(), 1e-6f);
            assertNotNull(bn.movingMean().value());
        }
    }

    @Test
    void customMomentumAndEpsilon() {
        try (TensorScope scope = TensorScope.open();
                BatchNormalization bn = BatchNormalization.builder().optMomentum(0.5).optEpsilon(0.5)
                        .optCenter(false).optScale(false).build()) {
            // channel 0: (x - 3) / sqrt(3.5 + 0.5) = (x - 3) / 2; channel 1: (x - 1) / sqrt(5.5).
            Tensor y = bn.call(Tensor.of(BATCH, 4, 2), true);
            double s = Math.sqrt(5.5);
            assertArrayEquals(new float[] {-1, (float) (-1 / s), -0.5f, (float) (3 / s), 0, (float) (-3 / s),
                1.5f, (float) (1 / s)}, y.toFloatArray(), 1e-5f);
            assertEquals(2, bn.weights().size());
            assertArrayEquals(new float[] {1.5f, 0.5f}, bn.movingMean().toHostArray().data(), 1e-6f);
            assertArrayEquals(new float[] {2.25f, 3f}, bn.movingVariance().toHostArray().data(), 1e-5f);
        }
    }

    @Test
    void rejectsBadSettingsAndShapes() {
        assertThrows(IllegalArgumentException.class, () -> BatchNormalization.builder().optMomentum(1.5).build());
        assertThrows(IllegalArgumentException.class, () -> BatchNormalization.builder().optEpsilon(0).build());
        try (BatchNormalization bn = BatchNormalization.builder().optName("norm").build()) {
            bn.build(Shape.batchOf(3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.call(Input.of(4)));
            assertTrue(e.getMessage().contains("'norm'") && e.getMessage().contains("(None, 4)")
                    && e.getMessage().contains("3 channels"), e.getMessage());
        }
        try (BatchNormalization bn = BatchNormalization.builder().optAxis(1).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.call(Input.of(4, 5)));
            assertTrue(e.getMessage().contains("(None, 4, 5)") && e.getMessage().contains("axis 1"), e.getMessage());
        }
        try (BatchNormalization bn = new BatchNormalization()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> bn.call(Input.of(Shape.of(Shape.UNKNOWN), DType.FLOAT32, null)));
            assertTrue(e.getMessage().contains("rank >= 2"), e.getMessage());
        }
    }
}
