package dev.graft.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.activations.ActivationFunction;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class ActivationTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> Activation.builder().setActivation(ActivationFunction.TANH).optDType(dtype).build())
                .inputShape(2, 3, 3, 2).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> Activation.builder().setActivation("softmax").optDType(dtype).build())
                .inputShape(3, 4).expectWeights(0, 0, 0).run();
    }

    @Test
    void appliesTheFunctionElementwise() {
        try (TensorScope scope = TensorScope.open(); Activation relu = new Activation("relu");
                Activation sigmoid = new Activation(ActivationFunction.SIGMOID);
                Activation softmax = new Activation("Softmax")) {
            Tensor x = Tensor.of(new float[] {-2, -0.5f, 0, 3}, 2, 2);
            assertArrayEquals(new float[] {0, 0, 0, 3}, relu.call(x).toFloatArray());
            assertArrayEquals(new float[] {0.11920292f, 0.37754067f, 0.5f, 0.95257413f},
                    sigmoid.call(x).toFloatArray(), 1e-6f);
            // softmax over the last axis: rows (-2, -0.5) and (0, 3)
            assertArrayEquals(new float[] {0.18242552f, 0.81757448f, 0.04742587f, 0.95257413f},
                    softmax.call(x).toFloatArray(), 1e-6f);
            assertEquals(ActivationFunction.SOFTMAX, softmax.activation());
            assertEquals(Shape.of(2, 2), relu.call(x).shape());
        }
    }

    @Test
    void rejectsAnUnknownName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Activation("swishy"));
        assertTrue(e.getMessage().contains("swishy"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Activation.builder().build());
    }
}
