package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.activations.ActivationFunction;
import dev.graft.data.datasets.LabelMode;
import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class ClassificationTest {

    @Test
    void twoClassesReadOneLogit() {
        Classification binary = Classification.forClasses(2);
        assertEquals(1, binary.units());
        assertEquals(LabelMode.BINARY, binary.labelMode());
        assertEquals("binary_accuracy", binary.accuracyName());
        assertEquals(1, binary.predictedClass(new float[] {0.1f}));
        assertEquals(0, binary.predictedClass(new float[] {-0.1f}));
        double p = 1 / (1 + Math.exp(-0.7));                                    // sigmoid(0.7)
        assertArrayEquals(new double[] {1 - p, p}, binary.probabilities(new float[] {0.7f}), 1e-7);
        // -[y log p + (1 - y) log(1 - p)] with p = sigmoid(z)
        assertEquals(-Math.log(p), binary.sampleLoss(new float[] {0.7f}, 1), 1e-7);
        assertEquals(-Math.log(1 - p), binary.sampleLoss(new float[] {0.7f}, 0), 1e-7);
        assertEquals(50, binary.sampleLoss(new float[] {-50f}, 1), 1e-6, "stable for large logits");
    }

    @Test
    void sampleLossIsTheLossOfABatchOfOne() {
        Classification binary = Classification.forClasses(2);
        Classification three = Classification.forClasses(3);
        try (TensorScope scope = TensorScope.open()) {
            assertEquals(binary.loss().call(binary.label(1).reshape(1, 1), Tensor.of(new float[] {-1.3f}, 1, 1)).item(),
                    binary.sampleLoss(new float[] {-1.3f}, 1), 1e-6);
            float[] logits = {0.5f, -2f, 1.5f};
            assertEquals(three.loss().call(three.label(2).reshape(1), Tensor.of(logits, 1, 3)).item(),
                    three.sampleLoss(logits, 2), 1e-6);
        }
    }

    @Test
    void moreClassesReadOneLogitEach() {
        Classification three = Classification.forClasses(3);
        assertEquals(3, three.units());
        assertEquals(LabelMode.INT, three.labelMode());
        assertEquals("sparse_categorical_accuracy", three.accuracyName());
        float[] logits = {0.5f, -2f, 1.5f};
        assertEquals(2, three.predictedClass(logits));
        double sum = Math.exp(0.5) + Math.exp(-2) + Math.exp(1.5);
        assertArrayEquals(new double[] {Math.exp(0.5) / sum, Math.exp(-2) / sum, Math.exp(1.5) / sum},
                three.probabilities(logits), 1e-7);
        assertEquals(-Math.log(Math.exp(-2) / sum), three.sampleLoss(logits, 1), 1e-6);    // -log softmax(z)[y]
    }

    @Test
    void aSavedModelsOutputTellsTheClassification() {
        SymbolicTensor in = Input.of(4);
        try (Model logits = new Model(in, new Dense(1).call(in))) {
            Classification c = Classification.of(logits);
            assertEquals(2, c.numClasses());
            assertTrue(c.fromLogits());
        }
        SymbolicTensor in2 = Input.of(4);
        try (Model softmax = new Model(in2, Dense.builder().setUnits(5).optActivation(ActivationFunction.SOFTMAX)
                .build().call(in2))) {
            Classification c = Classification.of(softmax);
            assertEquals(5, c.numClasses());
            assertFalse(c.fromLogits());
            // Probabilities pass through; their loss is -log p[y], clipped as Keras does.
            assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4, 0.0}, c.probabilities(new float[] {0.1f, 0.2f, 0.3f,
                    0.4f, 0f}), 1e-6);
            assertEquals(-Math.log(1e-7), c.sampleLoss(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0f}, 4), 1e-6);
        }
        SymbolicTensor in3 = Input.of(4);
        try (Model sigmoid = new Model(in3, Dense.builder().setUnits(1).optActivation(ActivationFunction.SIGMOID)
                .build().call(in3))) {
            Classification c = Classification.of(sigmoid);
            assertFalse(c.fromLogits());
            assertEquals(0, c.predictedClass(new float[] {0.4f}), "a probability below 0.5");
            assertEquals("binary_accuracy", c.accuracyName());
        }
    }

    @Test
    void oneClassIsNoClassifier() {
        assertThrows(IllegalArgumentException.class, () -> Classification.forClasses(1));
    }
}
