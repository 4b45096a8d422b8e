package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The facade ops behind the augmentation layers: flip, affineTransform and bilinear resizing. */
class AugmentationOpsTest {

    /** A transform that moves the content by (dx, dy): output (x, y) reads input (x - dx, y - dy). */
    private static double[] shift(double dx, double dy) {
        return new double[] {1, 0, -dx, 0, 1, -dy, 0, 0};
    }

    /** The row [1 2 3 4] (a b c d), as a [1, 1, 4, 1] image, transformed by {@code transform}. */
    private static float[] row(double[] transform, Interpolation interpolation, FillMode fill, double fillValue) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor image = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 4, 1);
            return image.affineTransform(Tensor.of(transform, 1, 8), interpolation, fill, fillValue).toFloatArray();
        }
    }

    private static float[] row(double[] transform, FillMode fill) {
        return row(transform, Interpolation.BILINEAR, fill, 9);
    }

    @Test
    void wholePixelShiftsFillTheBorderAsEachModeDefines() {
        // Moving right by 2: outputs 0..3 read inputs -2, -1, 0, 1.
        // reflect (d c b a | a b c d): -1 -> a, -2 -> b; wrap: -1 -> d, -2 -> c; nearest: a; constant: k = 9.
        assertArrayEquals(new float[] {2, 1, 1, 2}, row(shift(2, 0), FillMode.REFLECT));
        assertArrayEquals(new float[] {3, 4, 1, 2}, row(shift(2, 0), FillMode.WRAP));
        assertArrayEquals(new float[] {1, 1, 1, 2}, row(shift(2, 0), FillMode.NEAREST));
        assertArrayEquals(new float[] {9, 9, 1, 2}, row(shift(2, 0), FillMode.CONSTANT));
        // Moving left by 2: outputs read inputs 2..5; reflect: 4 -> d, 5 -> c; wrap: 4 -> a, 5 -> b.
        assertArrayEquals(new float[] {3, 4, 4, 3}, row(shift(-2, 0), FillMode.REFLECT));
        assertArrayEquals(new float[] {3, 4, 1, 2}, row(shift(-2, 0), FillMode.WRAP));
        assertArrayEquals(new float[] {3, 4, 4, 4}, row(shift(-2, 0), FillMode.NEAREST));
        assertArrayEquals(new float[] {3, 4, 9, 9}, row(shift(-2, 0), FillMode.CONSTANT));
    }

    @Test
    void farPointsRepeatTheExtensionPeriodically() {
        // Moving right by 6 reads -6..-3. Reflect has period 8: -3 -> c, -4 -> d, -5 -> d, -6 -> c.
        // Wrap has period 4: -6 -> c, -5 -> d, -4 -> a, -3 -> b.
        assertArrayEquals(new float[] {3, 4, 4, 3}, row(shift(6, 0), FillMode.REFLECT));
        assertArrayEquals(new float[] {3, 4, 1, 2}, row(shift(6, 0), FillMode.WRAP));
        assertArrayEquals(new float[] {9, 9, 9, 9}, row(shift(6, 0), FillMode.CONSTANT));
        // Moving left by 9 reads 9..12: reflect 9 = 1 + 8 -> b, 10 -> c, 11 -> d, 12 = 4 + 8 -> mirrored d;
        // wrap 9 -> b, 10 -> c, 11 -> d, 12 -> a.
        assertArrayEquals(new float[] {2, 3, 4, 4}, row(shift(-9, 0), FillMode.REFLECT));
        assertArrayEquals(new float[] {2, 3, 4, 1}, row(shift(-9, 0), FillMode.WRAP));
    }

    @Test
    void halfPixelShiftsInterpolateTheExtendedRow() {
        // Moving right by 1.5 reads -1.5, -0.5, 0.5, 1.5, each halfway between two extended pixels.
        // reflect: (b + a) / 2, (a + a) / 2, (a + b) / 2, (b + c) / 2
        assertArrayEquals(new float[] {1.5f, 1, 1.5f, 2.5f}, row(shift(1.5, 0), FillMode.REFLECT));
        // wrap: (c + d) / 2, (d + a) / 2, ...: the seam between the last pixel and the first is interpolated
        assertArrayEquals(new float[] {3.5f, 2.5f, 1.5f, 2.5f}, row(shift(1.5, 0), FillMode.WRAP));
        assertArrayEquals(new float[] {1, 1, 1.5f, 2.5f}, row(shift(1.5, 0), FillMode.NEAREST));
        // constant: (k + k) / 2, (k + a) / 2, ...
        assertArrayEquals(new float[] {9, 5, 1.5f, 2.5f}, row(shift(1.5, 0), FillMode.CONSTANT));
        // A quarter pixel to the left: 0.25, 1.25, 2.25, 3.25; reflect 3.25 = 0.75 d + 0.25 d.
        assertArrayEquals(new float[] {1.25f, 2.25f, 3.25f, 4}, row(shift(-0.25, 0), FillMode.REFLECT), 1e-6f);
        assertArrayEquals(new float[] {1.25f, 2.25f, 3.25f, 3.25f}, row(shift(-0.25, 0), FillMode.WRAP), 1e-6f);
        assertArrayEquals(new float[] {1.25f, 2.25f, 3.25f, 0.75f * 4 + 0.25f * 9},
                row(shift(-0.25, 0), FillMode.CONSTANT), 1e-6f);
    }

    @Test
    void nearestInterpolationTakesTheClosestExtendedPixel() {
        // Moving right by 1.3 reads -1.3, -0.3, 0.7, 1.7, which round to -1, 0, 1, 2.
        assertArrayEquals(new float[] {1, 1, 2, 3}, row(shift(1.3, 0), Interpolation.NEAREST, FillMode.REFLECT, 0));
        assertArrayEquals(new float[] {4, 1, 2, 3}, row(shift(1.3, 0), Interpolation.NEAREST, FillMode.WRAP, 0));
        assertArrayEquals(new float[] {7, 1, 2, 3}, row(shift(1.3, 0), Interpolation.NEAREST, FillMode.CONSTANT, 7));
        // Moving right by 1.7 reads -1.7, -0.7, 0.3, 1.3, which round to -2, -1, 0, 1.
        assertArrayEquals(new float[] {2, 1, 1, 2}, row(shift(1.7, 0), Interpolation.NEAREST, FillMode.REFLECT, 0));
        assertArrayEquals(new float[] {3, 4, 1, 2}, row(shift(1.7, 0), Interpolation.NEAREST, FillMode.WRAP, 0));
        assertArrayEquals(new float[] {1, 1, 1, 2}, row(shift(1.7, 0), Interpolation.NEAREST, FillMode.NEAREST, 0));
    }

    @Test
    void theSecondRowOfTheTransformMovesRows() {
        try (TensorScope scope = TensorScope.open()) {
            // A column a b c d ([1, 4, 1, 1]) moved down by 1: rows read -1, 0, 1, 2.
            Tensor column = Tensor.of(new float[] {1, 2, 3, 4}, 1, 4, 1, 1);
            assertArrayEquals(new float[] {1, 1, 2, 3}, column.affineTransform(Tensor.of(shift(0, 1), 1, 8),
                    Interpolation.BILINEAR, FillMode.REFLECT, 0).toFloatArray());
            assertArrayEquals(new float[] {2, 3, 4, 1}, column.affineTransform(Tensor.of(shift(0, -1), 1, 8),
                    Interpolation.BILINEAR, FillMode.WRAP, 0).toFloatArray());
        }
    }

    @Test
    void eachImageOfTheBatchHasItsOwnTransformAndChannelsMoveTogether() {
        try (TensorScope scope = TensorScope.open()) {
            // Two images of one row of two pixels with two channels: pixel p of image i is (10 i + p, -(10 i + p)).
            Tensor images = Tensor.of(new float[] {0, 0, 1, -1, 10, -10, 11, -11}, 2, 1, 2, 2);
            double[] transforms = new double[16];
            System.arraycopy(shift(0, 0), 0, transforms, 0, 8);
            System.arraycopy(shift(1, 0), 0, transforms, 8, 8);
            float[] y = images.affineTransform(Tensor.of(transforms, 2, 8), Interpolation.BILINEAR,
                    FillMode.CONSTANT, 5).toFloatArray();
            // Image 0 unchanged; image 1 moved right by one pixel, its first pixel filled with 5 in both channels.
            assertArrayEquals(new float[] {0, 0, 1, -1, 5, 5, 10, -10}, y);
        }
    }

    @Test
    void matchesTheExtendThenInterpolateDefinitionOnRandomTransforms() {
        Random random = new Random(11);
        int batch = 3;
        int height = 5;
        int width = 7;
        int channels = 2;
        double[] pixels = random.doubles((long) batch * height * width * channels, -1, 1).toArray();
        double[] transforms = new double[batch * 8];
        for (int b = 0; b < batch; b++) {
            // Rotation, anisotropic scale, shear and a translation large enough to leave the image, plus a
            // small projective part.
            double angle = random.nextDouble() * 2 * Math.PI;
            double sx = 0.5 + 1.5 * random.nextDouble();
            double sy = 0.5 + 1.5 * random.nextDouble();
            double[] t = {sx * Math.cos(angle), -sy * Math.sin(angle) + 0.3, random.nextDouble() * 20 - 10,
                sx * Math.sin(angle), sy * Math.cos(angle), random.nextDouble() * 16 - 8,
                b == 2 ? 0.01 : 0, b == 2 ? -0.02 : 0};
            System.arraycopy(t, 0, transforms, b * 8, 8);
        }
        for (FillMode fill : FillMode.values()) {
            for (Interpolation interpolation : Interpolation.values()) {
                try (TensorScope scope = TensorScope.open()) {
                    Tensor images = Tensor.of(pixels, batch, height, width, channels);
                    Tensor out = images.affineTransform(Tensor.of(transforms, batch, 8), interpolation, fill, 0.75);
                    assertEquals(DType.FLOAT64, out.dtype());
                    double[] expected = ReferenceSampler.transform(pixels, new long[] {batch, height, width, channels},
                            transforms, interpolation, fill, 0.75);
                    assertArrayEquals(expected, out.toDoubleArray(), 1e-9, fill + " / " + interpolation);
                }
            }
        }
    }

    @Test
    void theIdentityTransformKeepsTheImage() {
        try (TensorScope scope = TensorScope.open()) {
            float[] pixels = new float[2 * 3 * 4 * 3];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = i * 0.5f - 7;
            }
            Tensor images = Tensor.of(pixels, 2, 3, 4, 3);
            double[] identity = {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0};
            for (FillMode fill : FillMode.values()) {
                Tensor out = images.affineTransform(Tensor.of(identity, 2, 8), Interpolation.BILINEAR, fill, 0);
                assertArrayEquals(pixels, out.toFloatArray(), 1e-5f, fill.kerasName());
                assertEquals(images.shape(), out.shape());
                assertEquals(DType.FLOAT32, out.dtype());
            }
        }
    }

    @Test
    void affineTransformRejectsBadArguments() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor images = Tensor.zeros(Shape.of(2, 3, 3, 1), DType.FLOAT32);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> images.affineTransform(
                    Tensor.zeros(Shape.of(1, 8), DType.FLOAT32), Interpolation.BILINEAR, FillMode.REFLECT, 0));
            assertTrue(e.getMessage().contains("[2, 8]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> images.affineTransform(
                    Tensor.zeros(Shape.of(2, 6), DType.FLOAT32), Interpolation.BILINEAR, FillMode.REFLECT, 0));
            Tensor single = Tensor.zeros(Shape.of(3, 3, 1), DType.FLOAT32);
            assertThrows(IllegalArgumentException.class, () -> single.affineTransform(
                    Tensor.zeros(Shape.of(1, 8), DType.FLOAT32), Interpolation.BILINEAR, FillMode.REFLECT, 0));
            Tensor integers = Tensor.of(new long[] {1, 2, 3, 4}, 1, 2, 2, 1);
            e = assertThrows(IllegalArgumentException.class, () -> integers.affineTransform(
                    Tensor.zeros(Shape.of(1, 8), DType.FLOAT32), Interpolation.BILINEAR, FillMode.REFLECT, 0));
            assertTrue(e.getMessage().contains("floating"), e.getMessage());
        }
    }

    @Test
    void flipReversesTheGivenAxes() {
        try (TensorScope scope = TensorScope.open()) {
            // [1, 2, 3, 1]: rows (1 2 3) and (4 5 6).
            Tensor image = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3, 1);
            assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, image.flip(2).toFloatArray());
            assertArrayEquals(new float[] {4, 5, 6, 1, 2, 3}, image.flip(1).toFloatArray());
            assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, image.flip(1, 2).toFloatArray());
            assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, image.flip(-2).toFloatArray());
            assertEquals(image.shape(), image.flip(2).shape());
        }
    }

    @Test
    void resizeBilinearUsesHalfPixelCentersAndClampsAtTheEdges() {
        try (TensorScope scope = TensorScope.open()) {
            // Upsampling 2 -> 4 pixels: output x reads (x + 0.5) * 2 / 4 - 0.5 = -0.25, 0.25, 0.75, 1.25,
            // clamped to [0, 1]; the row (0 1) gives 0, 0.25, 0.75, 1.
            Tensor up = Tensor.of(new float[] {0, 1}, 1, 1, 2, 1).resizeImages(1, 4, Interpolation.BILINEAR);
            assertEquals(Shape.of(1, 1, 4, 1), up.shape());
            assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, up.toFloatArray(), 1e-6f);
            // Downsampling 4 -> 2 without antialiasing: outputs read 0.5 and 2.5, halfway between neighbours.
            Tensor down = Tensor.of(new float[] {1, 3, 10, 20}, 1, 1, 4, 1).resizeImages(1, 2, Interpolation.BILINEAR);
            assertArrayEquals(new float[] {2, 15}, down.toFloatArray(), 1e-6f);
            // Both axes, two channels: a 2x2 image to 1x1 averages its four pixels, channel by channel.
            Tensor both = Tensor.of(new float[] {1, -1, 3, -3, 5, -5, 7, -7}, 1, 2, 2, 2).resizeImages(1, 1, Interpolation.BILINEAR);
            assertArrayEquals(new float[] {4, -4}, both.toFloatArray(), 1e-6f);
            assertThrows(IllegalArgumentException.class, () -> both.resizeImages(0, 2, Interpolation.BILINEAR));
        }
    }

    @Test
    void gradientsOfFlipAndResize() {
        GradientCheck.check("flip", xs -> xs.get(0).flip(1, 2), new long[] {2, 3, 4, 2});
        GradientCheck.check("resize up", xs -> xs.get(0).resizeImages(5, 7, Interpolation.BILINEAR), new long[] {2, 3, 4, 2});
        GradientCheck.check("resize down", xs -> xs.get(0).resizeImages(2, 3, Interpolation.BILINEAR), new long[] {1, 5, 6, 2});
    }

    @Test
    void gradientsOfAffineTransformInEveryMode() {
        // A rotation by 0.4 rad about (1.5, 1), scaled by 1.3 and moved, so every mode reaches outside the image.
        double c = 1.3 * Math.cos(0.4);
        double s = 1.3 * Math.sin(0.4);
        double[] transform = {c, -s, 1.5 - c * 1.5 + s * 1 + 0.7, s, c, 1 - s * 1.5 - c * 1 - 0.4, 0, 0};
        double[] both = new double[16];
        System.arraycopy(transform, 0, both, 0, 8);
        System.arraycopy(shift(1.25, -0.5), 0, both, 8, 8);
        for (FillMode fill : FillMode.values()) {
            for (Interpolation interpolation : Interpolation.values()) {
                GradientCheck.check("affineTransform " + fill + " " + interpolation,
                        xs -> xs.get(0).affineTransform(Tensor.of(both, 2, 8), interpolation, fill, 0.5),
                        new long[] {2, 3, 4, 2});
            }
        }
    }

    @Test
    void theTransformsGetNoGradient() {
        try (TensorScope scope = TensorScope.open();
                Variable image = new Variable("image", Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 4, 1), true);
                Variable transforms = new Variable("t", Tensor.of(shift(0.5, 0), 1, 8), true)) {
            List<Tensor> grads;
            try (GradientTape tape = GradientTape.open()) {
                Tensor y = image.value().affineTransform(transforms.value(), Interpolation.BILINEAR,
                        FillMode.REFLECT, 0).sum();
                grads = tape.gradient(y, List.of(image, transforms));
            }
            // Outputs 0..3 read -0.5 (a), 0.5, 1.5, 2.5: pixel a gets 1 + 1/2, b and c 1, d 1/2.
            assertArrayEquals(new double[] {1.5, 1, 1, 0.5}, grads.get(0).toDoubleArray(), 1e-12);
            assertEquals(null, grads.get(1), "no gradient flows to the transforms");
        }
    }
}
