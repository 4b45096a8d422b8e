package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Variable#version()} counts assignments, whichever way they come. */
class VariableVersionTest {
    @Test
    void everyAssignmentBumpsTheVersion() {
        try (TensorScope scope = TensorScope.open();
                Variable v = new Variable("v", Tensor.zeros(Shape.of(2), DType.FLOAT32), false)) {
            assertEquals(0, v.version());
            v.assign(Tensor.ones(Shape.of(2), DType.FLOAT32));
            assertEquals(1, v.version());
            v.assign(new HostArray(new float[] {3, 4}, new long[] {2}));
            assertEquals(2, v.version());
            v.value().add(1);
            v.setTrainable(true);
            assertEquals(2, v.version(), "reading the value or changing trainability is no assignment");
        }
    }
}
