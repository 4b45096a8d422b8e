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

/** {@link SparseCategoricalCrossentropy}: integer labels against {@code -ln(probability of the label)}. */
class SparseCategoricalCrossentropyTest {
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    private static Tensor probabilities() {
        return f32(s(2, 3), 0.05, 0.95, 0, 0.1, 0.8, 0.1);
    }

    @Test
    void integerLabelsAsBatchOrBatchByOne() {
        // Labels 1 and 2: -ln 0.95 and -ln 0.1.
        double expected = (-Math.log(0.95) - Math.log(0.1)) / 2;
        assertScalar(expected, new SparseCategoricalCrossentropy().call(Tensor.of(new long[] {1, 2}, 2), probabilities()));
        assertScalar(expected, new SparseCategoricalCrossentropy().call(Tensor.of(new long[] {1, 2}, 2, 1), probabilities()));
        // Float labels are cast to integers, as Keras does.
        assertScalar(expected, new SparseCategoricalCrossentropy().call(f32(s(2), 1, 2), probabilities()));
        assertValues(SparseCategoricalCrossentropy.builder().optReduction(Reduction.NONE).build()
                .call(Tensor.of(new long[] {1, 2}, 2), probabilities()), s(2), -Math.log(0.95), -Math.log(0.1));
    }

    @Test
    void probabilitiesAreClippedLoggedAndTreatedAsLogits() {
        // Keras' TensorFlow backend takes log(clip(p)) as logits, so a row is renormalized: [0.2, 0.2, 0.2]
        // gives probability 0.2 / 0.6 = 1/3 to each class.
        assertScalar(Math.log(3), new SparseCategoricalCrossentropy()
                .call(Tensor.of(new long[] {0}, 1), f32(s(1, 3), 0.2, 0.2, 0.2)));
        // A probability of 0 for the label is clipped to 1e-7 (the others' sum is 1 - 1e-7 + 1e-7 ~ 1).
        double[][] r = LossTesting.valueAndGradient(new SparseCategoricalCrossentropy(), Tensor.of(new long[] {0}, 1),
                f32(s(1, 2), 0, 1));
        assertEquals(-Math.log((float) 1e-7), r[0][0], 1e-3);
        assertAllFinite("gradient", r[1]);
    }

    @Test
    void logits() {
        // -ln softmax(x)[label] = ln(sum(exp(x))) - x[label].
        double row0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 1;
        double row1 = Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(0)) - (-1);
        assertScalar((row0 + row1) / 2, new SparseCategoricalCrossentropy(true)
                .call(Tensor.of(new long[] {0, 1}, 2), f32(s(2, 3), 1, 2, 3, 0.5, -1, 0)));
    }

    @Test
    void extremeLogitsGiveFiniteValuesAndGradients() {
        double[][] r = LossTesting.valueAndGradient(new SparseCategoricalCrossentropy(true),
                Tensor.of(new long[] {1, 0}, 2), f32(s(2, 2), 100, -100, 100, -100));
        // Row 0 is wrong by 200, row 1 right by 200; gradient (softmax - onehot) / batch.
        assertEquals(200 / 2.0, r[0][0], 1e-3);
        assertArrayEquals(new double[] {0.5, -0.5, 0, 0}, r[1], 1e-6);
    }

    @Test
    void outOfRangeLabelsAreAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().call(Tensor.of(new long[] {1, 3}, 2), probabilities()));
        assertTrue(e.getMessage().contains("sparse_categorical_crossentropy") && e.getMessage().contains("[0, 3)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().call(Tensor.of(new long[] {-1, 0}, 2), probabilities()));
    }

    @Test
    void labelsMustMatchThePredictionsWithoutTheClassAxis() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().call(Tensor.of(new long[] {1, 2, 0}, 3), probabilities()));
        assertTrue(e.getMessage().contains("(3,)") && e.getMessage().contains("(2, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().call(Tensor.of(new long[] {1, 2, 0, 0}, 2, 2), probabilities()));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor labels = Tensor.of(new long[] {2, 0, 1}, 3);
        double[] logits = {0.3, -1.2, 0.8, 1.5, 0.1, -0.6, 0.0, 0.4, -0.9};
        LossTesting.checkGradient("scce logits", new SparseCategoricalCrossentropy(true), labels, logits, 3, 3);
        double[] probabilities = {0.2, 0.5, 0.3, 0.6, 0.3, 0.1, 0.25, 0.45, 0.3};
        LossTesting.checkGradient("scce probabilities", new SparseCategoricalCrossentropy(), labels, probabilities,
                3, 3);
        assertEquals("sparse_categorical_crossentropy", new SparseCategoricalCrossentropy().name());
    }
}
