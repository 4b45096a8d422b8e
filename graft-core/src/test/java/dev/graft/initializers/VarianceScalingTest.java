package dev.graft.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.initializers.VarianceScaling.Distribution;
import dev.graft.initializers.VarianceScaling.Mode;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class VarianceScalingTest {
    /** A 3x3 convolution kernel from 16 to 64 channels: fan_in = 9 * 16 = 144, fan_out = 9 * 64 = 576. */
    private static final Shape KERNEL = Shape.of(3, 3, 16, 64);

    @Test
    void truncatedNormalFanOutAsEfficientNetConvolutions() {
        // scale 2 / fan_out: the truncated values have variance 2 / 576, and none lies beyond
        // 2 * sqrt(2 / 576) / 0.8796 of zero.
        double stddev = Math.sqrt(2.0 / 576) / 0.87962566103423978;
        double[] v = draw(new VarianceScaling(2.0, Mode.FAN_OUT, Distribution.TRUNCATED_NORMAL, 1L));
        for (double x : v) {
            assertTrue(Math.abs(x) <= 2 * stddev + 1e-7, x + " beyond two standard deviations " + 2 * stddev);
        }
        // the mean of 9216 values has a standard error of sqrt(2 / 576) / 96 = 0.0006
        assertEquals(0, mean(v), 4 * Math.sqrt(2.0 / 576) / 96);
        assertEquals(Math.sqrt(2.0 / 576), Math.sqrt(variance(v)), 0.02 * Math.sqrt(2.0 / 576));
    }

    @Test
    void uniformFanOutAsEfficientNetClassifier() {
        // Dense kernel [1280, 1000], scale 1/3 over fan_out 1000: limit sqrt(3 * (1/3) / 1000) = sqrt(1 / 1000)
        double limit = Math.sqrt(1.0 / 1000);
        double[] v;
        try (TensorScope scope = TensorScope.open()) {
            v = new VarianceScaling(1.0 / 3, Mode.FAN_OUT, Distribution.UNIFORM, 3L)
                    .initialize(Shape.of(1280, 1000), DType.FLOAT32).toDoubleArray();
        }
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        assertTrue(max <= limit && max > 0.99 * limit, "max |x| " + max + " vs limit " + limit);
        // a uniform in [-l, l] has variance l^2 / 3
        assertEquals(limit * limit / 3, variance(v), 0.01 * limit * limit / 3);
    }

    @Test
    void untruncatedNormalFanInAndFanAvg() {
        // fan_in 144: stddev sqrt(1 / 144); fan_avg (144 + 576) / 2 = 360: stddev sqrt(1 / 360)
        double[] in = draw(new VarianceScaling(1.0, Mode.FAN_IN, Distribution.UNTRUNCATED_NORMAL, 4L));
        assertEquals(Math.sqrt(1.0 / 144), Math.sqrt(variance(in)), 0.02 * Math.sqrt(1.0 / 144));
        double[] avg = draw(new VarianceScaling(1.0, Mode.FAN_AVG, Distribution.UNTRUNCATED_NORMAL, 5L));
        assertEquals(Math.sqrt(1.0 / 360), Math.sqrt(variance(avg)), 0.02 * Math.sqrt(1.0 / 360));
    }

    @Test
    void aSeedGivesTheSameValuesEveryTime() {
        VarianceScaling init = new VarianceScaling(2.0, Mode.FAN_OUT, Distribution.TRUNCATED_NORMAL, 9L);
        assertArrayEquals(draw(init), draw(init));
        VarianceScaling defaults = new VarianceScaling();
        assertEquals(1.0, defaults.scale());
        assertEquals(Mode.FAN_IN, defaults.mode());
        assertEquals(Distribution.TRUNCATED_NORMAL, defaults.distribution());
    }

    @Test
    void rejectsANonPositiveScale() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VarianceScaling(0, Mode.FAN_IN, Distribution.UNIFORM, null));
        assertTrue(e.getMessage().contains("scale > 0") && e.getMessage().contains("0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VarianceScaling(1, null, Distribution.UNIFORM, null));
    }

    private static double[] draw(VarianceScaling init) {
        try (TensorScope scope = TensorScope.open()) {
            return init.initialize(KERNEL, DType.FLOAT64).toDoubleArray();
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / v.length;
    }
}
