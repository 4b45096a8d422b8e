package dev.graft.losses;

import static dev.graft.losses.LossTesting.assertAllFinite;
import static dev.graft.losses.LossTesting.assertScalar;
import static dev.graft.losses.LossTesting.assertValues;
import static dev.graft.losses.LossTesting.f32;
import static dev.graft.losses.LossTesting.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CategoricalCrossentropy} against {@code -sum(target * ln(probability))} written out. */
class CategoricalCrossentropyTest {
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    /** ln(sum(exp(x))). */
    private static double logSumExp(double... x) {
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v);
        }
        return Math.log(sum);
    }

    @Test
    void probabilities() {
        Tensor yTrue = f32(s(2, 3), 0, 1, 0, 0, 0, 1);
        Tensor yPred = f32(s(2, 3), 0.05, 0.95, 0, 0.1, 0.8, 0.1);
        assertValues(CategoricalCrossentropy.builder().optReduction(Reduction.NONE).build().call(yTrue, yPred),
                s(2), -Math.log(0.95), -Math.log(0.1));
        assertScalar((-Math.log(0.95) - Math.log(0.1)) / 2, new CategoricalCrossentropy().call(yTrue, yPred));
    }

    @Test
    void rowsAreNormalizedThenClipped() {
        // [1, 3] sums to 4: the probability of class 1 is 3/4.
        assertScalar(-Math.log(0.75), new CategoricalCrossentropy().call(f32(s(1, 2), 0, 1), f32(s(1, 2), 1, 3)));
        // A probability of exactly 0 for the true class is clipped to 1e-7.
        double[][] r = LossTesting.valueAndGradient(new CategoricalCrossentropy(), f32(s(1, 2), 0, 1),
                f32(s(1, 2), 1, 0));
        assertEquals(-Math.log((float) 1e-7), r[0][0], 1e-4);
        assertAllFinite("gradient", r[1]);
    }

    @Test
    void logits() {
        // -ln softmax(x)[2] = lse(x) - x[2].
        double row0 = logSumExp(1, 2, 3) - 3;
        double row1 = logSumExp(0.5, -1, 0) - 0.5;
        assertScalar((row0 + row1) / 2, new CategoricalCrossentropy(true)
                .call(f32(s(2, 3), 0, 0, 1, 1, 0, 0), f32(s(2, 3), 1, 2, 3, 0.5, -1, 0)));
    }

    @Test
    void labelSmoothingSpreadsOverTheClasses() {
        // 3 classes, ls = 0.3: target 1 -> 0.7 + 0.1 = 0.8, target 0 -> 0.1.
        double[] p = {0.2, 0.5, 0.3};
        double expected = -(0.1 * Math.log(p[0]) + 0.8 * Math.log(p[1]) + 0.1 * Math.log(p[2]));
        assertScalar(expected, new CategoricalCrossentropy(false, 0.3).call(f32(s(1, 3), 0, 1, 0), f32(s(1, 3), p)));
        double[] x = {1, -1, 0.5};
        double lse = logSumExp(x);
        double expectedLogits = -(0.1 * (x[0] - lse) + 0.8 * (x[1] - lse) + 0.1 * (x[2] - lse));
        assertScalar(expectedLogits, CategoricalCrossentropy.builder().optFromLogits(true).optLabelSmoothing(0.3)
                .build().call(f32(s(1, 3), 0, 1, 0), f32(s(1, 3), x)));
    }

    @Test
    void extremeLogitsGiveFiniteValuesAndGradients() {
        // Wrong by 200: loss lse(100, -100, 0) + 100 ~ 200; gradient softmax(x) - y = [1, -1, 0].
        double[][] r = LossTesting.valueAndGradient(new CategoricalCrossentropy(true), f32(s(1, 3), 0, 1, 0),
                f32(s(1, 3), 100, -100, 0));
        assertEquals(200, r[0][0], 1e-3);
        assertArrayEquals(new double[] {1, -1, 0}, r[1], 1e-6);
        double[][] smoothed = LossTesting.valueAndGradient(new CategoricalCrossentropy(true, 0.1),
                f32(s(2, 2), 1, 0, 0, 1), f32(s(2, 2), 100, -100, 100, -100));
        assertAllFinite("value", smoothed[0]);
        assertAllFinite("gradient", smoothed[1]);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor yTrue = Tensor.of(new double[] {0, 1, 0, 1, 0, 0}, 2, 3);
        double[] logits = {0.3, -1.2, 0.8, 1.5, 0.1, -0.6};
        LossTesting.checkGradient("cce logits", new CategoricalCrossentropy(true), yTrue, logits, 2, 3);
        LossTesting.checkGradient("cce logits smoothed", new CategoricalCrossentropy(true, 0.2), yTrue, logits, 2, 3);
        double[] probabilities = {0.2, 0.5, 0.4, 0.7, 0.3, 0.9};
        LossTesting.checkGradient("cce probabilities", new CategoricalCrossentropy(), yTrue, probabilities, 2, 3);
        LossTesting.checkGradient("cce probabilities smoothed", new CategoricalCrossentropy(false, 0.2), yTrue,
                probabilities, 2, 3);
    }

    @Test
    void optionsAndValidation() {
        assertEquals("categorical_crossentropy", new CategoricalCrossentropy().name());
        assertTrue(new CategoricalCrossentropy(true).fromLogits());
        assertEquals(0.2, new CategoricalCrossentropy(false, 0.2).labelSmoothing());
        assertThrows(IllegalArgumentException.class, () -> new CategoricalCrossentropy(false, -0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CategoricalCrossentropy().call(f32(s(2), 0, 1), f32(s(2, 3), 0.2, 0.3, 0.5, 0.1, 0.1, 0.8)));
        assertTrue(e.getMessage().contains("categorical_crossentropy") && e.getMessage().contains("(2,)")
                && e.getMessage().contains("(2, 3)"), e.getMessage());
    }
}
