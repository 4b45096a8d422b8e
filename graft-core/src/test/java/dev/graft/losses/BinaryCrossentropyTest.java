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

/** {@link BinaryCrossentropy} from probabilities and from logits, against the formulas written out. */
class BinaryCrossentropyTest {
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    /** -(z ln p + (1 - z) ln(1 - p)). */
    private static double bce(double z, double p) {
        return -(z * Math.log(p) + (1 - z) * Math.log(1 - p));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void probabilitiesAreAveragedOverTheLastAxisThenTheBatch() {
        Tensor yTrue = f32(s(2, 2), 0, 1, 0, 0);
        Tensor yPred = f32(s(2, 2), 0.6, 0.4, 0.4, 0.6);
        double sample0 = (bce(0, 0.6) + bce(1, 0.4)) / 2;
        double sample1 = (bce(0, 0.4) + bce(0, 0.6)) / 2;
        assertValues(BinaryCrossentropy.builder().optReduction(Reduction.NONE).build().call(yTrue, yPred),
                s(2), sample0, sample1);
        assertScalar((sample0 + sample1) / 2, new BinaryCrossentropy().call(yTrue, yPred));
        assertScalar(sample0 + sample1,
                BinaryCrossentropy.builder().optReduction(Reduction.SUM).build().call(yTrue, yPred));
    }

    @Test
    void logitsGiveTheCrossentropyOfTheirSigmoid() {
        double[] x = {2.0, -1.0, 0.5, -3.0};
        double[] z = {1, 0, 0, 1};
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            expected += bce(z[i], sigmoid(x[i])) / 4;
        }
        // Labels [batch] against logits [batch, 1], as a Dense(1) head produces.
        assertScalar(expected, new BinaryCrossentropy(true).call(f32(s(4), z), f32(s(4, 1), x)));
        assertScalar(expected, new BinaryCrossentropy(true).call(Tensor.of(new long[] {1, 0, 0, 1}, 4, 1),
                f32(s(4, 1), x)));
    }

    @Test
    void labelSmoothingPullsTargetsTowardsOneHalf() {
        double ls = 0.2;
        // z (1 - ls) + ls / 2: 1 -> 0.9, 0 -> 0.1.
        Tensor yTrue = f32(s(2, 1), 1, 0);
        Tensor probabilities = f32(s(2, 1), 0.7, 0.2);
        double expected = (bce(0.9, 0.7) + bce(0.1, 0.2)) / 2;
        assertScalar(expected, new BinaryCrossentropy(false, ls).call(yTrue, probabilities));
        Tensor logits = f32(s(2, 1), 1.5, -0.5);
        double expectedLogits = (bce(0.9, sigmoid(1.5)) + bce(0.1, sigmoid(-0.5))) / 2;
        assertScalar(expectedLogits,
                BinaryCrossentropy.builder().optFromLogits(true).optLabelSmoothing(ls).build().call(yTrue, logits));
    }

    @Test
    void probabilitiesAreClippedSoZeroAndOneStayFinite() {
        // Wrong and certain: p is clipped to 1e-7 (or 1 - 1e-7, which float32 rounds to 1 - 2^-23), so the
        // losses are -ln(1e-7) and -ln(2^-23). Right and certain: -ln(1 - 1e-7), almost 0.
        double[][] wrong = LossTesting.valueAndGradient(new BinaryCrossentropy(), f32(s(2, 1), 1, 0),
                f32(s(2, 1), 0, 1));
        double upperClip = (float) (1 - 1e-7);
        assertEquals(1 - Math.pow(2, -23), upperClip, 0);
        assertEquals((-Math.log((float) 1e-7) - Math.log(1 - upperClip)) / 2, wrong[0][0], 1e-4);
        double[][] right = LossTesting.valueAndGradient(new BinaryCrossentropy(), f32(s(2, 1), 0, 1),
                f32(s(2, 1), 0, 1));
        assertEquals(0, right[0][0], 1e-6);
        assertAllFinite("gradient", wrong[1]);
        assertAllFinite("gradient", right[1]);
    }

    @Test
    void extremeLogitsGiveFiniteValuesAndGradients() {
        // Right and sure: loss ~ exp(-100); wrong and sure: loss 100. d/dx = (sigmoid(x) - z) / batch.
        double[][] r = LossTesting.valueAndGradient(new BinaryCrossentropy(true), f32(s(4, 1), 1, 0, 0, 1),
                f32(s(4, 1), 100, -100, 100, -100));
        assertEquals((0 + 0 + 100 + 100) / 4.0, r[0][0], 1e-4);
        assertArrayEquals(new double[] {0, 0, 0.25, -0.25}, r[1], 1e-6);
        double[][] smoothed = LossTesting.valueAndGradient(new BinaryCrossentropy(true, 0.1),
                f32(s(2, 1), 1, 0), f32(s(2, 1), 100, -100));
        assertAllFinite("value", smoothed[0]);
        assertAllFinite("gradient", smoothed[1]);
    }

    @Test
    void theGradientAtALogitOfZeroIsSigmoidOfZeroMinusTheTarget() {
        double[][] r = LossTesting.valueAndGradient(new BinaryCrossentropy(true), f32(s(2, 1), 1, 0),
                f32(s(2, 1), 0, 0));
        assertEquals(Math.log(2), r[0][0], 1e-6);
        assertArrayEquals(new double[] {(0.5 - 1) / 2, (0.5 - 0) / 2}, r[1], 1e-6);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor yTrue = Tensor.of(new double[] {1, 0, 0, 1, 1, 0}, 3, 2);
        double[] logits = {1.3, -0.7, 0.2, -2.1, 0.9, 1.6};
        LossTesting.checkGradient("bce logits", new BinaryCrossentropy(true), yTrue, logits, 3, 2);
        LossTesting.checkGradient("bce logits smoothed", new BinaryCrossentropy(true, 0.3), yTrue, logits, 3, 2);
        double[] probabilities = {0.8, 0.3, 0.05, 0.6, 0.95, 0.45};
        LossTesting.checkGradient("bce probabilities", new BinaryCrossentropy(), yTrue, probabilities, 3, 2);
        LossTesting.checkGradient("bce probabilities none",
                BinaryCrossentropy.builder().optLabelSmoothing(0.1).optReduction(Reduction.NONE).build(),
                yTrue, probabilities, 3, 2);
    }

    @Test
    void optionsAndValidation() {
        BinaryCrossentropy loss = new BinaryCrossentropy(true, 0.25);
        assertTrue(loss.fromLogits());
        assertEquals(0.25, loss.labelSmoothing());
        assertEquals("binary_crossentropy", loss.name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BinaryCrossentropy.builder().optLabelSmoothing(1.5).build());
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BinaryCrossentropy(false, Double.NaN));
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
                () -> new BinaryCrossentropy().call(f32(s(2, 2), 0, 1, 1, 0), f32(s(2, 1), 0.5, 0.5)));
        assertTrue(shapes.getMessage().contains("binary_crossentropy") && shapes.getMessage().contains("(2, 2)")
                && shapes.getMessage().contains("(2, 1)"), shapes.getMessage());
    }
}
