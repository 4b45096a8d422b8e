package dev.graft.metrics;

import static dev.graft.metrics.MetricTesting.f32;
import static dev.graft.metrics.MetricTesting.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.GradientTape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every metric frees what its updates create, and updates work while a gradient tape records. */
class MetricMemoryTest {

    @Test
    void updatesLeaveNoTensorBehind() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor binaryTrue = f32(s(4, 1), 1, 0, 1, 0);
            Tensor binaryPred = f32(s(4, 1), 0.8, 0.3, 0.4, 0.9);
            Tensor oneHot = f32(s(2, 3), 0, 1, 0, 1, 0, 0);
            Tensor labels = Tensor.of(new long[] {1, 0}, 2);
            Tensor classPred = f32(s(2, 3), 0.2, 0.7, 0.1, 0.3, 0.3, 0.4);
            Tensor weights = f32(s(4), 1, 2, 0.5, 1);
            Mean mean = new Mean();
            List<Runnable> updates = List.of(
                    () -> new BinaryAccuracy().updateState(binaryTrue, binaryPred),
                    () -> new Accuracy().updateState(binaryTrue, binaryPred),
                    () -> new CategoricalAccuracy().updateState(oneHot, classPred),
                    () -> new SparseCategoricalAccuracy().updateState(labels, classPred),
                    () -> new Precision().updateState(binaryTrue, binaryPred, weights),
                    () -> new Recall().updateState(binaryTrue, binaryPred),
                    () -> new AUC().updateState(binaryTrue, binaryPred, weights),
                    () -> AUC.builder().optCurve(AUC.Curve.PR).optFromLogits(true).build()
                            .updateState(binaryTrue, binaryPred),
                    () -> mean.updateState(binaryPred, weights));
            int before = scope.trackedCount();
            for (int i = 0; i < 50; i++) {
                updates.forEach(Runnable::run);
            }
            assertEquals(before, scope.trackedCount());
        }
    }

    @Test
    void updatesWorkInsideAnOpenTape() {
        try (TensorScope scope = TensorScope.open();
             Variable logits = new Variable("logits", f32(s(4, 1), 2, -1, 0.5, -3), true);
             GradientTape tape = GradientTape.open()) {
            Tensor yTrue = f32(s(4, 1), 1, 0, 0, 1);
            Tensor yPred = logits.value().mul(2);
            BinaryAccuracy accuracy = new BinaryAccuracy();
            AUC auc = AUC.builder().optFromLogits(true).build();
            int before = scope.trackedCount();
            accuracy.updateState(yTrue, yPred);
            auc.updateState(yTrue, yPred);
            assertEquals(before, scope.trackedCount());
            // yPred = 4, -2, 1, -6; > 0.5: 1, 0, 1, 0 against 1, 0, 0, 1.
            assertEquals(2 / 4.0, accuracy.result(), 1e-6);
            assertTrue(auc.result() > 0 && auc.result() < 1);
            // The loss graph is intact: d(sum(2 x))/dx = 2.
            List<Tensor> g = tape.gradient(yPred.sum(), List.of(logits));
            assertEquals(8.0, g.get(0).sum().item(), 1e-6);
        }
    }
}
