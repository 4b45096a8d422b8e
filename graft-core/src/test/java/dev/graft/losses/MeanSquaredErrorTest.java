package dev.graft.losses;

import static dev.graft.losses.LossTesting.assertScalar;
import static dev.graft.losses.LossTesting.f32;
import static dev.graft.losses.LossTesting.s;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MeanSquaredError} and {@link MeanAbsoluteError}: values and float64 gradient checks. */
class MeanSquaredErrorTest {
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    @Test
    void meanSquaredErrorOverTheLastAxisThenTheBatch() {
        // Errors: sample 0: 0.5, -1.5, 2 ; sample 1: 0, 1, -3.
        Tensor yTrue = f32(s(2, 3), 1, 0, 2, 1, 1, 0);
        Tensor yPred = f32(s(2, 3), 0.5, 1.5, 0, 1, 0, 3);
        double sample0 = (0.25 + 2.25 + 4) / 3;
        double sample1 = (0 + 1 + 9) / 3.0;
        assertScalar((sample0 + sample1) / 2, new MeanSquaredError().call(yTrue, yPred));
        double abs0 = (0.5 + 1.5 + 2) / 3;
        double abs1 = (0 + 1 + 3) / 3.0;
        assertScalar((abs0 + abs1) / 2, new MeanAbsoluteError().call(yTrue, yPred));
        assertScalar(abs0 + abs1, MeanAbsoluteError.builder().optReduction(Reduction.SUM).build().call(yTrue, yPred));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor yTrue = Tensor.of(new double[] {0.3, -0.2, 0.9, 0.1, 0.5, -0.7}, 2, 3);
        double[] pred = {-0.4, 0.6, 0.2, 0.8, -0.1, 0.35};
        LossTesting.checkGradient("mse", new MeanSquaredError(), yTrue, pred, 2, 3);
        // Every |error| is at least 0.4 here, away from the kink of abs at 0.
        LossTesting.checkGradient("mae", new MeanAbsoluteError(), yTrue, pred, 2, 3);
        LossTesting.checkGradient("mse none", MeanSquaredError.builder().optReduction(Reduction.NONE).build(),
                yTrue, pred, 2, 3);
        LossTesting.checkGradient("mae [batch] vs [batch, 1]", new MeanAbsoluteError(),
                Tensor.of(new double[] {0.3, -0.2}, 2), new double[] {0.9, 0.5}, 2, 1);
    }
}
