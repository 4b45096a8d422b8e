package dev.graft.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.LayerContract;
import dev.graft.layers.LayerContract.TrainingBehaviour;
import dev.graft.tensor.DType;
import dev.graft.tensor.GradientCheck;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomContrastTest {
    private static final int H = 3;
    private static final int W = 4;
    private static final int C = 2;

    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> RandomContrast.builder().setFactor(0.5).optSeed(2).optValueRange(-1, 1)
                        .optDType(dtype).build())
                .inputShape(3, H, W, C).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.DIFFERENT).run();
    }

    /** The mean of channel c of image b of {@code x} ({@code [batch, H, W, C]}). */
    private static double mean(float[] x, int b, int c) {
        double sum = 0;
        for (int p = 0; p < H * W; p++) {
            sum += x[(b * H * W + p) * C + c];
        }
        return sum / (H * W);
    }

    /**
     * Checks {@code y = clip((x - mean) * f + mean, low, high)} per image and channel, with one factor f per image
     * read off an unclipped pixel; returns the factors.
     */
    private static double[] checkContrast(float[] x, float[] y, int batch, double low, double high) {
        double[] factors = new double[batch];
        for (int b = 0; b < batch; b++) {
            double f = Double.NaN;
            for (int i = b * H * W * C; i < (b + 1) * H * W * C && Double.isNaN(f); i++) {
                double m = mean(x, b, i % C);
                if (y[i] > low && y[i] < high && Math.abs(x[i] - m) > 0.1) {
                    f = (y[i] - m) / (x[i] - m);
                }
            }
            factors[b] = f;
            for (int i = b * H * W * C; i < (b + 1) * H * W * C; i++) {
                double m = mean(x, b, i % C);
                double expected = Math.min(Math.max((x[i] - m) * f + m, low), high);
                assertEquals(expected, y[i], 1e-3, "image " + b + ", element " + i);
            }
        }
        return factors;
    }

    @Test
    void scalesTheDistanceToEachChannelsMeanByOneFactorPerImage() {
        int batch = 6;
        float[] x = new float[batch * H * W * C];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            // Channel means differ (100 vs 150) so that a shared mean would be caught.
            x[i] = (i % C == 0 ? 100 : 150) + random.nextFloat() * 40 - 20;
        }
        try (TensorScope scope = TensorScope.open();
                RandomContrast layer = RandomContrast.builder().setFactor(0.3).optSeed(7).build()) {
            float[] y = layer.call(Tensor.of(x, batch, H, W, C), true).toFloatArray();
            double[] factors = checkContrast(x, y, batch, 0, 255);
            for (double f : factors) {
                assertTrue(f >= 0.7 && f < 1.3, "factor " + f + " in [1 - 0.3, 1 + 0.3)");
            }
            assertEquals(batch, Arrays.stream(factors).distinct().count(), "each image has its own factor");
            assertTrue(Arrays.stream(factors).anyMatch(f -> f < 1) && Arrays.stream(factors).anyMatch(f -> f > 1),
                    "contrast goes both down and up: " + Arrays.toString(factors));
        }
    }

    @Test
    void clipsToTheValueRange() {
        // Values in [0, 1] with a pair factor (0, 1): factors in [1, 2) push the extremes out of [0, 1].
        int batch = 4;
        float[] x = new float[batch * H * W * C];
        Random random = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        try (TensorScope scope = TensorScope.open();
                RandomContrast layer = RandomContrast.builder().setFactor(0, 1).optValueRange(0, 1).optSeed(1)
                        .build()) {
            float[] y = layer.call(Tensor.of(x, batch, H, W, C), true).toFloatArray();
            double[] factors = checkContrast(x, y, batch, 0, 1);
            for (double f : factors) {
                assertTrue(f >= 1 && f < 2, "factor " + f);
            }
            int clipped = 0;
            for (float v : y) {
                clipped += v == 0 || v == 1 ? 1 : 0;
            }
            assertTrue(clipped > 0, "some values were clipped");
        }
    }

    @Test
    void inferenceIsTheIdentityEvenOutsideTheValueRange() {
        float[] x = {-5, 300, 1, 2};
        try (TensorScope scope = TensorScope.open(); RandomContrast layer = new RandomContrast(0.9)) {
            assertArrayEquals(x, layer.call(Tensor.of(x, 1, 2, 2, 1)).toFloatArray());
            Tensor single = layer.call(Tensor.of(x, 2, 2, 1), true);
            assertEquals(Shape.of(2, 2, 1), single.shape());
            for (float v : single.toFloatArray()) {
                assertTrue(v >= 0 && v <= 255, "training clips to [0, 255]: " + v);
            }
        }
    }

    @Test
    void gradientInTraining() {
        // A fresh layer with a fixed seed draws the same factors at every evaluation.
        GradientCheck.check("RandomContrast", xs -> {
            try (RandomContrast layer = RandomContrast.builder().setFactor(0.4).optValueRange(-10, 10).optSeed(3)
                    .optDType(DType.FLOAT64).build()) {
                return layer.call(xs.get(0), true);
            }
        }, new long[] {2, 3, 2, 2});
    }

    @Test
    void seedsReproduce() {
        try (TensorScope scope = TensorScope.open();
                RandomContrast a = RandomContrast.builder().setFactor(0.5).optSeed(9).build();
                RandomContrast b = RandomContrast.builder().setFactor(0.5).optSeed(9).build()) {
            TestImages.assertSeededDraws(a, b, new TestImages(3, 2, 2, 1).tensor().div(20));
        }
    }

    @Test
    void configurationAndErrors() {
        try (RandomContrast layer = RandomContrast.builder().setFactor(0.2, 0.4).optValueRange(0, 1).optSeed(4)
                .optName("contrast").build()) {
            assertEquals(0.2, layer.lower());
            assertEquals(0.4, layer.upper());
            assertEquals("<RandomContrast name=contrast, factor=(0.2, 0.4), value_range=(0.0, 1.0), seed=4>",
                    layer.toString());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomContrast(1.5));
        assertTrue(e.getMessage().contains("setFactor"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RandomContrast(-0.1));
        assertThrows(IllegalArgumentException.class, () -> RandomContrast.builder().build());
        e = assertThrows(IllegalArgumentException.class,
                () -> RandomContrast.builder().setFactor(0.1).optValueRange(1, 0).build());
        assertTrue(e.getMessage().contains("optValueRange"), e.getMessage());
    }
}
