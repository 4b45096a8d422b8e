package dev.graft.tensor;

import static dev.graft.tensor.TensorOpsTest.assertValues;
import static dev.graft.tensor.TensorOpsTest.f;
import static dev.graft.tensor.TensorOpsTest.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Value tests for the neural-network operations of {@link Tensor} (conv2d, pooling, batch normalization,
 * dropout) and the random creators: small cases computed by hand, and larger ones against a direct
 * float64 reference implementation of the NHWC definitions written below.
 */
class NeuralOpsTest {
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    // ---- conv2d ---------------------------------------------------------------------------------

    @Test
    void conv2dByHand() {
        Tensor x = f(s(1, 2, 2, 1), 1, 2, 3, 4);
        Tensor ones = f(s(2, 2, 1, 1), 1, 1, 1, 1);
        assertValues(x.conv2d(ones, null, new int[] {1, 1}, Padding2D.VALID, new int[] {1, 1}, 1), s(1, 1, 1, 1), 10);
        assertValues(x.conv2d(ones, f(s(1), 0.5f), new int[] {1, 1}, Padding2D.VALID, new int[] {1, 1}, 1),
                s(1, 1, 1, 1), 10.5);
        // Two output channels: the kernel is [kh, kw, in, out].
        Tensor k2 = f(s(1, 1, 1, 2), 1, -1);
        assertValues(x.conv2d(k2, null, new int[] {1, 1}, Padding2D.VALID, new int[] {1, 1}, 1), s(1, 2, 2, 2),
                1, -1, 2, -2, 3, -3, 4, -4);
    }

    @Test
    void conv2dAsymmetricPaddingPadsTheRightSide() {
        Tensor row = f(s(1, 1, 3, 1), 1, 2, 3);
        Tensor pair = f(s(1, 2, 1, 1), 1, 1);
        int[] one = {1, 1};
        assertValues(row.conv2d(pair, null, one, new Padding2D(0, 0, 0, 1), one, 1), s(1, 1, 3, 1), 3, 5, 3);
        assertValues(row.conv2d(pair, null, one, new Padding2D(0, 0, 1, 0), one, 1), s(1, 1, 3, 1), 1, 3, 5);
        // TensorFlow "same" for an even kernel puts the extra pixel after the image.
        assertEquals(new Padding2D(0, 0, 0, 1), Padding2D.same(1, 3, 1, 2, 1, 1));
        Tensor col = f(s(1, 3, 1, 1), 1, 2, 3);
        Tensor vpair = f(s(2, 1, 1, 1), 1, 10);
        assertValues(col.conv2d(vpair, null, one, new Padding2D(1, 0, 0, 0), one, 1), s(1, 3, 1, 1), 10, 21, 32);
        assertValues(col.conv2d(vpair, null, one, new Padding2D(0, 1, 0, 0), one, 1), s(1, 3, 1, 1), 21, 32, 3);
    }

    @Test
    void conv2dStrideDilationAndGroupsByHand() {
        int[] one = {1, 1};
        Tensor row = f(s(1, 1, 5, 1), 1, 2, 3, 4, 5);
        assertValues(row.conv2d(f(s(1, 1, 1, 1), 1), null, new int[] {1, 2}, Padding2D.VALID, one, 1),
                s(1, 1, 3, 1), 1, 3, 5);
        assertValues(row.conv2d(f(s(1, 2, 1, 1), 1, 1), null, one, Padding2D.VALID, new int[] {1, 2}, 1),
                s(1, 1, 3, 1), 4, 6, 8);
        // Two groups of one channel each: out 0 sees only channel 0, out 1 only channel 1.
        Tensor px = f(s(1, 1, 1, 2), 1, 2);
        assertValues(px.conv2d(f(s(1, 1, 1, 2), 3, 5), null, one, Padding2D.VALID, one, 2), s(1, 1, 1, 2), 3, 10);
        // Without groups, both outputs see both channels.
        assertValues(px.conv2d(f(s(1, 1, 2, 2), 3, 5, 7, 11), null, one, Padding2D.VALID, one, 1),
                s(1, 1, 1, 2), 17, 27);
    }

