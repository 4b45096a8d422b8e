package dev.graft.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.LayerContract;
import dev.graft.layers.LayerContract.TrainingBehaviour;
import dev.graft.tensor.FillMode;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomZoomTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> RandomZoom.builder().setHeightFactor(0.3).optSeed(2).optDType(dtype).build())
                .inputShape(2, 5, 4, 3).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.DIFFERENT).run();
        LayerContract.of(dtype -> RandomZoom.builder().setHeightFactor(0.2, 0.2).optWidthFactor(-0.3, -0.3)
                        .optFillMode(FillMode.WRAP).optDType(dtype).build())
                .inputShape(2, 4, 5, 2).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.DIFFERENT)
                .gradientInTraining().run();
    }

    /** The row 1 2 3 4 5 ({@code [1, 1, 5, 1]}) through {@code layer} in training mode. */
    private static float[] row(RandomZoom layer) {
        try (TensorScope scope = TensorScope.open(); layer) {
            return layer.call(Tensor.of(new float[] {1, 2, 3, 4, 5}, 1, 1, 5, 1), true).toFloatArray();
        }
    }

    @Test
    void zoomingOutByHalfAgainShrinksTheRowAboutItsCenter() {
        // Zoom z = 1 + 0.5: output x reads z (x - 2) + 2 = -1, 0.5, 2, 3.5, 5 (the center is (5 - 1) / 2 = 2).
        // reflect: -1 -> 1 and 5 -> 5; 0.5 -> 1.5; 3.5 -> 4.5.
        assertArrayEquals(new float[] {1, 1.5f, 3, 4.5f, 5}, row(RandomZoom.builder().setHeightFactor(0.5, 0.5)
                .build()), 1e-5f);
        assertArrayEquals(new float[] {0, 1.5f, 3, 4.5f, 0}, row(RandomZoom.builder().setHeightFactor(0.5, 0.5)
                .optFillMode(FillMode.CONSTANT).build()), 1e-5f);
        assertArrayEquals(new float[] {5, 1.5f, 3, 4.5f, 1}, row(RandomZoom.builder().setHeightFactor(0.5, 0.5)
                .optFillMode(FillMode.WRAP).build()), 1e-5f);
    }

    @Test
    void zoomingInByHalfEnlargesTheCenter() {
        // z = 1 - 0.5: output x reads 0.5 (x - 2) + 2 = 1, 1.5, 2, 2.5, 3.
        assertArrayEquals(new float[] {2, 2.5f, 3, 3.5f, 4}, row(RandomZoom.builder().setHeightFactor(-0.5, -0.5)
                .build()), 1e-5f);
    }

    @Test
    void theAxesZoomIndependentlyWithAWidthFactor() {
        // Height factor 0 keeps rows; width zoom 0.5 makes column x read 0.5 (x - 2) + 2. The pattern is linear
        // in x, so the output is 100 y + 10 (0.5 (x - 2) + 2) + c.
        TestImages images = new TestImages(2, 3, 5, 2);
        try (TensorScope scope = TensorScope.open();
                RandomZoom layer = RandomZoom.builder().setHeightFactor(0, 0).optWidthFactor(-0.5, -0.5).build()) {
            float[] out = layer.call(images.tensor(), true).toFloatArray();
            for (int b = 0; b < 2; b++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 5; x++) {
                        for (int c = 0; c < 2; c++) {
                            double expected = 1000 * b + 100 * y + 10 * (0.5 * (x - 2) + 2) + c;
                            assertEquals(expected, out[images.index(b, y, x, c)], 1e-3);
                        }
                    }
                }
            }
        }
    }

    @Test
    void withoutAWidthFactorBothAxesShareTheDraw() {
        // A zoom in of z in [0.6, 0.9) on both axes about the center (2, 2) of a 5x5 image keeps every point
        // inside, where the linear pattern gives 100 (z (y - 2) + 2) + 10 (z (x - 2) + 2) + c for one z.
        TestImages images = new TestImages(6, 5, 5, 1);
        try (TensorScope scope = TensorScope.open();
                RandomZoom layer = RandomZoom.builder().setHeightFactor(-0.4, -0.1).optSeed(3).build()) {
            float[] out = layer.call(images.tensor(), true).toFloatArray();
            double[] zooms = new double[6];
            for (int b = 0; b < 6; b++) {
                // Column 0 of row 2 reads z (0 - 2) + 2, so its value tells z.
                double z = (2 - (out[images.index(b, 2, 0, 0)] - 1000 * b - 200) / 10) / 2;
                assertTrue(z >= 0.6 && z < 0.9, "zoom " + z);
                zooms[b] = z;
                for (int y = 0; y < 5; y++) {
                    for (int x = 0; x < 5; x++) {
                        double expected = 1000 * b + 100 * (z * (y - 2) + 2) + 10 * (z * (x - 2) + 2);
                        assertEquals(expected, out[images.index(b, y, x, 0)], 1e-2);
                    }
                }
            }
            assertEquals(6, Arrays.stream(zooms).distinct().count(), "each image has its own zoom");
        }
    }

    @Test
    void inferenceIsTheIdentityAndSeedsReproduce() {
        TestImages images = new TestImages(4, 4, 4, 1);
        try (TensorScope scope = TensorScope.open();
                RandomZoom a = RandomZoom.builder().setHeightFactor(0.5).optWidthFactor(0.2).optSeed(5).build();
                RandomZoom b = RandomZoom.builder().setHeightFactor(0.5).optWidthFactor(0.2).optSeed(5).build()) {
            assertArrayEquals(images.values(), a.call(images.tensor()).toFloatArray());
            TestImages.assertSeededDraws(a, b, images.tensor());
        }
    }

    @Test
    void configurationAndErrors() {
        try (RandomZoom layer = new RandomZoom(0.2)) {
            assertEquals(new FactorRange(-0.2, 0.2), layer.heightFactor());
            assertNull(layer.widthFactor());
            assertTrue(layer.toString().contains("height_factor=(-0.2, 0.2), width_factor=None, fill_mode=reflect"),
                    layer.toString());
        }
        try (RandomZoom layer = new RandomZoom(0.2, -0.3)) {
            assertEquals(new FactorRange(-0.3, 0.3), layer.widthFactor());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomZoom(0.1, 1.2));
        assertTrue(e.getMessage().contains("optWidthFactor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RandomZoom.builder().build());
        assertTrue(e.getMessage().contains("setHeightFactor"), e.getMessage());
    }
}
