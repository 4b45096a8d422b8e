package dev.graft.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a checkpoint copies out of an optimizer and back in continues the run exactly. */
class OptimizerStateTest {

    private static Variable variable(String name, float... values) {
        try (Tensor t = Tensor.of(values, values.length)) {
            return new Variable(name, t, true);
        }
    }

    private static void step(Optimizer optimizer, Variable v, float... gradient) {
        try (Tensor g = Tensor.of(gradient, gradient.length)) {
            optimizer.applyGradients(List.of(g), List.of(v));
        }
    }

    @Test
    void slotsIterationsAndLearningRateCopiedIntoAFreshOptimizerContinueTheRun() {
        Variable a = variable("a", 1, 2, 3);
        Variable b = variable("b", 1, 2, 3);
        try (Adam first = new Adam(0.1); Adam second = new Adam(0.5)) {
            step(first, a, 0.5f, -1, 2);
            step(first, a, 0.25f, 1, -2);
            first.setLearningRate(0.05);
            b.assign(a.value());

            second.build(List.of(b));
            assertEquals(List.of("adam/b_momentum", "adam/b_velocity"),
                    second.variables().stream().map(Variable::name).toList());
            for (int i = 0; i < first.variables().size(); i++) {
                second.variables().get(i).assign(first.variables().get(i).value());
            }
            second.setIterations(first.iterations());
            second.setLearningRate(first.learningRate());

            step(first, a, 1, 1, 1);
            step(second, b, 1, 1, 1);
            assertArrayEquals(a.value().toFloatArray(), b.value().toFloatArray(), 0f);
            assertEquals(3, second.iterations());
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void buildCreatesEachVariablesStateOnceInOrder() {
        Variable a = variable("a", 1);
        Variable b = variable("b", 1, 2);
        try (SGD sgd = SGD.builder().optMomentum(0.9).build()) {
            sgd.build(List.of(a, b));
            sgd.build(List.of(b, a));
            assertEquals(List.of("SGD/a_momentum", "SGD/b_momentum"),
                    sgd.variables().stream().map(Variable::name).toList());
            assertThrows(IllegalArgumentException.class, () -> sgd.setIterations(-1));
        } finally {
            a.close();
            b.close();
        }
    }
}