    @Test
    void conv2dMatchesTheReference() {
        Random r = new Random(1);
        record Case(long h, long w, int kh, int kw, int cin, int cout, int groups, int stride, int dil, Padding2D p,
                    boolean bias) {
        }
        List<Case> cases = List.of(
                new Case(6, 5, 3, 3, 3, 4, 1, 1, 1, Padding2D.same(6, 5, 3, 3, 1, 1), true),
                new Case(7, 6, 3, 3, 2, 3, 1, 2, 1, Padding2D.same(7, 6, 3, 3, 2, 2), false),
                new Case(6, 6, 2, 2, 3, 2, 1, 2, 1, Padding2D.same(6, 6, 2, 2, 2, 2), true),
                new Case(5, 5, 3, 3, 2, 2, 1, 1, 1, Padding2D.VALID, true),
                new Case(5, 6, 3, 2, 4, 6, 2, 1, 1, new Padding2D(0, 2, 1, 0), true),
                new Case(6, 6, 3, 3, 3, 6, 3, 1, 1, Padding2D.same(6, 6, 3, 3, 1, 1), true),
                new Case(7, 7, 3, 3, 2, 2, 1, 1, 2, Padding2D.same(7, 7, 3, 3, 1, 1, 2, 2), false),
                new Case(8, 7, 3, 3, 4, 4, 4, 2, 2, new Padding2D(1, 2, 2, 1), true));
        for (Case c : cases) {
            int n = 2;
            double[] x = r.doubles(n * c.h * c.w * c.cin, -1, 1).toArray();
            double[] k = r.doubles((long) c.kh * c.kw * (c.cin / c.groups) * c.cout, -1, 1).toArray();
            double[] b = c.bias ? r.doubles(c.cout, -1, 1).toArray() : null;
            int[] st = {c.stride, c.stride};
            int[] di = {c.dil, c.dil};
            Tensor y = Tensor.of(x, n, c.h, c.w, c.cin).conv2d(Tensor.of(k, c.kh, c.kw, c.cin / c.groups, c.cout),
                    b == null ? null : Tensor.of(b, c.cout), st, c.p, di, c.groups);
            Reference ref = Reference.conv2d(x, new long[] {n, c.h, c.w, c.cin}, k, c.kh, c.kw, c.cout, b, st, c.p,
                    di, c.groups);
            assertEquals(Shape.of(ref.shape), y.shape(), c.toString());
            assertArrayEquals(ref.values, y.toDoubleArray(), 1e-10, c.toString());
            // float32 gives the same numbers to float precision (and runs the channels_last float kernels).
            Tensor y32 = Tensor.of(x, n, c.h, c.w, c.cin).toType(DType.FLOAT32).conv2d(
                    Tensor.of(k, c.kh, c.kw, c.cin / c.groups, c.cout).toType(DType.FLOAT32),
                    b == null ? null : Tensor.of(b, c.cout).toType(DType.FLOAT32), st, c.p, di, c.groups);
            assertEquals(DType.FLOAT32, y32.dtype());
            assertArrayEquals(ref.values, y32.toDoubleArray(), 1e-4, c.toString());
        }
    }

    @Test
    void conv2dRejectsBadRanks() {
        Tensor x = f(s(1, 2, 2), 1, 2, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.conv2d(
                f(s(1, 1, 2, 1), 1, 1), null, new int[] {1, 1}, Padding2D.VALID, new int[] {1, 1}, 1));
        assertTrue(e.getMessage().contains("rank 4"), e.getMessage());
        Tensor x4 = f(s(1, 1, 2, 2), 1, 2, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> x4.conv2d(f(s(2, 1), 1, 1), null, new int[] {1, 1},
                Padding2D.VALID, new int[] {1, 1}, 1));
    }

    // ---- pooling --------------------------------------------------------------------------------

    @Test
    void maxPoolPaddedCellsNeverWin() {
        // All negative: zero padding would make 0 win at the border.
        Tensor x = f(s(1, 2, 2, 1), -1, -2, -3, -4);
        assertValues(x.maxPool2d(new int[] {2, 2}, new int[] {1, 1}, new Padding2D(0, 1, 0, 1)), s(1, 2, 2, 1),
                -1, -2, -3, -4);
        assertValues(x.maxPool2d(new int[] {3, 3}, new int[] {1, 1}, new Padding2D(1, 1, 1, 1)), s(1, 2, 2, 1),
                -1, -1, -1, -1);
        assertValues(x.maxPool2d(new int[] {2, 2}, new int[] {2, 2}, Padding2D.VALID), s(1, 1, 1, 1), -1);
        // Two channels are pooled separately.
        Tensor c2 = f(s(1, 2, 2, 2), 1, -8, 5, -6, 3, -7, 2, -5);
        assertValues(c2.maxPool2d(new int[] {2, 2}, new int[] {2, 2}, Padding2D.VALID), s(1, 1, 1, 2), 5, -5);
    }

