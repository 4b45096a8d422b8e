package dev.graft.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Float64 finite-difference checks ({@link GradientCheck}) of the gradient of every differentiable op the
 * layers use. Inputs are chosen away from kinks and ties (relu at 0, abs at 0, equal maxima), where the
 * derivative is not defined.
 */
class OpGradientTest {
    private static final int[] ONE = {1, 1};
    private static final int[] TWO = {2, 2};

    /** An input: its shape and values. */
    record In(long[] shape, double[] values) {
    }

    private static int seed = 100;

    /** Uniform in [-1, 1). */
    static In any(long... shape) {
        return uniform(-1, 1, shape);
    }

    /** Uniform in [0.5, 2): safe for log, sqrt, division. */
    static In positive(long... shape) {
        return uniform(0.5, 2, shape);
    }

    static In uniform(double lo, double hi, long... shape) {
        Random r = new Random(seed++);
        return new In(shape, r.doubles(Shape.of(shape).size(), lo, hi).toArray());
    }

    /** Magnitudes in [0.2, 1) with random signs: away from 0. */
    static In awayFromZero(long... shape) {
        Random r = new Random(seed++);
        double[] v = new double[Math.toIntExact(Shape.of(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (0.2 + 0.8 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
        }
        return new In(shape, v);
    }

    /** Distinct values (a shuffled ramp with gaps of 0.1): no ties for max and pooling. */
    static In distinct(long... shape) {
        int n = Math.toIntExact(Shape.of(shape).size());
        List<Double> ramp = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ramp.add(-1 + 0.1 * i);
        }
        java.util.Collections.shuffle(ramp, new Random(seed++));
        return new In(shape, ramp.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static void check(String name, Function<List<Tensor>, Tensor> f, In... inputs) {
        List<double[]> values = new ArrayList<>();
        long[][] shapes = new long[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            values.add(inputs[i].values);
            shapes[i] = inputs[i].shape;
        }
        GradientCheck.check(name, f, values, shapes);
    }

    // ---- elementwise arithmetic -------------------------------------------------------------------

    @Test
    void addSubMulDivWithBroadcasting() {
        check("add", in -> in.get(0).add(in.get(1)), any(2, 3), any(2, 3));
        check("add broadcast", in -> in.get(0).add(in.get(1)), any(2, 3), any(3));
        check("add broadcast both", in -> in.get(0).add(in.get(1)), any(2, 1), any(1, 3));
        check("sub", in -> in.get(0).sub(in.get(1)), any(2, 3), any(2, 1));
        check("mul", in -> in.get(0).mul(in.get(1)), any(2, 3), any(3));
        check("mul scalar tensor", in -> in.get(0).mul(in.get(1)), any(2, 3), any());
        check("div", in -> in.get(0).div(in.get(1)), any(2, 3), positive(2, 3));
        check("div broadcast", in -> in.get(0).div(in.get(1)), any(4, 3), positive(3));
        check("div denominator negative", in -> in.get(0).div(in.get(1).neg()), any(2, 2), positive(2, 2));
    }

    @Test
    void scalarArithmetic() {
        check("add scalar", in -> in.get(0).add(0.7), any(2, 3));
        check("sub scalar", in -> in.get(0).sub(-1.5), any(2, 3));
        check("mul scalar", in -> in.get(0).mul(-2.5), any(2, 3));
        check("div scalar", in -> in.get(0).div(4), any(2, 3));
        check("neg", in -> in.get(0).neg(), any(2, 3));
    }

    @Test
    void unaryMath() {
        check("exp", in -> in.get(0).exp(), any(3, 2));
        check("log", in -> in.get(0).log(), positive(3, 2));
        check("log1p", in -> in.get(0).log1p(), uniform(-0.5, 2, 3, 2));
        check("sqrt", in -> in.get(0).sqrt(), positive(3, 2));
        check("square", in -> in.get(0).square(), any(3, 2));
        check("abs", in -> in.get(0).abs(), awayFromZero(3, 2));
        check("pow 3", in -> in.get(0).pow(3), any(3, 2));
        check("pow 1.5", in -> in.get(0).pow(1.5), positive(3, 2));
        check("pow -2", in -> in.get(0).pow(-2), positive(3, 2));
    }

    @Test
    void maximumMinimumAndClip() {
        // Two independent random inputs: equal elements have probability zero.
        check("maximum", in -> in.get(0).maximum(in.get(1)), any(3, 4), any(3, 4));
        check("minimum", in -> in.get(0).minimum(in.get(1)), any(3, 4), any(3, 4));
        check("maximum broadcast", in -> in.get(0).maximum(in.get(1)), any(3, 4), any(4));
        check("clip", in -> in.get(0).clip(-0.5, 0.5), any(4, 5));
    }

    @Test
    void activations() {
        check("relu", in -> in.get(0).relu(), awayFromZero(4, 5));
        // Scaled to [-4, 8): covers both kinks of relu6, at 0 and 6, from both sides.
        check("relu6", in -> in.get(0).relu6(), uniform(-4, 8, 4, 5));
        check("sigmoid", in -> in.get(0).sigmoid(), uniform(-4, 4, 4, 5));
        check("tanh", in -> in.get(0).tanh(), uniform(-3, 3, 4, 5));
        check("softmax last", in -> in.get(0).softmax(-1), uniform(-3, 3, 3, 4));
        check("softmax first", in -> in.get(0).softmax(0), uniform(-3, 3, 3, 4));
        check("logSoftmax last", in -> in.get(0).logSoftmax(-1), uniform(-3, 3, 3, 4));
        check("logSoftmax middle", in -> in.get(0).logSoftmax(1), uniform(-3, 3, 2, 3, 2));
    }

    @Test
    void whereRoutesTheGradientToTheChosenBranch() {
        check("where", in -> {
            Tensor cond = Tensor.of(new double[] {1, -1, 2, -3, 0.5, -0.5}, 2, 3).greaterThan(0);
            return cond.where(in.get(0), in.get(1));
        }, any(2, 3), any(2, 3));
        check("where broadcast", in -> {
            Tensor cond = Tensor.of(new double[] {1, -1, 2}, 3).greaterThan(0);
            return cond.where(in.get(0), in.get(1).mul(in.get(0)));
        }, any(2, 3), any(1));
    }

    @Test
    void toTypeFloat64() {
        check("toType", in -> in.get(0).toType(DType.FLOAT64).square(), any(2, 3));
    }

    // ---- reductions -----------------------------------------------------------------------------

    @Test
    void sumAndMean() {
        check("sum all", in -> in.get(0).sum(), any(2, 3, 4));
        check("mean all", in -> in.get(0).mean(), any(2, 3, 4));
        check("sum axis", in -> in.get(0).sum(new int[] {1}, false), any(2, 3, 4));
        check("sum axes keepDims", in -> in.get(0).sum(new int[] {0, -1}, true), any(2, 3, 4));
        check("mean axis", in -> in.get(0).mean(new int[] {-1}, false), any(2, 3, 4));
        check("mean axes keepDims", in -> in.get(0).mean(new int[] {1, 2}, true), any(2, 3, 4));
    }

    @Test
    void maxAndMin() {
        check("max axis", in -> in.get(0).max(new int[] {1}, false), distinct(3, 4));
        check("max axes keepDims", in -> in.get(0).max(new int[] {0, 2}, true), distinct(2, 3, 2));
        check("min axis", in -> in.get(0).min(new int[] {-1}, false), distinct(3, 4));
    }

    // ---- shape ----------------------------------------------------------------------------------

    @Test
    void shapeOps() {
        check("reshape", in -> in.get(0).reshape(3, -1), any(2, 3, 2));
        check("transpose", in -> in.get(0).transpose(2, 0, 1), any(2, 3, 4));
        check("slice", in -> in.get(0).slice(1, 1, 3), any(2, 4));
        check("slice negative axis", in -> in.get(0).slice(-1, 0, 1), any(2, 3));
        check("pad", in -> in.get(0).pad(new long[][] {{1, 0}, {2, 1}}, 0.5), any(2, 3));
        check("expandDims", in -> in.get(0).expandDims(1).mul(in.get(1)), any(2, 3), any(2, 4, 3));
        check("concat", in -> Tensor.concat(List.of(in.get(0), in.get(1), in.get(0)), 1), any(2, 2), any(2, 3));
        check("concat last", in -> Tensor.concat(List.of(in.get(0), in.get(1)), -1), any(2, 2, 1), any(2, 2, 2));
    }

    @Test
    void matmul() {
        check("matmul", in -> in.get(0).matmul(in.get(1)), any(3, 4), any(4, 2));
        check("matmul batched", in -> in.get(0).matmul(in.get(1)), any(2, 3, 4), any(2, 4, 2));
        check("matmul batch x matrix", in -> in.get(0).matmul(in.get(1)), any(2, 3, 4), any(4, 2));
        check("matmul vector", in -> in.get(0).matmul(in.get(1)), any(4), any(4, 3));
    }

    // ---- conv2d ---------------------------------------------------------------------------------

    private static Function<List<Tensor>, Tensor> conv(int[] strides, Padding2D p, int[] dilation, int groups,
                                                      boolean bias) {
        return in -> in.get(0).conv2d(in.get(1), bias ? in.get(2) : null, strides, p, dilation, groups);
    }

    @Test
    void conv2dStrideOneSameAndValid() {
        check("conv same", conv(ONE, Padding2D.same(5, 5, 3, 3, 1, 1), ONE, 1, false), any(2, 5, 5, 2),
                any(3, 3, 2, 3));
        check("conv valid bias", conv(ONE, Padding2D.VALID, ONE, 1, true), any(2, 5, 4, 2), any(3, 3, 2, 3),
                any(3));
    }

    @Test
    void conv2dStrideTwo() {
        // "same" with stride 2 on an even size is asymmetric: (0, 1) on both axes.
        check("conv stride 2 same", conv(TWO, Padding2D.same(6, 6, 3, 3, 2, 2), ONE, 1, true), any(1, 6, 6, 2),
                any(3, 3, 2, 2), any(2));
        check("conv stride 2 valid", conv(TWO, Padding2D.VALID, ONE, 1, false), any(2, 5, 5, 2), any(3, 3, 2, 2));
    }

    @Test
    void conv2dAsymmetricPadding() {
        check("conv asymmetric", conv(ONE, new Padding2D(0, 2, 1, 0), ONE, 1, true), any(1, 4, 5, 2),
                any(3, 2, 2, 3), any(3));
        check("conv even kernel same", conv(ONE, Padding2D.same(4, 4, 2, 2, 1, 1), ONE, 1, false),
                any(2, 4, 4, 1), any(2, 2, 1, 2));
    }

    @Test
    void conv2dGroupsAndDepthwise() {
        check("conv groups 2", conv(ONE, Padding2D.same(4, 4, 3, 3, 1, 1), ONE, 2, true), any(1, 4, 4, 4),
                any(3, 3, 2, 4), any(4));
        check("conv depthwise", conv(ONE, Padding2D.same(4, 5, 3, 3, 1, 1), ONE, 3, true), any(2, 4, 5, 3),
                any(3, 3, 1, 3), any(3));
        check("conv depthwise multiplier 2 stride 2", conv(TWO, Padding2D.same(5, 5, 3, 3, 2, 2), ONE, 2, false),
                any(1, 5, 5, 2), any(3, 3, 1, 4));
    }

    @Test
    void conv2dDilation() {
        check("conv dilation 2 same", conv(ONE, Padding2D.same(6, 6, 3, 3, 1, 1, 2, 2), TWO, 1, true),
                any(1, 6, 6, 2), any(3, 3, 2, 2), any(2));
        check("conv dilation valid", conv(ONE, Padding2D.VALID, new int[] {2, 1}, 1, false), any(1, 6, 5, 1),
                any(2, 3, 1, 2));
    }

    // ---- pooling --------------------------------------------------------------------------------

    @Test
    void maxPool() {
        check("maxPool valid", in -> in.get(0).maxPool2d(TWO, TWO, Padding2D.VALID), distinct(2, 4, 4, 2));
        check("maxPool same asymmetric", in -> in.get(0).maxPool2d(new int[] {3, 3}, TWO,
                Padding2D.same(5, 5, 3, 3, 2, 2)), distinct(1, 5, 5, 2));
        check("maxPool symmetric", in -> in.get(0).maxPool2d(new int[] {3, 3}, ONE, new Padding2D(1, 1, 1, 1)),
                distinct(1, 4, 4, 1));
    }

    @Test
    void avgPool() {
        check("avgPool valid", in -> in.get(0).avgPool2d(TWO, TWO, Padding2D.VALID), any(2, 4, 4, 2));
        check("avgPool symmetric", in -> in.get(0).avgPool2d(new int[] {3, 3}, ONE, new Padding2D(1, 1, 1, 1)),
                any(1, 4, 5, 2));
        check("avgPool asymmetric", in -> in.get(0).avgPool2d(TWO, TWO, Padding2D.same(5, 5, 2, 2, 2, 2)),
                any(1, 5, 5, 2));
        check("avgPool asymmetric 3x3", in -> in.get(0).avgPool2d(new int[] {3, 3}, ONE,
                new Padding2D(2, 0, 0, 1)), any(2, 4, 4, 1));
    }

    // ---- batch normalization --------------------------------------------------------------------

    @Test
    void batchNormInference() {
        check("batchNorm", in -> in.get(0).batchNorm(in.get(1), in.get(2), in.get(3), in.get(4), 1e-3),
                any(2, 3, 2, 3), any(3), positive(3), any(3), any(3));
        check("batchNorm 2d no affine", in -> in.get(0).batchNorm(in.get(1), in.get(2), null, null, 1e-3),
                any(4, 3), any(3), positive(3));
    }

    @Test
    void batchNormTraining() {
        check("batchNormTraining", in -> in.get(0).batchNormTraining(in.get(1), in.get(2), 1e-3).get(0),
                any(3, 2, 2, 3), any(3), any(3));
        check("batchNormTraining 2d", in -> in.get(0).batchNormTraining(in.get(1), in.get(2), 1e-5).get(0),
                any(5, 2), positive(2), any(2));
        check("batchNormTraining no affine", in -> in.get(0).batchNormTraining(null, null, 1e-3).get(0),
                any(4, 2, 1, 2));
    }

    // ---- compositions the layers build ----------------------------------------------------------

    @Test
    void crossEntropyAndMeanSquaredError() {
        try (Tensor labels = Tensor.of(new double[] {0, 1, 0, 1, 0, 0}, 2, 3)) {
            check("categorical cross-entropy", in -> in.get(0).logSoftmax(-1).mul(labels).sum().neg(), any(2, 3));
            check("mse", in -> in.get(0).sub(in.get(1)).square().mean(), any(3, 2), any(3, 2));
        check("binary cross-entropy from probabilities", in -> {
            Tensor p = in.get(0).sigmoid().clip(1e-7, 1 - 1e-7);
            return p.log().mul(labels).add(p.neg().log1p().mul(labels.neg().add(1))).mean().neg();
        }, any(2, 3));
        }
    }
}
