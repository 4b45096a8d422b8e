package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#resizeImages} against TensorFlow 2's {@code tf.image.resize} (antialias off), with the
 * expected numbers worked out by hand and, for larger cases, by the TensorFlow formulas written out below.
 */
class ResizeOpTest {
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    /** A [1, 1, n, 1] image: one row of pixels. */
    private static Tensor row(float... values) {
        return Tensor.of(values, 1, 1, values.length, 1);
    }

    private static void assertRow(Tensor resized, double... expected) {
        assertEquals(Shape.of(1, 1, expected.length, 1), resized.shape());
        assertEquals(DType.FLOAT32, resized.dtype());
        assertArrayEquals(expected, resized.toDoubleArray(), 1e-5);
    }

    // ---- bilinear, by hand ----------------------------------------------------------------------
    // Output pixel i samples the input at x = (i + 0.5) * in / out - 0.5; it mixes pixels floor(x) and
    // ceil(x), both clamped to [0, in - 1], with weight x - floor(x) on the second.

    @Test
    void bilinearUpscalesWithHalfPixelCenters() {
        // 2 -> 4: x = -0.25, 0.25, 0.75, 1.25 -> 0, 0.25 * 10, 0.75 * 10, 10 (both ends clamp).
        assertRow(row(0, 10).resizeImages(1, 4, Interpolation.BILINEAR), 0, 2.5, 7.5, 10);
        // align_corners=True would give 0, 3.33, 6.67, 10 instead.
    }

    @Test
    void bilinearDownscalesWithoutAntialiasing() {
        // 4 -> 2: x = 0.5, 2.5 -> midpoints of (0, 10) and (20, 30); an antialiased resize would average more.
        assertRow(row(0, 10, 20, 30).resizeImages(1, 2, Interpolation.BILINEAR), 5, 25);
        // 3 -> 2: x = 0.25, 1.75 -> 2.5 and 10 + 0.75 * 10.
        assertRow(row(0, 10, 20).resizeImages(1, 2, Interpolation.BILINEAR), 2.5, 17.5);
    }

