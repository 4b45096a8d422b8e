package dev.graft.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The accumulated state of every metric goes out and back in, so a checkpoint can be taken mid-epoch. */
class MetricStateTest {

    @Test
    void aMetricRestoredFromAnothersStateContinuesLikeIt() {
        List<java.util.function.Supplier<Metric>> kinds = List.of(BinaryAccuracy::new, () -> new Precision(),
                () -> new Recall(), () -> AUC.builder().optNumThresholds(7).build(), Mean::new);
        try (Tensor yTrue = Tensor.of(new float[] {1, 0, 1, 1}, 4, 1);
                Tensor yPred = Tensor.of(new float[] {0.9f, 0.6f, 0.2f, 0.7f}, 4, 1);
                Tensor yPred2 = Tensor.of(new float[] {0.1f, 0.3f, 0.8f, 0.4f}, 4, 1)) {
            for (var kind : kinds) {
                Metric first = kind.get();
                Metric second = kind.get();
                first.updateState(yTrue, yPred);
                second.setStateValues(first.getStateValues());
                first.updateState(yTrue, yPred2);
                second.updateState(yTrue, yPred2);
                assertEquals(first.result(), second.result(), 0.0, first.name());
                assertThrows(IllegalArgumentException.class, () -> second.setStateValues(new double[1]));
            }
        }
    }

    @Test
    void aMetricWithoutStateSaysHowToAddIt() {
        Metric custom = new Metric("custom") {
            @Override
            public void updateState(Tensor yTrue, Tensor yPred) {
            }

            @Override
            public double result() {
                return 0;
            }

            @Override
            public void resetState() {
            }
        };
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, custom::getStateValues);
        assertEquals(true, e.getMessage().contains("override getStateValues()"));
    }
}
