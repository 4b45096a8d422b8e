package dev.graft.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.LayerContract;
import dev.graft.layers.LayerContract.TrainingBehaviour;
import dev.graft.tensor.DType;
import dev.graft.tensor.FillMode;
import dev.graft.tensor.Interpolation;
import dev.graft.tensor.ReferenceSampler;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomRotationTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> RandomRotation.builder().setFactor(0.1).optSeed(2).optDType(dtype).build())
                .inputShape(2, 5, 4, 3).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.DIFFERENT).run();
        // A range collapsed to one angle is deterministic, so the gradient is checked in training mode.
        LayerContract.of(dtype -> RandomRotation.builder().setFactor(0.03, 0.03).optDType(dtype).build())
                .inputShape(2, 5, 4, 2).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.DIFFERENT)
                .gradientInTraining().run();
        LayerContract.of(dtype -> RandomRotation.builder().setFactor(-0.1, -0.1).optFillMode(FillMode.CONSTANT)
                        .optInterpolation(Interpolation.NEAREST).optDType(dtype).build())
                .inputShape(1, 4, 6, 2).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.DIFFERENT)
                .gradientInTraining().run();
    }

    private static float[] rotate(RandomRotation layer, TestImages images) {
        try (TensorScope scope = TensorScope.open()) {
            return layer.call(images.tensor(), true).toFloatArray();
        }
    }

    /**
     * Keras' rotation by angle a maps output pixel (x, y) to input point
     * {@code x' = cos a (x - cx) - sin a (y - cy) + cx}, {@code y' = sin a (x - cx) + cos a (y - cy) + cy}
     * about the center {@code (cx, cy) = ((width - 1) / 2, (height - 1) / 2)}.
     */
    private static double[] rotationAboutCenter(double angle, int height, int width) {
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        return new double[] {cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy, 0, 0};
    }

    @Test
    void aQuarterTurnTurnsTheContentCounterClockwise() {
        TestImages images = new TestImages(2, 4, 4, 2);
        try (RandomRotation layer = RandomRotation.builder().setFactor(0.25, 0.25).optSeed(1).build()) {
            float[] out = rotate(layer, images);
            // For a = pi / 2 and a 4x4 image the formula gives x' = 3 - y, y' = x: output (x, y) shows input
            // (3 - y, x). The top-right input pixel (x = 3, y = 0) lands at the top left, as in numpy's rot90.
            for (int b = 0; b < 2; b++) {
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 4; x++) {
                        for (int c = 0; c < 2; c++) {
                            assertEquals(TestImages.value(b, x, 3 - y, c), out[images.index(b, y, x, c)], 1e-3,
                                    "output (" + x + ", " + y + ")");
                        }
                    }
                }
            }
        }
    }

    @Test
    void aQuarterTurnClockwiseOfAWideImageFillsWhatComesFromOutside() {
        // A 3x5 image turned by -pi/2 about (2, 1): x' = y + 1, y' = -x + 3. Rows y' outside 0..2 take the fill.
        TestImages images = new TestImages(1, 3, 5, 1);
        try (RandomRotation layer = RandomRotation.builder().setFactor(-0.25, -0.25).optFillMode(FillMode.CONSTANT)
                .optFillValue(-1).optSeed(1).build()) {
            float[] out = rotate(layer, images);
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    int xIn = y + 1;
                    int yIn = -x + 3;
                    float expected = yIn >= 0 && yIn < 3 ? TestImages.value(0, yIn, xIn, 0) : -1;
                    assertEquals(expected, out[images.index(0, y, x, 0)], 1e-3, "output (" + x + ", " + y + ")");
                }
            }
        }
    }

    @Test
    void aSmallAngleInterpolatesWhereTheFormulaPoints() {
        // factor 0.02 of a turn = 7.2 degrees, with the default reflect fill and bilinear interpolation.
        int height = 6;
        int width = 5;
        TestImages images = new TestImages(1, height, width, 2);
        double angle = 0.02 * 2 * Math.PI;
        try (RandomRotation layer = RandomRotation.builder().setFactor(0.02, 0.02).optSeed(8)
                .optDType(DType.FLOAT64).build()) {
            double[] pixels = new double[height * width * 2];
            float[] values = images.values();
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = values[i];
            }
            double[] expected = ReferenceSampler.transform(pixels, new long[] {1, height, width, 2},
                    rotationAboutCenter(angle, height, width), Interpolation.BILINEAR, FillMode.REFLECT, 0);
            try (TensorScope scope = TensorScope.open()) {
                double[] out = layer.call(Tensor.of(pixels, 1, height, width, 2), true).toDoubleArray();
                assertArrayEquals(expected, out, 1e-9);
                // The pattern 100 y + 10 x + c is linear in the position, so inside the image bilinear
                // interpolation gives exactly 100 y' + 10 x' + c at the point (x', y') the formula picks.
                double[] t = rotationAboutCenter(angle, height, width);
                int inside = 0;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        double xIn = t[0] * x + t[1] * y + t[2];
                        double yIn = t[3] * x + t[4] * y + t[5];
                        if (xIn >= 0 && xIn <= width - 1 && yIn >= 0 && yIn <= height - 1) {
                            inside++;
                            for (int c = 0; c < 2; c++) {
                                assertEquals(100 * yIn + 10 * xIn + c, out[images.index(0, y, x, c)], 1e-9);
                            }
                        }
                    }
                }
                assertTrue(inside >= 20, inside + " of 30 pixels read from inside the image");
            }
        }
    }

    @Test
    void factorZeroIsTheIdentityInTraining() {
        TestImages images = new TestImages(3, 4, 5, 2);
        try (RandomRotation layer = new RandomRotation(0)) {
            assertArrayEquals(images.values(), rotate(layer, images), 1e-3f);
        }
    }

    @Test
    void eachImageHasItsOwnAngleAndSeedsReproduce() {
        TestImages images = new TestImages(1, 5, 5, 1);
        try (TensorScope scope = TensorScope.open();
                RandomRotation a = RandomRotation.builder().setFactor(0.5).optSeed(11).build();
                RandomRotation b = RandomRotation.builder().setFactor(0.5).optSeed(11).build()) {
            // Eight copies of one image: different angles give different outputs.
            Tensor batch = Tensor.concat(java.util.Collections.nCopies(8, images.tensor()), 0);
            float[] out = TestImages.assertSeededDraws(a, b, batch);
            for (int i = 0; i < 8; i++) {
                for (int j = i + 1; j < 8; j++) {
                    assertFalse(Arrays.equals(images.image(out, i), images.image(out, j)), i + " vs " + j);
                }
            }
        }
    }

    @Test
    void inferenceIsTheIdentity() {
        TestImages images = new TestImages(2, 3, 4, 3);
        try (TensorScope scope = TensorScope.open(); RandomRotation layer = new RandomRotation(0.4)) {
            assertArrayEquals(images.values(), layer.call(images.tensor()).toFloatArray());
            assertArrayEquals(images.values(), layer.call(images.tensor(), false).toFloatArray());
            Tensor single = layer.call(images.tensor().slice(0, 0, 1).reshape(3, 4, 3), true);
            assertEquals(Shape.of(3, 4, 3), single.shape());
        }
    }

    @Test
    void configurationAndErrors() {
        try (RandomRotation layer = new RandomRotation(0.1, FillMode.CONSTANT, Interpolation.NEAREST, 2.5)) {
            assertEquals(new FactorRange(-0.1, 0.1), layer.factor());
            assertEquals(FillMode.CONSTANT, layer.fillMode());
            assertEquals(Interpolation.NEAREST, layer.interpolation());
            assertEquals(2.5, layer.fillValue());
            assertTrue(layer.toString().matches("<RandomRotation name=random_rotation(_\\d+)?, factor=\\(-0.1, 0.1\\), "
                    + "fill_mode=constant, fill_value=2.5, interpolation=nearest, seed=-?\\d+>"), layer.toString());
        }
        try (RandomRotation layer = RandomRotation.builder().setFactor(0.3, -0.2).build()) {
            assertEquals(new FactorRange(-0.2, 0.3), layer.factor(), "a pair is sorted, as in Keras");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomRotation(1.5));
        assertTrue(e.getMessage().contains("setFactor") && e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RandomRotation(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> RandomRotation.builder().build());
        e = assertThrows(IllegalArgumentException.class,
                () -> RandomRotation.builder().setFactor(0.1).optFillValue(Double.POSITIVE_INFINITY).build());
        assertTrue(e.getMessage().contains("optFillValue"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RandomRotation.builder().setFactor(0.1).optFillMode(null).build());
    }
}