    @Test
    void avgPoolDoesNotCountPaddedCells() {
        Tensor x = f(s(1, 2, 2, 1), 1, 2, 3, 4);
        assertValues(x.avgPool2d(new int[] {2, 2}, new int[] {1, 1}, new Padding2D(0, 1, 0, 1)), s(1, 2, 2, 1),
                2.5, 3, 3.5, 4);
        assertValues(x.avgPool2d(new int[] {2, 2}, new int[] {1, 1}, new Padding2D(1, 0, 1, 0)), s(1, 2, 2, 1),
                1, 1.5, 2, 2.5);
        assertValues(x.avgPool2d(new int[] {3, 3}, new int[] {1, 1}, new Padding2D(1, 1, 1, 1)), s(1, 2, 2, 1),
                2.5, 2.5, 2.5, 2.5);
        Tensor wide = f(s(1, 2, 4, 1), 1, 2, 3, 4, 5, 6, 7, 8);
        assertValues(wide.avgPool2d(new int[] {2, 2}, new int[] {2, 2}, Padding2D.VALID), s(1, 1, 2, 1), 3.5, 5.5);
    }

    @Test
    void poolingMatchesTheReference() {
        Random r = new Random(2);
        record Case(long h, long w, int pool, int stride, Padding2D p) {
        }
        List<Case> cases = List.of(
                new Case(6, 6, 2, 2, Padding2D.VALID),
                new Case(5, 7, 2, 2, Padding2D.same(5, 7, 2, 2, 2, 2)),
                new Case(5, 5, 3, 2, Padding2D.same(5, 5, 3, 3, 2, 2)),
                new Case(6, 5, 3, 1, Padding2D.same(6, 5, 3, 3, 1, 1)),
                new Case(7, 6, 3, 2, new Padding2D(1, 1, 1, 1)),
                new Case(6, 6, 3, 3, new Padding2D(2, 1, 0, 2)));
        for (Case c : cases) {
            long[] shape = {2, c.h, c.w, 3};
            double[] x = r.doubles(2 * c.h * c.w * 3, -3, -1).toArray();
            int[] ps = {c.pool, c.pool};
            int[] st = {c.stride, c.stride};
            Tensor t = Tensor.of(x, shape);
            Reference max = Reference.pool(x, shape, ps, st, c.p, true);
            Tensor ym = t.maxPool2d(ps, st, c.p);
            assertEquals(Shape.of(max.shape), ym.shape(), "max " + c);
            assertArrayEquals(max.values, ym.toDoubleArray(), 1e-12, "max " + c);
            Reference avg = Reference.pool(x, shape, ps, st, c.p, false);
            Tensor ya = t.avgPool2d(ps, st, c.p);
            assertEquals(Shape.of(avg.shape), ya.shape(), "avg " + c);
            assertArrayEquals(avg.values, ya.toDoubleArray(), 1e-12, "avg " + c);
            assertArrayEquals(avg.values, t.toType(DType.FLOAT32).avgPool2d(ps, st, c.p).toDoubleArray(), 1e-5);
            assertArrayEquals(max.values, t.toType(DType.FLOAT32).maxPool2d(ps, st, c.p).toDoubleArray(), 1e-6);
        }
    }

    // ---- batch normalization --------------------------------------------------------------------

    @Test
    void batchNormInference() {
        Tensor x = f(s(2, 2), 1, 2, 3, 4);
        Tensor mean = f(s(2), 1, 2);
        Tensor var = f(s(2), 4, 16);
        // ((x - mean) / sqrt(var)) * gamma + beta
        assertValues(x.batchNorm(mean, var, f(s(2), 2, 3), f(s(2), 0.5f, -1), 0), s(2, 2), 0.5, -1, 2.5, 0.5);
        assertValues(x.batchNorm(mean, var, null, null, 0), s(2, 2), 0, 0, 1, 0.5);
        // epsilon is added to the variance.
        assertValues(x.batchNorm(mean, f(s(2), 3, 15), null, null, 1), s(2, 2), 0, 0, 1, 0.5);
        // NHWC: the last axis is the channel.
        Tensor img = f(s(1, 1, 2, 3), 1, 2, 3, 4, 5, 6);
        assertValues(img.batchNorm(f(s(3), 1, 2, 3), f(s(3), 1, 4, 9), null, f(s(3), 0, 0, 1), 0),
                s(1, 1, 2, 3), 0, 0, 1, 3, 1.5, 2);
    }

