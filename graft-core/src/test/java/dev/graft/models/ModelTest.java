package dev.graft.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.InputLayer;
import dev.graft.layers.SymbolicTensor;
import dev.graft.tensor.GradientTape;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {
    private static Tensor random(long... shape) {
        try (SeedGenerator g = SeedGenerator.of(11)) {
            return Tensor.randomUniform(Shape.of(shape), -1, 1, DType.FLOAT32, g);
        }
    }

    @Test
    void functionalModelComputesLikeItsLayers() {
        try (TensorScope scope = TensorScope.open()) {
            SymbolicTensor in = Input.of(4);
            Dense d1 = new Dense(3);
            Dense d2 = new Dense(2);
            SymbolicTensor out = d2.call(d1.call(in));
            assertEquals(Shape.of(Shape.UNKNOWN, 2), out.shape());
            try (Model model = new Model(in, out)) {
                assertEquals(3, model.layers().size());
                assertTrue(model.layers().get(0) instanceof InputLayer);
                assertEquals(4, model.weights().size());
                Tensor x = random(5, 4);
                assertArrayEquals(d2.call(d1.call(x)).toFloatArray(), model.call(x).toFloatArray(), 0f);
                assertEquals(Shape.of(5, 2), model.call(x).shape());
            }
        }
    }

    @Test
    void sharedLayerIsTrackedOnceAndNestedModelIsALayer() {
        try (TensorScope scope = TensorScope.open()) {
            SymbolicTensor in = Input.of(3);
            Dense shared = new Dense(3);
            Model inner = new Model(in, shared.call(shared.call(in)));
            assertEquals(2, inner.weights().size(), "a shared layer's weights count once");
            SymbolicTensor outerIn = Input.of(3);
            Model outer = new Model(outerIn, new Dense(1).call(inner.call(outerIn)));
            assertEquals(4, outer.weights().size());
            assertSame(inner, outer.layers().get(1));
            Tensor x = random(2, 3);
            assertEquals(Shape.of(2, 1), outer.call(x).shape());
            outer.close();
        }
    }

    @Test
    void shapeErrorsAtGraphBuildNameTheLayerAndBothShapes() {
        SymbolicTensor in = Input.of(4);
        Dense dense = Dense.builder().setUnits(2).optName("classifier").build();
        dense.call(in);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dense.call(Input.of(6)));
        assertTrue(e.getMessage().contains("classifier") && e.getMessage().contains("(None, 6)")
                && e.getMessage().contains("4"), e.getMessage());
        Model model = new Model(in, dense.call(in));
        try (TensorScope scope = TensorScope.open()) {
            IllegalArgumentException runtime = assertThrows(IllegalArgumentException.class,
                    () -> model.call(random(2, 5)));
            assertTrue(runtime.getMessage().contains("(None, 4)") && runtime.getMessage().contains("(2, 5)"),
                    runtime.getMessage());
        }
        model.close();
    }

    @Test
    void outputsMustDependOnlyOnGivenInputs() {
        SymbolicTensor a = Input.of(2);
        SymbolicTensor b = Input.of(2);
        SymbolicTensor out = new Dense(1).call(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Model(a, out));
        assertTrue(e.getMessage().contains("not among the model's inputs"), e.getMessage());
    }

    @Test
    void gradientsFlowThroughTheWholeGraph() {
        try (TensorScope scope = TensorScope.open()) {
            SymbolicTensor in = Input.of(4);
            Model model = new Model(in, new Dense(1).call(new Dense(3).call(in)));
            List<Tensor> grads;
            try (GradientTape tape = GradientTape.open()) {
                Tensor loss = model.call(random(8, 4), true).square().mean();
                grads = tape.gradient(loss, model.trainableWeights());
            }
            assertEquals(4, grads.size());
            for (Tensor g : grads) {
                assertNotEquals(0.0, g.abs().sum().item());
            }
            model.close();
        }
    }

    @Test
    void sequentialBuildsAndChainsLayers() {
        try (TensorScope scope = TensorScope.open(); Sequential model = new Sequential(new Dense(3), new Dense(1))) {
            model.build(Shape.batchOf(4));
            assertEquals(4, model.weights().size());
            assertEquals(Shape.of(7, 1), model.call(random(7, 4)).shape());
            model.add(new Dense(2));
            assertEquals(6, model.weights().size(), "a layer added to a built model is built at once");
            assertEquals(Shape.of(7, 2), model.call(random(7, 4)).shape());
        }
    }
}
