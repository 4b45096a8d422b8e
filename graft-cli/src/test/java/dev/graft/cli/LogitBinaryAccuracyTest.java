package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.metrics.BinaryAccuracy;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class LogitBinaryAccuracyTest {

    @Test
    void aLogitAboveZeroPredictsClassOne() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor labels = Tensor.of(new float[] {1, 0, 1, 0, 1}, 5, 1);
            Tensor logits = Tensor.of(new float[] {0.3f, -0.2f, -0.1f, 0.4f, 2f}, 5, 1);
            LogitBinaryAccuracy accuracy = new LogitBinaryAccuracy();
            accuracy.updateState(labels, logits);
            assertEquals(3 / 5.0, accuracy.result(), 1e-12);          // right: 0.3, -0.2, 2
            assertEquals("binary_accuracy", accuracy.name());
            // Keras' BinaryAccuracy on the probabilities sigmoid(z), threshold 0.5, agrees.
            BinaryAccuracy onProbabilities = new BinaryAccuracy();
            onProbabilities.updateState(labels, logits.sigmoid());
            assertEquals(onProbabilities.result(), accuracy.result(), 1e-12);
            accuracy.updateState(Tensor.of(new float[] {0}, 1), Tensor.of(new float[] {-1f}, 1, 1));
            assertEquals(4 / 6.0, accuracy.result(), 1e-12);          // labels [batch] work too
        }
    }

    @Test
    void oneLogitPerSample() {
        try (TensorScope scope = TensorScope.open()) {
            LogitBinaryAccuracy accuracy = new LogitBinaryAccuracy();
            assertThrows(IllegalArgumentException.class,
                    () -> accuracy.updateState(Tensor.of(new float[] {1, 0}, 2, 1), Tensor.of(new float[4], 2, 2)));
        }
    }
}
