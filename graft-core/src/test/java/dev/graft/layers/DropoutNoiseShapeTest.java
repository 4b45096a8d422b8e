package dev.graft.layers;

import static dev.graft.layers.Conv2DTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.LayerContract.TrainingBehaviour;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/** Dropout's {@code noiseShape}, as EfficientNet's drop-connect uses it. */
class DropoutNoiseShapeTest {
    private static final long U = Shape.UNKNOWN;

    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> Dropout.builder().setRate(0.5).optSeed(5).optNoiseShape(U, 1, 1, 1)
                        .optDType(dtype).build())
                .inputShape(8, 2, 2, 3).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.DIFFERENT).run();
    }

    @Test
    void dropsWholeSamplesWithNoiseShapeBatchOneOneOne() {
        // 400 samples of 2x2x3 ones: each sample is either all 0 or all 1 / (1 - 0.25).
        int samples = 400;
        try (TensorScope scope = TensorScope.open();
                Dropout drop = Dropout.builder().setRate(0.25).optSeed(11).optNoiseShape(U, 1, 1, 1).build()) {
            float[] y = drop.call(Tensor.ones(Shape.of(samples, 2, 2, 3), DType.FLOAT32), true).toFloatArray();
            int dropped = 0;
            for (int s = 0; s < samples; s++) {
                float first = y[s * 12];
                for (int i = 1; i < 12; i++) {
                    assertEquals(first, y[s * 12 + i], "sample " + s + " shares one decision");
                }
                assertTrue(first == 0 || Math.abs(first - 1 / 0.75f) < 1e-6f, "sample " + s + ": " + first);
                dropped += first == 0 ? 1 : 0;
            }
            // The fraction dropped has a standard deviation of sqrt(0.25 * 0.75 / 400) = 0.022.
            assertEquals(0.25, dropped / (double) samples, 0.11);
        }
    }

    @Test
    void sharesDecisionsAlongTheAxesOfSizeOne() {
        // noise (1, 3): one decision per column, shared by all 50 rows
        try (TensorScope scope = TensorScope.open();
                Dropout drop = Dropout.builder().setRate(0.5).optSeed(2).optNoiseShape(1, 3).build()) {
            float[] x = new float[150];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            float[] y = drop.call(Tensor.of(x, 50, 3), true).toFloatArray();
            for (int col = 0; col < 3; col++) {
                boolean kept = y[col] != 0;
                for (int row = 0; row < 50; row++) {
                    int i = row * 3 + col;
                    assertEquals(kept ? 2 * x[i] : 0, y[i], 1e-4f, "element " + i);
                }
            }
        }
    }

    @Test
    void inferenceIsTheIdentity() {
        try (TensorScope scope = TensorScope.open();
                Dropout drop = Dropout.builder().setRate(0.9).optNoiseShape(U, 1).build()) {
            float[] x = {1, -2, 3, 4};
            assertArrayEquals(x, drop.call(Tensor.of(x, 2, 2), false).toFloatArray());
            assertArrayEquals(new long[] {U, 1}, drop.noiseShape());
        }
    }

    @Test
    void rejectsNoiseShapesThatDoNotFit() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Dropout.builder().setRate(0.5).optNoiseShape(0, 1).build()), "noiseShape", "[0, 1]");
        Dropout drop = Dropout.builder().optName("drop").setRate(0.5).optNoiseShape(U, 1, 1, 1).build();
        assertMessage(assertThrows(IllegalArgumentException.class, () -> drop.call(Input.of(4))),
                "'drop'", "rank 4", "(None, 4)");
        Dropout wide = Dropout.builder().optName("wide").setRate(0.5).optNoiseShape(U, 3).build();
        assertMessage(assertThrows(IllegalArgumentException.class, () -> wide.call(Input.of(4))),
                "'wide'", "(None, 3)", "(None, 4)");
        drop.close();
        wide.close();
    }
}
