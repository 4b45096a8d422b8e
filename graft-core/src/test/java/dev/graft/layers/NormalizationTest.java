package dev.graft.layers;

import static dev.graft.layers.Conv2DTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.HostArray;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    @Test
    void meetsTheLayerContract() {
        // statistics as weights: mean, variance, count, all non-trainable
        LayerContract.of(dtype -> Normalization.builder().optDType(dtype).build())
                .inputShape(2, 3, 3, 4).expectWeights(3, 0, 3).run();
        LayerContract.of(dtype -> Normalization.builder().optMean(0.5, -1, 2).optVariance(4, 0.25, 1)
                .optDType(dtype).build()).inputShape(2, 3).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> Normalization.builder().optAxis(1).optMean(1, 2).optVariance(9, 16)
                .optInvert(true).optDType(dtype).build()).inputShape(3, 2, 4).expectWeights(0, 0, 0).run();
    }

    @Test
    void kerasExampleWithFixedStatistics() {
        // Normalization(mean=3., variance=2.) on [[1], [2], [3]]: (x - 3) / sqrt(2)
        try (TensorScope scope = TensorScope.open();
                Normalization n = new Normalization(new double[] {3}, new double[] {2})) {
            float[] y = n.call(Tensor.of(new float[] {1, 2, 3}, 3, 1)).toFloatArray();
            assertArrayEquals(new float[] {(float) (-2 / Math.sqrt(2)), (float) (-1 / Math.sqrt(2)), 0}, y, 1e-6f);
        }
    }

    @Test
    void normalizesEachChannelWithItsOwnStatistics() {
        // per channel c of [1, 1, 2, 3]: (x - mean[c]) / sqrt(variance[c])
        double[] mean = {1, 2, 3};
        double[] variance = {4, 1, 0.25};
        float[] x = {5, 6, 7, -1, 0, 1};
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = (float) ((x[i] - mean[i % 3]) / Math.sqrt(variance[i % 3]));
        }
        try (TensorScope scope = TensorScope.open(); Normalization n = new Normalization(mean, variance)) {
            Tensor y = n.call(Tensor.of(x, 1, 1, 2, 3));
            assertEquals(Shape.of(1, 1, 2, 3), y.shape());
            assertArrayEquals(expected, y.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void invertTurnsNormalizedValuesBack() {
        // mean + x * sqrt(variance) with mean (10, -10) and variance (4, 9) on the axis of size 2
        try (TensorScope scope = TensorScope.open();
                Normalization n = Normalization.builder().optMean(10, -10).optVariance(4, 9).optInvert(true).build()) {
            float[] y = n.call(Tensor.of(new float[] {1, 1, -0.5f, 2}, 2, 2)).toFloatArray();
            assertArrayEquals(new float[] {12, -7, 9, -4}, y, 1e-6f);
        }
    }

    @Test
    void aZeroVarianceDividesByTheEpsilon() {
        // max(sqrt(0), 1e-7) = 1e-7: (x - 1) / 1e-7
        try (TensorScope scope = TensorScope.open();
                Normalization n = new Normalization(new double[] {1}, new double[] {0})) {
            float[] y = n.call(Tensor.of(new double[] {1, 1.5}, 2, 1)).toFloatArray();
            assertArrayEquals(new float[] {0, 5e6f}, y, 1);
        }
    }

    @Test
    void weightsHoldTheStatisticsAsInEfficientNet() {
        // EfficientNet's stem: Normalization(axis=3) on RGB images, 3 means + 3 variances + 1 count = 7 values.
        try (TensorScope scope = TensorScope.open(); Normalization n = new Normalization(3)) {
            n.call(Input.of(8, 8, 3));
            assertEquals(7, n.countParams());
            List<Variable> weights = n.weights();
            assertEquals(List.of("mean", "variance", "count"),
                    weights.stream().map(v -> v.name().substring(v.name().indexOf('/') + 1)).toList());
            assertEquals(List.of(Shape.of(3), Shape.of(3), Shape.of()),
                    weights.stream().map(Variable::shape).toList());
            weights.forEach(v -> assertFalse(v.trainable()));
            // Fresh weights (mean 0, variance 1) leave the input unchanged.
            Tensor x = Tensor.of(new float[] {0.2f, 0.4f, 0.6f}, 1, 1, 1, 3);
            assertArrayEquals(x.toFloatArray(), n.call(x).toFloatArray(), 1e-7f);
            // ImageNet's statistics: (x - mean) / sqrt(variance)
            double[] mean = {0.485, 0.456, 0.406};
            double[] variance = {0.229 * 0.229, 0.224 * 0.224, 0.225 * 0.225};
            n.setWeights(List.of(new HostArray(toFloat(mean), new long[] {3}),
                    new HostArray(toFloat(variance), new long[] {3}), new HostArray(new float[] {0}, new long[0])));
            float[] expected = new float[3];
            for (int c = 0; c < 3; c++) {
                expected[c] = (float) ((x.toFloatArray()[c] - (float) mean[c]) / Math.sqrt((float) variance[c]));
            }
            assertArrayEquals(expected, n.call(x).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void axisNoneUsesOneMeanAndVarianceForEveryElement() {
        // Keras' axis=None: scalar statistics, weights of shape ()
        try (TensorScope scope = TensorScope.open(); Normalization n = Normalization.builder().optAxis().build()) {
            n.build(Shape.of(2, 3));
            assertEquals(List.of(Shape.of(), Shape.of(), Shape.of()), n.weights().stream().map(Variable::shape).toList());
            assertEquals(3, n.countParams());
        }
    }

    @Test
    void keptAxesAnywhereAndInAxisOrder() {
        // axes (2, 1) of [1, 2, 3]: statistics [2, 3] in row-major order over (axis 1, axis 2)
        double[] mean = {0, 1, 2, 3, 4, 5};
        double[] variance = {1, 1, 1, 4, 4, 4};
        float[] x = {10, 10, 10, 10, 10, 10};
        float[] expected = new float[6];
        for (int i = 0; i < 6; i++) {
            expected[i] = (float) ((x[i] - mean[i]) / Math.sqrt(variance[i]));
        }
        try (TensorScope scope = TensorScope.open();
                Normalization n = Normalization.builder().optAxis(2, 1).optMean(mean).optVariance(variance).build()) {
            assertArrayEquals(expected, n.call(Tensor.of(x, 1, 2, 3)).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void rejectsInconsistentStatisticsAndShapes() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Normalization.builder().optMean(1, 2).build()), "both mean and variance");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Normalization.builder().optMean(1, 2).optVariance(1).build()), "same", "2 and 1");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Normalization.builder().optAxis().optMean(1, 2).optVariance(1, 2).build()), "axis=None");
        Normalization fixed = Normalization.builder().optName("norm").optMean(1, 2).optVariance(1, 1).build();
        assertMessage(assertThrows(IllegalArgumentException.class, () -> fixed.call(Input.of(4, 3))),
                "'norm'", "(None, 4, 3)", "2 values");
        Normalization weights = new Normalization();
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> weights.call(Input.of(Shape.batchOf(4, Shape.UNKNOWN), dev.graft.tensor.DType.FLOAT32, null))),
                "known size", "(None, 4, None)");
        Normalization farAxis = new Normalization(3);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> farAxis.call(Input.of(4, 3))),
                "axis [3]", "(None, 4, 3)");
        Normalization built = new Normalization();
        built.call(Input.of(2, 3));
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> built.computeOutputShape(Shape.of(1, 2, 5))), "(1, 2, 5)");
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
