package dev.graft.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.layers.Activation;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.ArrayList;
import java.util.List;

/** Small models and weight helpers shared by the saving tests. */
final class TestModels {
    private TestModels() {
    }

    /** {@code [batch, 6, 6, 3]} -> Conv2D(4, 3x3) -> BatchNormalization -> relu -> pooling -> Dense(2). */
    static Model cnn() {
        SymbolicTensor in = Input.of(6, 6, 3);
        SymbolicTensor x = new Conv2D(4, 3).call(in);
        x = new BatchNormalization().call(x);
        x = new Activation("relu").call(x);
        x = new GlobalAveragePooling2D().call(x);
        return new Model(in, new Dense(2).call(x));
    }

    /**
     * {@code [batch, 4]} -> nested model (BatchNormalization -> Dense(3)) -> Dense(1). The nested model
     * lists BatchNormalization first, so its legacy order (trainable first) differs from creation order.
     */
    static Model nested() {
        SymbolicTensor innerIn = Input.of(4);
        Model inner = new Model(innerIn, new Dense(3).call(new BatchNormalization().call(innerIn)));
        SymbolicTensor in = Input.of(4);
        return new Model(in, new Dense(1).call(inner.call(in)));
    }

    /** Gives every weight (moving statistics included) distinct random values in [0.5, 1.5). */
    static void randomize(Layer model, long seed) {
        try (SeedGenerator g = SeedGenerator.of(seed); TensorScope scope = TensorScope.open()) {
            for (Variable v : model.weights()) {
                v.assign(Tensor.randomUniform(v.shape(), 0.5, 1.5, v.dtype(), g));
            }
        }
    }

    /** A copy of every weight's values, float32 as float[] and float64 as double[]. */
    static List<Object> values(Layer model) {
        List<Object> all = new ArrayList<>();
        for (Variable v : model.weights()) {
            all.add(v.dtype() == DType.FLOAT64 ? v.value().toDoubleArray() : v.value().toFloatArray());
        }
        return all;
    }

    /** Asserts that both layers' weights have the same shapes and bit-identical values, in order. */
    static void assertSameWeights(Layer expected, Layer actual) {
        List<Variable> e = expected.weights();
        List<Variable> a = actual.weights();
        assertEquals(e.size(), a.size(), "weight count");
        for (int i = 0; i < e.size(); i++) {
            assertEquals(e.get(i).shape(), a.get(i).shape(), e.get(i).name());
            assertEquals(e.get(i).dtype(), a.get(i).dtype(), e.get(i).name());
        }
        assertValuesEqual(values(expected), values(actual));
    }

    /** Bit-identical values: without a delta, assertArrayEquals compares floats by their bits. */
    static void assertValuesEqual(List<Object> expected, List<Object> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) instanceof double[] d) {
                assertArrayEquals(d, (double[]) actual.get(i), "weight #" + i);
            } else {
                assertArrayEquals((float[]) expected.get(i), (float[]) actual.get(i), "weight #" + i);
            }
        }
    }
}