    @Test
    void batchNormInferenceAcceptsStatisticsThatRequireGradients() {
        // Regression: libtorch's fused batch_norm threw "the derivative for 'running_mean' is not implemented"
        // (even outside a tape) when the mean or variance was a trainable variable.
        Tensor x = f(s(2, 2), 1, 2, 3, 4);
        try (Variable mean = new Variable("mean", f(s(2), 1, 2), true);
             Variable var = new Variable("var", f(s(2), 4, 16), true)) {
            assertValues(x.batchNorm(mean.value(), var.value(), f(s(2), 2, 3), f(s(2), 0.5f, -1), 0), s(2, 2),
                    0.5, -1, 2.5, 0.5);
            assertValues(x.batchNorm(mean.value(), var.value(), null, null, 0), s(2, 2), 0, 0, 1, 0.5);
            try (GradientTape tape = GradientTape.open()) {
                Tensor y = x.batchNorm(mean.value(), var.value(), null, null, 0).sum();
                List<Tensor> g = tape.gradient(y, List.of(mean, var));
                // d/dmean = -n / sqrt(var) per channel (n = 2); d/dvar = -sum(x - mean) / 2 var^1.5.
                assertValues(g.get(0), s(2), -1, -0.5);
                assertValues(g.get(1), s(2), -2.0 / 16, -2.0 / 128);
            }
        }
    }

    @Test
    void batchNormTrainingUsesBatchStatistics() {
        Tensor x = f(s(4, 2), 1, 10, 2, 20, 3, 30, 4, 40);
        double eps = 1e-3;
        List<Tensor> out = x.batchNormTraining(f(s(2), 2, 1), f(s(2), 0, 5), eps);
        assertEquals(3, out.size());
        assertValues(out.get(1), s(2), 2.5, 25);
        // The biased variance: mean of squared deviations, divided by n (not n - 1).
        assertValues(out.get(2), s(2), 1.25, 125);
        assertEquals(DType.FLOAT32, out.get(2).dtype());
        double[] y = out.get(0).toDoubleArray();
        double[] xs = {1, 10, 2, 20, 3, 30, 4, 40};
        double[] means = {2.5, 25};
        double[] vars = {1.25, 125};
        double[] gamma = {2, 1};
        double[] beta = {0, 5};
        for (int i = 0; i < 8; i++) {
            int c = i % 2;
            assertEquals((xs[i] - means[c]) / Math.sqrt(vars[c] + eps) * gamma[c] + beta[c], y[i], 1e-5);
        }
        assertEquals(Shape.of(4, 2), out.get(0).shape());
    }