    @Test
    void bilinearInTwoDimensionsByHand() {
        // [[0, 10], [20, 30]] -> 4 x 4: rows and columns both sample at -0.25, 0.25, 0.75, 1.25 (weights 0,
        // 0.25, 0.75, 1 on the second pixel), so pixel (r, c) = 20 * wr + 10 * wc.
        Tensor image = Tensor.of(new float[] {0, 10, 20, 30}, 2, 2, 1);
        double[] w = {0, 0.25, 0.75, 1};
        double[] expected = new double[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                expected[4 * r + c] = 20 * w[r] + 10 * w[c];
            }
        }
        Tensor resized = image.resizeImages(4, 4, Interpolation.BILINEAR);
        assertEquals(Shape.of(4, 4, 1), resized.shape());
        assertArrayEquals(expected, resized.toDoubleArray(), 1e-5);
    }

    // ---- nearest, by hand -----------------------------------------------------------------------
    // Output pixel i copies input pixel min(floor((i + 0.5) * in / out), in - 1) (TF2's half-pixel rule).

    @Test
    void nearestUsesTheHalfPixelRule() {
        // 2 -> 4: floor(0.25), floor(0.75), floor(1.25), floor(1.75) = 0, 0, 1, 1.
        assertRow(row(0, 10).resizeImages(1, 4, Interpolation.NEAREST), 0, 0, 10, 10);
        // 3 -> 2: floor(0.75), floor(2.25) = 0, 2. (The legacy rule floor(i * in / out) would give 0, 1.)
        assertRow(row(0, 10, 20).resizeImages(1, 2, Interpolation.NEAREST), 0, 20);
        // 5 -> 2: floor(1.25), floor(3.75) = 1, 3.
        assertRow(row(0, 10, 20, 30, 40).resizeImages(1, 2, Interpolation.NEAREST), 10, 30);
    }

    // ---- larger cases against the formulas ------------------------------------------------------

    @Test
    void matchesTheTensorFlowFormulasUpAndDown() {
        Random random = new Random(7);
        int[][] cases = {{5, 7, 9, 4}, {9, 4, 5, 7}, {6, 6, 13, 2}, {3, 8, 3, 8}, {1, 1, 3, 2}, {7, 5, 1, 1}};
        for (int[] c : cases) {
            int inH = c[0];
            int inW = c[1];
            int outH = c[2];
            int outW = c[3];
            int channels = 3;
            int batch = 2;
            float[] data = new float[batch * inH * inW * channels];
            for (int i = 0; i < data.length; i++) {
                data[i] = random.nextInt(256);
            }
            Tensor images = Tensor.of(data, batch, inH, inW, channels);
            for (Interpolation method : Interpolation.values()) {
                Tensor resized = images.resizeImages(outH, outW, method);
                assertEquals(Shape.of(batch, outH, outW, channels), resized.shape());
                double[] expected = reference(data, batch, inH, inW, channels, outH, outW, method);
                assertArrayEquals(expected, resized.toDoubleArray(), 1e-4,
                        method + " " + inH + "x" + inW + " -> " + outH + "x" + outW);
            }
        }
    }

    /** tf.image.resize, written out from TensorFlow's definitions (float64 here). */
    private static double[] reference(float[] in, int batch, int inH, int inW, int ch, int outH, int outW,
                                      Interpolation method) {
        double[] out = new double[batch * outH * outW * ch];
        double scaleY = (double) inH / outH;
        double scaleX = (double) inW / outW;
        for (int b = 0; b < batch; b++) {
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    for (int k = 0; k < ch; k++) {
                        double v;
                        if (method == Interpolation.NEAREST) {
                            int sy = (int) Math.min(Math.floor((y + 0.5) * scaleY), inH - 1);
                            int sx = (int) Math.min(Math.floor((x + 0.5) * scaleX), inW - 1);
                            v = in[((b * inH + sy) * inW + sx) * ch + k];
                        } else {
                            double fy = (y + 0.5) * scaleY - 0.5;
                            double fx = (x + 0.5) * scaleX - 0.5;
                            int y0 = (int) Math.max(Math.floor(fy), 0);
                            int y1 = (int) Math.min(Math.ceil(fy), inH - 1);
                            int x0 = (int) Math.max(Math.floor(fx), 0);
                            int x1 = (int) Math.min(Math.ceil(fx), inW - 1);
                            double ty = fy - Math.floor(fy);
                            double tx = fx - Math.floor(fx);
                            double tl = in[((b * inH + y0) * inW + x0) * ch + k];
                            double tr = in[((b * inH + y0) * inW + x1) * ch + k];
                            double bl = in[((b * inH + y1) * inW + x0) * ch + k];
                            double br = in[((b * inH + y1) * inW + x1) * ch + k];
                            double top = tl + (tr - tl) * tx;
                            double bottom = bl + (br - bl) * tx;
                            v = top + (bottom - top) * ty;
                        }
                        out[((b * outH + y) * outW + x) * ch + k] = v;
                    }
                }
            }
        }
        return out;
    }

    // ---- types, ranks, errors -------------------------------------------------------------------

    @Test
    void resizesUint8ImagesToFloat32() {
        Tensor image = Tensor.ofUint8(new byte[] {0, (byte) 200, 100, (byte) 255}, 1, 2, 2);
        Tensor resized = image.resizeImages(1, 4, Interpolation.BILINEAR);
        assertEquals(DType.FLOAT32, resized.dtype());
        assertEquals(Shape.of(1, 4, 2), resized.shape());
        // Two channels, each 2 -> 4 with weights 0, 0.25, 0.75, 1: (0 -> 100) and (200 -> 255).
        assertArrayEquals(new double[] {0, 200, 25, 213.75, 75, 241.25, 100, 255}, resized.toDoubleArray(), 1e-4);
        Tensor nearest = image.resizeImages(1, 4, Interpolation.NEAREST);
        assertEquals(DType.FLOAT32, nearest.dtype());
        assertArrayEquals(new double[] {0, 200, 0, 200, 100, 255, 100, 255}, nearest.toDoubleArray(), 0);
    }

    @Test
    void sameSizeIsAnExactCopy() {
        Tensor image = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3, 1);
        for (Interpolation method : Interpolation.values()) {
            assertArrayEquals(image.toFloatArray(), image.resizeImages(2, 3, method).toFloatArray(), 0f);
        }
    }

    @Test
    void rejectsWrongRanksSizesAndTypes() {
        Tensor flat = Tensor.of(new float[] {1, 2}, 2);
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> flat.resizeImages(2, 2, Interpolation.BILINEAR));
        assertTrue(rank.getMessage().contains(flat.shape().toString()), rank.getMessage());
        Tensor image = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> image.resizeImages(0, 2, Interpolation.NEAREST));
        Tensor empty = Tensor.zeros(Shape.of(0, 2, 1), DType.FLOAT32);
        assertThrows(IllegalArgumentException.class, () -> empty.resizeImages(2, 2, Interpolation.BILINEAR));
        Tensor bool = image.greaterThan(2);
        assertThrows(IllegalArgumentException.class, () -> bool.resizeImages(2, 2, Interpolation.BILINEAR));
    }

    @Test
    void interpolationKnowsItsKerasNames() {
        assertEquals(Interpolation.BILINEAR, Interpolation.fromKerasName("bilinear"));
        assertEquals(Interpolation.NEAREST, Interpolation.fromKerasName("NEAREST"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interpolation.fromKerasName("bicubic"));
        assertTrue(e.getMessage().contains("bicubic") && e.getMessage().contains("nearest"), e.getMessage());
    }
}
