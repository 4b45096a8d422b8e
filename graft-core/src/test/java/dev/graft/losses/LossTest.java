package dev.graft.losses;

import static dev.graft.losses.LossTesting.assertScalar;
import static dev.graft.losses.LossTesting.assertValues;
import static dev.graft.losses.LossTesting.f32;
import static dev.graft.losses.LossTesting.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Loss} does around its per-sample loss: casting, rank alignment, shape checks, sample
 * weights and the three reductions. Checked with {@link MeanSquaredError}, whose per-sample loss is easy to
 * work out by hand.
 */
class LossTest {
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    // Per-sample MSE of these: sample 0: ((0-1)^2 + (1-1)^2) / 2 = 0.5; sample 1: ((1-1)^2 + (1+1)^2) / 2 = 2.
    private static Tensor yTrue() {
        return f32(s(2, 2), 0, 1, 1, 1);
    }

    private static Tensor yPred() {
        return f32(s(2, 2), 1, 1, 1, -1);
    }

    private static Loss mse(Reduction reduction) {
        return MeanSquaredError.builder().optReduction(reduction).build();
    }

    @Test
    void reductions() {
        assertValues(mse(Reduction.NONE).call(yTrue(), yPred()), s(2), 0.5, 2);
        assertScalar(0.5 + 2, mse(Reduction.SUM).call(yTrue(), yPred()));
        assertScalar((0.5 + 2) / 2, mse(Reduction.SUM_OVER_BATCH_SIZE).call(yTrue(), yPred()));
        assertScalar((0.5 + 2) / 2, new MeanSquaredError().call(yTrue(), yPred()));
        assertEquals(Reduction.SUM_OVER_BATCH_SIZE, new MeanSquaredError().reduction());
    }

    @Test
    void sampleWeightsScaleEachSampleAndTheMeanStillDividesByTheBatch() {
        Tensor w = f32(s(2), 0.3, 0.7);
        assertValues(mse(Reduction.NONE).call(yTrue(), yPred(), w), s(2), 0.5 * 0.3, 2 * 0.7);
        assertScalar(0.5 * 0.3 + 2 * 0.7, mse(Reduction.SUM).call(yTrue(), yPred(), w));
        // Keras divides the weighted sum by the number of losses, not by the sum of the weights.
        assertScalar((0.5 * 0.3 + 2 * 0.7) / 2, new MeanSquaredError().call(yTrue(), yPred(), w));
        // [batch, 1] weights are aligned with the [batch] losses.
        assertScalar((0.5 * 0.3 + 2 * 0.7) / 2, new MeanSquaredError().call(yTrue(), yPred(), f32(s(2, 1), 0.3, 0.7)));
        // A scalar weight scales everything.
        assertScalar(2 * (0.5 + 2) / 2, new MeanSquaredError().call(yTrue(), yPred(), Tensor.scalar(2)));
    }

    @Test
    void sampleWeightsThatDoNotBroadcastAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().call(yTrue(), yPred(), f32(s(3), 1, 1, 1)));
        assertTrue(e.getMessage().contains("(3,)") && e.getMessage().contains("(2,)"), e.getMessage());
    }

    @Test
    void targetsOfRankOneAreExpandedAgainstPredictionsWithATrailingOne() {
        // yTrue [3] against yPred [3, 1]: per-sample squared errors 1, 4, 0.25.
        Tensor yTrue = f32(s(3), 1, 0, 0.5);
        Tensor yPred = f32(s(3, 1), 0, 2, 1);
        assertValues(mse(Reduction.NONE).call(yTrue, yPred), s(3), 1, 4, 0.25);
        // The other way round, the predictions are expanded: the same per-sample losses.
        assertValues(mse(Reduction.NONE).call(yPred, f32(s(3), 1, 0, 0.5)), s(3), 1, 4, 0.25);
    }

    @Test
    void integerTargetsAreCastToThePredictionsType() {
        Tensor labels = Tensor.of(new long[] {0, 1, 1, 1}, 2, 2);
        assertScalar((0.5 + 2) / 2, new MeanSquaredError().call(labels, yPred()));
    }

    @Test
    void theResultHasThePredictionsFloatType() {
        assertEquals(DType.FLOAT32, new MeanSquaredError().call(yTrue(), yPred()).dtype());
        Tensor loss64 = new MeanSquaredError().call(yTrue(), yPred().toType(DType.FLOAT64));
        assertEquals(DType.FLOAT64, loss64.dtype());
        assertScalar((0.5 + 2) / 2, loss64);
    }

    @Test
    void mismatchedShapesNameBothShapesAndTheLoss() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().call(f32(s(2, 3), 0, 0, 0, 0, 0, 0), yPred()));
        assertTrue(e.getMessage().contains("mean_squared_error"), e.getMessage());
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(2, 2)"), e.getMessage());
        // [batch] against [batch, 2] is not aligned (the last dimension is not 1), so it is a mismatch too.
        assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError().call(f32(s(2), 0, 1), yPred()));
    }

    @Test
    void nonFloatPredictionsAndScalarsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().call(yTrue(), Tensor.of(new long[] {1, 2, 3, 4}, 2, 2)));
        assertTrue(e.getMessage().contains("int64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError().call(Tensor.scalar(1), Tensor.scalar(2)));
    }

    @Test
    void namesAndOptions() {
        assertEquals("mean_squared_error", new MeanSquaredError().name());
        assertEquals("mean_absolute_error", new MeanAbsoluteError().name());
        assertEquals("my_loss", MeanSquaredError.builder().optName("my_loss").build().name());
        assertThrows(IllegalArgumentException.class, () -> MeanSquaredError.builder().optReduction(null).build());
        assertThrows(IllegalArgumentException.class, () -> MeanAbsoluteError.builder().optName(" ").build());
        assertEquals("sum_over_batch_size", Reduction.SUM_OVER_BATCH_SIZE.kerasName());
    }

    @Test
    void onlyTheResultOutlivesTheCall() {
        Tensor yTrue = yTrue();
        Tensor yPred = f32(s(2, 2), 0.2, 0.8, 0.6, 0.4);
        Loss[] losses = {new MeanSquaredError(), new MeanAbsoluteError(), new BinaryCrossentropy(true, 0.1),
            new CategoricalCrossentropy(false, 0.1), new SparseCategoricalCrossentropy(true)};
        Tensor labels = Tensor.of(new long[] {0, 1}, 2);
        for (Loss loss : losses) {
            int before = scope.trackedCount();
            for (int i = 0; i < 20; i++) {
                Tensor target = loss instanceof SparseCategoricalCrossentropy ? labels : yTrue;
                loss.call(target, yPred).close();
            }
            assertEquals(before + 20, scope.trackedCount(), loss.name() + ": one result per call, nothing else");
        }
    }
}
