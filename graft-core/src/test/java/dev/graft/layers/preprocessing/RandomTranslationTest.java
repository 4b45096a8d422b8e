package dev.graft.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.LayerContract;
import dev.graft.layers.LayerContract.TrainingBehaviour;
import dev.graft.tensor.FillMode;
import dev.graft.tensor.Interpolation;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomTranslationTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> RandomTranslation.builder().setHeightFactor(0.2).setWidthFactor(0.3).optSeed(2)
                        .optDType(dtype).build())
                .inputShape(2, 5, 4, 3).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.DIFFERENT).run();
        LayerContract.of(dtype -> RandomTranslation.builder().setHeightFactor(0.1, 0.1).setWidthFactor(-0.15, -0.15)
                        .optFillMode(FillMode.NEAREST).optDType(dtype).build())
                .inputShape(2, 4, 5, 2).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.DIFFERENT)
                .gradientInTraining().run();
    }

    /** The row 1 2 3 4 5 ({@code [1, 1, 5, 1]}) moved right by a fixed fraction of its width. */
    private static float[] row(double widthFraction, FillMode fill) {
        try (TensorScope scope = TensorScope.open();
                RandomTranslation layer = RandomTranslation.builder().setHeightFactor(0, 0)
                        .setWidthFactor(widthFraction, widthFraction).optFillMode(fill).build()) {
            return layer.call(Tensor.of(new float[] {1, 2, 3, 4, 5}, 1, 1, 5, 1), true).toFloatArray();
        }
    }

    @Test
    void aFixedOffsetMovesTheRowAndFillsTheBorder() {
        // 0.4 of 5 pixels = 2 to the right: outputs read -2, -1, 0, 1, 2.
        assertArrayEquals(new float[] {2, 1, 1, 2, 3}, row(0.4, FillMode.REFLECT), 1e-5f);
        assertArrayEquals(new float[] {4, 5, 1, 2, 3}, row(0.4, FillMode.WRAP), 1e-5f);
        assertArrayEquals(new float[] {1, 1, 1, 2, 3}, row(0.4, FillMode.NEAREST), 1e-5f);
        assertArrayEquals(new float[] {0, 0, 1, 2, 3}, row(0.4, FillMode.CONSTANT), 1e-5f);
        // 0.1 of 5 = half a pixel to the right: outputs read -0.5 (a, a), 0.5, 1.5, 2.5, 3.5.
        assertArrayEquals(new float[] {1, 1.5f, 2.5f, 3.5f, 4.5f}, row(0.1, FillMode.REFLECT), 1e-5f);
        // 0.2 of 5 = one pixel to the left: outputs read 1..5; reflect 5 -> e.
        assertArrayEquals(new float[] {2, 3, 4, 5, 5}, row(-0.2, FillMode.REFLECT), 1e-5f);
    }

    @Test
    void aNegativeHeightFactorMovesTheImageUp() {
        // A column 1..5 ([1, 5, 1, 1]) moved up by 0.2 * 5 = 1 pixel: rows read 1..5, reflect 5 -> e.
        try (TensorScope scope = TensorScope.open();
                RandomTranslation layer = RandomTranslation.builder().setHeightFactor(-0.2, -0.2)
                        .setWidthFactor(0, 0).optInterpolation(Interpolation.NEAREST).build()) {
            assertArrayEquals(new float[] {2, 3, 4, 5, 5},
                    layer.call(Tensor.of(new float[] {1, 2, 3, 4, 5}, 1, 5, 1, 1), true).toFloatArray());
        }
    }

    @Test
    void eachImageMovesByItsOwnOffsetWithinTheFactors() {
        // Offsets up to 0.3 * 10 = 3 pixels either way on 10x10 images whose channel 0 holds the column x and
        // channel 1 the row y. The center pixel (5, 5) reads (5 - dx, 5 - dy), inside the image, where bilinear
        // interpolation of these linear ramps is exact: its values are 5 - dx and 5 - dy.
        float[] ramps = new float[8 * 10 * 10 * 2];
        for (int i = 0; i < ramps.length; i += 2) {
            ramps[i] = (i / 2) % 10;
            ramps[i + 1] = (i / 20) % 10;
        }
        try (TensorScope scope = TensorScope.open(); RandomTranslation layer = new RandomTranslation(0.3, 0.3)) {
            float[] out = layer.call(Tensor.of(ramps, 8, 10, 10, 2), true).toFloatArray();
            double[] offsets = new double[16];
            for (int b = 0; b < 8; b++) {
                int center = ((b * 10 + 5) * 10 + 5) * 2;
                double dx = 5 - out[center];
                double dy = 5 - out[center + 1];
                assertTrue(Math.abs(dx) <= 3 + 1e-4 && Math.abs(dy) <= 3 + 1e-4, "offset " + dx + ", " + dy);
                offsets[2 * b] = dx;
                offsets[2 * b + 1] = dy;
            }
            assertEquals(16, Arrays.stream(offsets).distinct().count(), "each image has its own offsets");
        }
    }

    @Test
    void inferenceIsTheIdentityAndSeedsReproduce() {
        TestImages images = new TestImages(4, 4, 4, 1);
        try (TensorScope scope = TensorScope.open();
                RandomTranslation a = RandomTranslation.builder().setHeightFactor(0.5).setWidthFactor(0.5).optSeed(5)
                        .build();
                RandomTranslation b = RandomTranslation.builder().setHeightFactor(0.5).setWidthFactor(0.5).optSeed(5)
                        .build()) {
            assertArrayEquals(images.values(), a.call(images.tensor()).toFloatArray());
            TestImages.assertSeededDraws(a, b, images.tensor());
        }
    }

    @Test
    void configurationAndErrors() {
        try (RandomTranslation layer = new RandomTranslation(0.1, -0.2)) {
            assertEquals(new FactorRange(-0.1, 0.1), layer.heightFactor());
            assertEquals(new FactorRange(-0.2, 0.2), layer.widthFactor());
            assertTrue(layer.toString().contains("height_factor=(-0.1, 0.1), width_factor=(-0.2, 0.2)"),
                    layer.toString());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomTranslation.builder().setHeightFactor(0.1).build());
        assertTrue(e.getMessage().contains("setWidthFactor"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RandomTranslation(-1.1, 0));
    }
}
