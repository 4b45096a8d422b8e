package dev.graft.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.LayerContract.TrainingBehaviour;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.utils.RandomSeed;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DropoutTest {
    private static final int N = 20_000;

    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> Dropout.builder().setRate(0.5).optSeed(3).optDType(dtype).build())
                .inputShape(4, 8).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.DIFFERENT).run();
        LayerContract.of(dtype -> Dropout.builder().setRate(0.2).optDType(dtype).build())
                .inputShape(2, 3, 3, 4).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.DIFFERENT).run();
        // Keras applies nothing at rate 0, in training as well.
        LayerContract.of(dtype -> Dropout.builder().setRate(0).optDType(dtype).build())
                .inputShape(4, 8).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.SAME).run();
    }

    @Test
    void trainingDropsAboutRateAndScalesTheRestByOneOverOneMinusRate() {
        try (TensorScope scope = TensorScope.open(); Dropout dropout = Dropout.builder().setRate(0.3).optSeed(7).build()) {
            float[] y = dropout.call(Tensor.ones(Shape.of(N / 100, 100), DType.FLOAT32), true).toFloatArray();
            int dropped = 0;
            for (float v : y) {
                if (v == 0) {
                    dropped++;
                } else {
                    assertEquals(1 / 0.7f, v, 1e-6f, "kept values are scaled by 1 / (1 - rate)");
                }
            }
            // The fraction dropped has a standard deviation of sqrt(0.3 * 0.7 / 20000) = 0.0032.
            assertEquals(0.3, dropped / (double) N, 0.015);
        }
    }

    @Test
    void scalesTheActualValues() {
        try (TensorScope scope = TensorScope.open(); Dropout dropout = Dropout.builder().setRate(0.5).optSeed(1).build()) {
            float[] x = new float[1000];
            for (int i = 0; i < x.length; i++) {
                x[i] = i - 500;
            }
            float[] y = dropout.call(Tensor.of(x, 10, 100), true).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertTrue(y[i] == 0 || y[i] == 2 * x[i], "element " + i + ": " + y[i] + " from " + x[i]);
            }
        }
    }

    @Test
    void inferenceIsTheIdentity() {
        try (TensorScope scope = TensorScope.open(); Dropout dropout = new Dropout(0.9)) {
            float[] x = {1, -2, 3, 4.5f, 0, 6};
            Tensor input = Tensor.of(x, 2, 3);
            assertArrayEquals(x, dropout.call(input, false).toFloatArray());
            Tensor implicit = dropout.call(input);
            assertArrayEquals(x, implicit.toFloatArray());
            assertEquals(Shape.of(2, 3), implicit.shape());
            implicit.close();
            assertFalse(input.isClosed(), "the output is a tensor of its own");
        }
    }

    @Test
    void theSameSeedDropsTheSameElements() {
        try (TensorScope scope = TensorScope.open();
                Dropout a = Dropout.builder().setRate(0.5).optSeed(42).build();
                Dropout b = Dropout.builder().setRate(0.5).optSeed(42).build();
                Dropout c = Dropout.builder().setRate(0.5).optSeed(43).build()) {
            Tensor x = Tensor.ones(Shape.of(10, 100), DType.FLOAT32);
            float[] a1 = a.call(x, true).toFloatArray();
            float[] a2 = a.call(x, true).toFloatArray();
            assertArrayEquals(a1, b.call(x, true).toFloatArray());
            assertArrayEquals(a2, b.call(x, true).toFloatArray());
            assertFalse(Arrays.equals(a1, a2), "successive calls draw new masks");
            assertFalse(Arrays.equals(a1, c.call(x, true).toFloatArray()), "another seed, another mask");
            assertEquals(42, a.seed());
        }
    }

    @Test
    void unseededLayersFollowTheGlobalRandomSeed() {
        RandomSeed.set(1234);
        long first;
        long second;
        try (Dropout a = new Dropout(0.5); Dropout b = new Dropout(0.5)) {
            first = a.seed();
            second = b.seed();
        }
        assertTrue(first != second);
        RandomSeed.set(1234);
        try (Dropout a = new Dropout(0.5); Dropout b = new Dropout(0.5)) {
            assertEquals(first, a.seed());
            assertEquals(second, b.seed());
        }
    }

    @Test
    void closeFreesTheGenerator() {
        try (TensorScope scope = TensorScope.open()) {
            Dropout dropout = Dropout.builder().setRate(0.5).optSeed(1).build();
            Tensor x = Tensor.ones(Shape.of(2, 2), DType.FLOAT32);
            dropout.call(x, true);
            dropout.close();
            dropout.close(); // harmless
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> dropout.call(x, true));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void rejectsARateOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dropout.builder().build());
        assertTrue(e.getMessage().contains("setRate"), e.getMessage());
    }
}
