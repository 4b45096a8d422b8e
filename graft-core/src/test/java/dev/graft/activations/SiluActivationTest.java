package dev.graft.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.layers.Activation;
import dev.graft.layers.LayerContract;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/** Keras' {@code silu} and its alias {@code swish}. */
class SiluActivationTest {
    @Test
    void isXTimesSigmoidOfX() {
        float[] x = {-6, -1, 0, 0.5f, 3};
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = (float) (x[i] / (1 + Math.exp(-x[i]))); // x * sigmoid(x)
        }
        try (TensorScope scope = TensorScope.open()) {
            Tensor t = Tensor.of(x, x.length);
            assertArrayEquals(expected, ActivationFunction.SILU.apply(t).toFloatArray(), 1e-6f);
            assertArrayEquals(expected, ActivationFunction.SWISH.apply(t).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void resolvesBothKerasNames() {
        assertEquals(ActivationFunction.SILU, ActivationFunction.of("silu"));
        assertEquals(ActivationFunction.SWISH, ActivationFunction.of("Swish"));
        assertEquals("swish", ActivationFunction.SWISH.kerasName());
    }

    @Test
    void activationLayerMeetsTheContract() {
        LayerContract.of(dtype -> Activation.builder().setActivation("swish").optDType(dtype).build())
                .inputShape(2, 3, 3, 2).expectWeights(0, 0, 0).run();
    }
}