    @Test
    void batchNormTrainingOnImages() {
        Random r = new Random(3);
        long[] shape = {3, 4, 5, 2};
        double[] x = r.doubles(3 * 4 * 5 * 2, -2, 3).toArray();
        List<Tensor> out = Tensor.of(x, shape).batchNormTraining(null, null, 1e-5);
        double[] mean = new double[2];
        double[] var = new double[2];
        int per = x.length / 2;
        for (int i = 0; i < x.length; i++) {
            mean[i % 2] += x[i] / per;
        }
        for (int i = 0; i < x.length; i++) {
            var[i % 2] += (x[i] - mean[i % 2]) * (x[i] - mean[i % 2]) / per;
        }
        assertArrayEquals(mean, out.get(1).toDoubleArray(), 1e-12);
        assertArrayEquals(var, out.get(2).toDoubleArray(), 1e-10);
        assertEquals(Shape.of(shape), out.get(0).shape());
        double[] y = out.get(0).toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals((x[i] - mean[i % 2]) / Math.sqrt(var[i % 2] + 1e-5), y[i], 1e-9);
        }
        // The returned statistics are detached: they carry no graph even inside a tape.
        try (Variable v = new Variable("x", Tensor.of(x, shape), true); GradientTape tape = GradientTape.open()) {
            List<Tensor> o = v.value().batchNormTraining(null, null, 1e-5);
            assertThrows(IllegalStateException.class, () -> tape.gradient(o.get(1).sum(), List.of(v)));
        }
    }

    // ---- dropout --------------------------------------------------------------------------------

    @Test
    void dropoutScalesKeptValuesAndDropsAtTheRate() {
        int n = 20000;
        Tensor x = Tensor.ones(Shape.of(n), DType.FLOAT32);
        try (SeedGenerator g = SeedGenerator.of(11)) {
            float[] y = x.dropout(0.3, g).toFloatArray();
            int zeros = 0;
            double sum = 0;
            for (float v : y) {
                if (v == 0) {
                    zeros++;
                } else {
                    assertEquals(1 / 0.7, v, 1e-6);
                }
                sum += v;
            }
            // Binomial(20000, 0.3): standard deviation of the fraction is about 0.0032.
            assertEquals(0.3, zeros / (double) n, 0.02);
            assertEquals(1.0, sum / n, 0.03);
            assertArrayEquals(x.toFloatArray(), x.dropout(0.0, g).toFloatArray());
            assertThrows(IllegalArgumentException.class, () -> x.dropout(1.0, g));
            assertThrows(IllegalArgumentException.class, () -> x.dropout(-0.1, g));
        }
    }

    @Test
    void dropoutIsReproducibleWithTheSameSeed() {
        Tensor x = Tensor.of(new Random(5).doubles(1000, 1, 2).toArray(), 10, 100);
        double[] a;
        double[] b;
        double[] c;
        double[] a2;
        try (SeedGenerator g1 = SeedGenerator.of(7); SeedGenerator g2 = SeedGenerator.of(7);
             SeedGenerator g3 = SeedGenerator.of(8)) {
            a = x.dropout(0.5, g1).toDoubleArray();
            a2 = x.dropout(0.5, g1).toDoubleArray();
            b = x.dropout(0.5, g2).toDoubleArray();
            c = x.dropout(0.5, g3).toDoubleArray();
        }
        assertArrayEquals(a, b, 0.0);
        assertFalse(java.util.Arrays.equals(a, c), "another seed gives another mask");
        assertFalse(java.util.Arrays.equals(a, a2), "the generator advances between calls");
    }

    // ---- random creation ------------------------------------------------------------------------

    @Test
    void randomUniformRangeMomentsAndReproducibility() {
        int n = 20000;
        try (SeedGenerator g1 = SeedGenerator.of(3); SeedGenerator g2 = SeedGenerator.of(3);
             SeedGenerator g3 = SeedGenerator.of(4)) {
            Tensor a = Tensor.randomUniform(Shape.of(n), 2, 5, DType.FLOAT32, g1);
            Tensor b = Tensor.randomUniform(Shape.of(n), 2, 5, DType.FLOAT32, g2);
            Tensor c = Tensor.randomUniform(Shape.of(n), 2, 5, DType.FLOAT32, g3);
            assertEquals(DType.FLOAT32, a.dtype());
            assertArrayEquals(a.toFloatArray(), b.toFloatArray());
            assertFalse(java.util.Arrays.equals(a.toFloatArray(), c.toFloatArray()));
            double[] v = a.toDoubleArray();
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (double d : v) {
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
            assertTrue(min >= 2 && max < 5, "range [" + min + ", " + max + "]");
            assertTrue(min < 2.01 && max > 4.99, "covers the range");
            // Uniform(2, 5): mean 3.5, variance 9 / 12.
            assertEquals(3.5, a.mean().item(), 0.03);
            assertEquals(0.75, a.sub(3.5).square().mean().item(), 0.03);
            Tensor d = Tensor.randomUniform(Shape.of(2, 3), -1, 1, DType.FLOAT64, g1);
            assertEquals(DType.FLOAT64, d.dtype());
            assertEquals(Shape.of(2, 3), d.shape());
        }
    }

    @Test
    void randomNormalMomentsAndReproducibility() {
        int n = 20000;
        try (SeedGenerator g1 = SeedGenerator.of(9); SeedGenerator g2 = SeedGenerator.of(9)) {
            Tensor a = Tensor.randomNormal(Shape.of(100, n / 100), 1, 2, DType.FLOAT64, g1);
            Tensor b = Tensor.randomNormal(Shape.of(100, n / 100), 1, 2, DType.FLOAT64, g2);
            assertEquals(DType.FLOAT64, a.dtype());
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0.0);
            Tensor next = Tensor.randomNormal(Shape.of(100, n / 100), 1, 2, DType.FLOAT64, g1);
            assertFalse(java.util.Arrays.equals(a.toDoubleArray(), next.toDoubleArray()));
            // Standard error of the mean 2 / sqrt(20000) = 0.014.
            assertEquals(1.0, a.mean().item(), 0.06);
            assertEquals(2.0, Math.sqrt(a.sub(a.mean()).square().mean().item()), 0.06);
        }
        SeedGenerator closed = SeedGenerator.of(1);
        closed.close();
        assertThrows(IllegalStateException.class,
                () -> Tensor.randomNormal(Shape.of(2), 0, 1, DType.FLOAT32, closed));
        assertEquals(1, closed.seed());
    }

    // ---- reference implementations --------------------------------------------------------------

    /** Direct float64 implementations of the NHWC definitions. */
    record Reference(double[] values, long[] shape) {
        static Reference conv2d(double[] x, long[] xs, double[] k, int kh, int kw, int cout, double[] bias,
                                int[] stride, Padding2D p, int[] dil, int groups) {
            int n = (int) xs[0];
            int h = (int) xs[1];
            int w = (int) xs[2];
            int cin = (int) xs[3];
            int cg = cin / groups;
            int og = cout / groups;
            int ho = (h + p.top() + p.bottom() - ((kh - 1) * dil[0] + 1)) / stride[0] + 1;
            int wo = (w + p.left() + p.right() - ((kw - 1) * dil[1] + 1)) / stride[1] + 1;
            double[] y = new double[n * ho * wo * cout];
            for (int b = 0; b < n; b++) {
                for (int oh = 0; oh < ho; oh++) {
                    for (int ow = 0; ow < wo; ow++) {
                        for (int o = 0; o < cout; o++) {
                            int g = o / og;
                            double acc = bias == null ? 0 : bias[o];
                            for (int a = 0; a < kh; a++) {
                                int ih = oh * stride[0] - p.top() + a * dil[0];
                                if (ih < 0 || ih >= h) {
                                    continue;
                                }
                                for (int c = 0; c < kw; c++) {
                                    int iw = ow * stride[1] - p.left() + c * dil[1];
                                    if (iw < 0 || iw >= w) {
                                        continue;
                                    }
                                    for (int i = 0; i < cg; i++) {
                                        acc += x[((b * h + ih) * w + iw) * cin + g * cg + i]
                                                * k[((a * kw + c) * cg + i) * cout + o];
                                    }
                                }
                            }
                            y[((b * ho + oh) * wo + ow) * cout + o] = acc;
                        }
                    }
                }
            }
            return new Reference(y, new long[] {n, ho, wo, cout});
        }

        static Reference pool(double[] x, long[] xs, int[] size, int[] stride, Padding2D p, boolean max) {
            int n = (int) xs[0];
            int h = (int) xs[1];
            int w = (int) xs[2];
            int ch = (int) xs[3];
            int ho = (h + p.top() + p.bottom() - size[0]) / stride[0] + 1;
            int wo = (w + p.left() + p.right() - size[1]) / stride[1] + 1;
            double[] y = new double[n * ho * wo * ch];
            for (int b = 0; b < n; b++) {
                for (int oh = 0; oh < ho; oh++) {
                    for (int ow = 0; ow < wo; ow++) {
                        for (int c = 0; c < ch; c++) {
                            double acc = max ? Double.NEGATIVE_INFINITY : 0;
                            int count = 0;
                            for (int a = 0; a < size[0]; a++) {
                                int ih = oh * stride[0] - p.top() + a;
                                for (int e = 0; e < size[1]; e++) {
                                    int iw = ow * stride[1] - p.left() + e;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) {
                                        continue;
                                    }
                                    double v = x[((b * h + ih) * w + iw) * ch + c];
                                    acc = max ? Math.max(acc, v) : acc + v;
                                    count++;
                                }
                            }
                            y[((b * ho + oh) * wo + ow) * ch + c] = max ? acc : acc / count;
                        }
                    }
                }
            }
            return new Reference(y, new long[] {n, ho, wo, ch});
        }
    }
}
