package dev.graft.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.optimizers.schedules.ExponentialDecay;
import dev.graft.optimizers.schedules.LearningRateSchedule;
import dev.graft.tensor.DType;
import dev.graft.tensor.GradientTape;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every optimizer shares: clipping, weight decay, learning rate schedules, per-variable state,
 * argument checks, and leaving neither graph nor tensors behind.
 */
class OptimizerTest {
    private static final double EXACT = 1e-12;
    private TensorScope scope;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
        scope.close();
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private Variable variable(String name, double... values) {
        return closeLater(new Variable(name, Tensor.of(values, values.length), true));
    }

    private static Tensor grad(double... values) {
        return Tensor.of(values, values.length);
    }

    private static double[] values(Variable v) {
        return v.value().toDoubleArray();
    }

    // ---- clipping -------------------------------------------------------------------------------

    @Test
    void clipnormRescalesEachGradientToItsOwnNorm() {
        // SGD with lr 1 moves each variable by minus its clipped gradient.
        SGD sgd = closeLater(SGD.builder().optLearningRate(1).optClipnorm(1).build());
        Variable a = variable("a", 0, 0);
        Variable b = variable("b", 0, 0);
        sgd.applyGradients(List.of(grad(3, 4), grad(0.3, 0.4)), List.of(a, b));
        // a: norm 5 > 1, so g * 1 / 5; b: norm 0.5 <= 1, unchanged.
        assertArrayEquals(new double[] {-0.6, -0.8}, values(a), EXACT);
        assertArrayEquals(new double[] {-0.3, -0.4}, values(b), EXACT);
    }

    @Test
    void clipnormLeavesAZeroGradientAlone() {
        SGD sgd = closeLater(SGD.builder().optLearningRate(1).optClipnorm(1).build());
        Variable a = variable("a", 1, 2);
        sgd.applyGradients(List.of(grad(0, 0)), List.of(a));
        assertArrayEquals(new double[] {1, 2}, values(a), 0);
    }

    @Test
    void clipvalueClipsEachElement() {
        SGD sgd = closeLater(SGD.builder().optLearningRate(1).optClipvalue(1).build());
        Variable a = variable("a", 0, 0, 0);
        sgd.applyGradients(List.of(grad(-3, 0.5, 4)), List.of(a));
        assertArrayEquals(new double[] {1, -0.5, -1}, values(a), EXACT);
    }

    @Test
    void globalClipnormRescalesAllGradientsTogether() {
        SGD sgd = closeLater(SGD.builder().optLearningRate(1).optGlobalClipnorm(6.5).build());
        Variable a = variable("a", 0, 0);
        Variable b = variable("b", 0);
        Variable skipped = variable("skipped", 7);
        // Global norm sqrt(3^2 + 4^2 + 12^2) = 13, so every gradient is scaled by 6.5 / 13 = 0.5; the null
        // gradient takes no part.
        sgd.applyGradients(Arrays.asList(grad(3, 4), null, grad(12)), List.of(a, skipped, b));
        assertArrayEquals(new double[] {-1.5, -2}, values(a), EXACT);
        assertArrayEquals(new double[] {-6}, values(b), EXACT);
        assertArrayEquals(new double[] {7}, values(skipped), 0);

        // Below the threshold nothing changes: norm 13 <= 20.
        SGD loose = closeLater(SGD.builder().optLearningRate(1).optGlobalClipnorm(20).build());
        loose.applyGradients(List.of(grad(3, 4), grad(12)), List.of(a, b));
        assertArrayEquals(new double[] {-4.5, -6}, values(a), EXACT);
        assertArrayEquals(new double[] {-18}, values(b), EXACT);
    }

    @Test
    void globalClipnormTurnsANonFiniteNormIntoNaNAsKerasDoes() {
        SGD sgd = closeLater(SGD.builder().optLearningRate(1).optGlobalClipnorm(1).build());
        Variable a = variable("a", 0, 0);
        sgd.applyGradients(List.of(grad(Double.POSITIVE_INFINITY, 1)), List.of(a));
        assertTrue(Double.isNaN(values(a)[0]) && Double.isNaN(values(a)[1]));
    }

    @Test
    void clippingOptionsAreMutuallyExclusiveAndPositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Adam.builder().optClipnorm(1).optGlobalClipnorm(2).build());
        assertEquals("Only one of clipnorm, clipvalue and globalClipnorm can be set, received clipnorm=1.0, "
                + "clipvalue=null, globalClipnorm=2.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().optClipvalue(1).optClipnorm(1).build());
        e = assertThrows(IllegalArgumentException.class, () -> SGD.builder().optClipvalue(0).build());
        assertTrue(e.getMessage().startsWith("clipvalue must be finite and > 0, received 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().optGlobalClipnorm(Double.NaN).build());
    }

    // ---- weight decay ---------------------------------------------------------------------------

    @Test
    void weightDecayShrinksTheVariableBeforeTheUpdateExceptForExcludedNames() {
        SGD sgd = closeLater(SGD.builder().optLearningRate(0.5).optWeightDecay(0.1).optExcludeFromWeightDecay("bias")
                .build());
        Variable kernel = variable("dense/kernel", 2, -4);
        Variable bias = variable("dense/bias", 2, -4);
        sgd.applyGradients(List.of(grad(1, 1), grad(1, 1)), List.of(kernel, bias));
        // kernel: w - w * 0.1 * 0.5 = 0.95 w, then - 0.5 g.
        assertArrayEquals(new double[] {2 * 0.95 - 0.5, -4 * 0.95 - 0.5}, values(kernel), EXACT);
        // bias: only the gradient step.
        assertArrayEquals(new double[] {1.5, -4.5}, values(bias), EXACT);
    }

    @Test
    void weightDecaySkipsVariablesWithoutAGradient() {
        SGD sgd = closeLater(SGD.builder().optLearningRate(0.5).optWeightDecay(0.1).build());
        Variable a = variable("a", 2);
        Variable b = variable("b", 2);
        sgd.applyGradients(Arrays.asList(grad(0), null), List.of(a, b));
        assertArrayEquals(new double[] {1.9}, values(a), EXACT);
        assertArrayEquals(new double[] {2}, values(b), 0);
    }

    // ---- learning rate --------------------------------------------------------------------------

    @Test
    void aScheduleGivesTheLearningRateOfEachIteration() {
        // lr(t) = 0.1 * 0.5^(t / 2) at iteration t = 0, 1, 2, ...
        LearningRateSchedule schedule = new ExponentialDecay(0.1, 2, 0.5);
        SGD sgd = closeLater(new SGD(schedule));
        assertSame(schedule, sgd.learningRateSchedule());
        Variable w = variable("w", 1);
        double expected = 1;
        for (int t = 0; t < 5; t++) {
            double lr = 0.1 * Math.pow(0.5, t / 2.0);
            assertEquals(lr, sgd.learningRate(), EXACT, "iteration " + t);
            sgd.applyGradients(List.of(grad(1)), List.of(w));
            expected -= lr;
            assertArrayEquals(new double[] {expected}, values(w), EXACT, "after step " + (t + 1));
        }
    }

    @Test
    void aScheduleMayBeALambdaAndAlsoDrivesWeightDecay() {
        Adam adam = closeLater(Adam.builder().optLearningRate(step -> 1.0 / (step + 1)).optWeightDecay(0.5).build());
        Variable w = variable("w", 4);
        adam.applyGradients(List.of(grad(0)), List.of(w));
        adam.applyGradients(List.of(grad(0)), List.of(w));
        // Zero gradients leave Adam's update at 0; the decay uses lr 1, then lr 1/2: 4 * 0.5 * 0.75.
        assertArrayEquals(new double[] {1.5}, values(w), EXACT);
        assertEquals(1.0 / 3, adam.learningRate(), EXACT);
    }

    @Test
    void aScheduledLearningRateCannotBeSet() {
        SGD sgd = closeLater(new SGD(new ExponentialDecay(0.1, 2, 0.5)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sgd.setLearningRate(0.3));
        assertTrue(e.getMessage().contains("ExponentialDecay") && e.getMessage().contains("cannot be set"),
                e.getMessage());
    }

    @Test
    void aConstantLearningRateCanBeChangedBetweenSteps() {
        SGD sgd = closeLater(new SGD(0.1));
        Variable w = variable("w", 1);
        sgd.applyGradients(List.of(grad(1)), List.of(w));
        sgd.setLearningRate(0.5);
        assertEquals(0.5, sgd.learningRate());
        sgd.applyGradients(List.of(grad(1)), List.of(w));
        assertArrayEquals(new double[] {1 - 0.1 - 0.5}, values(w), EXACT);
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(Double.NaN));
    }

    // ---- state ----------------------------------------------------------------------------------

    @Test
    void stateIsCreatedPerVariableOnlyWhenAVariableIsFirstGiven() {
        Adam adam = closeLater(new Adam(0.1));
        Variable first = variable("dense/kernel", 1, 2);
        Variable second = variable("dense_1/kernel", 1, 2);
        assertEquals(0, adam.variables().size());

        adam.applyGradients(List.of(grad(1, -1)), List.of(first));
        adam.applyGradients(List.of(grad(1, -1)), List.of(first));
        assertEquals(List.of("adam/dense_kernel_momentum", "adam/dense_kernel_velocity"),
                adam.variables().stream().map(Variable::name).toList());
        for (Variable slot : adam.variables()) {
            assertFalse(slot.trainable(), slot.name());
            assertEquals(Shape.of(2), slot.shape());
        }

        // The second variable gets fresh slots: its first step is a first Adam step (at iteration 2).
        adam.applyGradients(List.of(grad(1, -1), grad(1, -1)), List.of(first, second));
        assertEquals(4, adam.variables().size());
        assertEquals("adam/dense_1_kernel_momentum", adam.variables().get(2).name());
        double[] w = {1, 2};
        double[] m = new double[2];
        double[] v = new double[2];
        AdamTest.kerasAdamStep(w, new double[] {1, -1}, m, v, new double[2], 3, 0.1, 0.9, 0.999, 1e-7, false, 0);
        assertArrayEquals(w, values(second), EXACT);
        assertArrayEquals(new double[] {0.1, -0.1}, adam.variables().get(2).value().toDoubleArray(), EXACT,
                "a fresh momentum after one step is (1 - beta1) g");
    }

    @Test
    void closeFreesTheStateAndRetiresTheOptimizer() {
        Adam adam = new Adam();
        Variable w = variable("w", 1);
        adam.applyGradients(List.of(grad(1)), List.of(w));
        List<Variable> state = adam.variables();
        adam.close();
        adam.close();
        assertTrue(state.stream().allMatch(Variable::isClosed));
        assertEquals(List.of(), adam.variables());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> adam.applyGradients(List.of(grad(1)), List.of(w)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    // ---- null gradients and argument checks -----------------------------------------------------

    @Test
    void aNullGradientLeavesItsVariableAloneButTheStepCounts() {
        SGD sgd = closeLater(new SGD(0.1));
        Variable a = variable("a", 1);
        Variable b = variable("b", 1);
        sgd.applyGradients(Arrays.asList(null, grad(1)), List.of(a, b));
        assertArrayEquals(new double[] {1}, values(a), 0);
        assertArrayEquals(new double[] {0.9}, values(b), EXACT);
        assertEquals(1, sgd.iterations());
    }

    @Test
    void aNonTrainableVariableGivenWithAGradientIsUpdatedAsKerasDoes() {
        SGD sgd = closeLater(new SGD(0.5));
        Variable frozen = closeLater(new Variable("frozen", Tensor.of(new double[] {1}, 1), false));
        sgd.applyGradients(List.of(grad(1)), List.of(frozen));
        assertArrayEquals(new double[] {0.5}, values(frozen), EXACT);
    }

    @Test
    void emptyListsAreNotAStep() {
        SGD sgd = closeLater(new SGD());
        sgd.applyGradients(List.of(), List.of());
        assertEquals(0, sgd.iterations());
    }

    @Test
    void allNullGradientsAreAnError() {
        SGD sgd = closeLater(new SGD());
        Variable a = variable("dense/kernel", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd.applyGradients(Arrays.asList((Tensor) null), List.of(a)));
        assertTrue(e.getMessage().contains("No gradients") && e.getMessage().contains("'dense/kernel'"),
                e.getMessage());
        assertEquals(0, sgd.iterations());
    }

    @Test
    void mismatchedListSizesAreAnError() {
        SGD sgd = closeLater(new SGD());
        Variable a = variable("a", 1);
        Variable b = variable("b", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd.applyGradients(List.of(grad(1)), List.of(a, b)));
        assertEquals("applyGradients() received 1 gradients for 2 variables ('a', 'b'); pass one gradient (or null) "
                + "per variable, in the same order", e.getMessage());
    }

    @Test
    void aGradientOfTheWrongShapeIsAnErrorNamingTheVariable() {
        Adam adam = closeLater(new Adam());
        Variable a = variable("dense/kernel", 1, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.applyGradients(List.of(grad(1, 2)), List.of(a)));
        assertEquals("The gradient at index 0 has shape (2,) but its variable 'dense/kernel' has shape (3,); pass "
                + "the gradients in the order of the variables", e.getMessage());
        assertEquals(0, adam.variables().size(), "a rejected call creates no state");
        assertEquals(0, adam.iterations());
    }

    @Test
    void integerVariablesAreRejected() {
        SGD sgd = closeLater(new SGD());
        Variable counter = closeLater(new Variable("counter", Tensor.of(new long[] {1}, 1), false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd.applyGradients(List.of(grad(1)), List.of(counter)));
        assertTrue(e.getMessage().contains("'counter'") && e.getMessage().contains("int64"), e.getMessage());
    }

    @Test
    void aGradientOfAnotherFloatTypeIsCastToTheVariables() {
        SGD sgd = closeLater(new SGD(0.5));
        Variable w = closeLater(new Variable("w", Tensor.of(new float[] {1, 2}, 2), true));
        sgd.applyGradients(List.of(grad(1, 1)), List.of(w));
        assertEquals(DType.FLOAT32, w.dtype());
        assertArrayEquals(new double[] {0.5, 1.5}, values(w), 0);
    }

    // ---- graph and memory -----------------------------------------------------------------------

    @Test
    void updatesInsideAnOpenTapeAreNotRecordedAndTheTapeKeepsRecording() {
        Adam adam = closeLater(new Adam(0.1));
        Variable w = variable("w", 1, -2);
        try (GradientTape tape = GradientTape.openPersistent()) {
            Tensor loss = w.value().square().sum();
            List<Tensor> grads = tape.gradient(loss, List.of(w));
            adam.applyGradients(grads, List.of(w));
            assertTrue(w.trainable());
            assertTrue(adam.variables().stream().noneMatch(Variable::trainable));

            // After the update the tape still records, and the gradient of a new loss is that of the new value
            // only: nothing from the update's arithmetic joined the graph.
            double[] updated = values(w);
            Tensor newLoss = w.value().square().sum();
            List<Tensor> newGrads = tape.gradient(newLoss, List.of(w, adam.variables().get(0)));
            assertNotNull(newGrads.get(0));
            assertArrayEquals(new double[] {2 * updated[0], 2 * updated[1]}, newGrads.get(0).toDoubleArray(), EXACT);
            assertNull(newGrads.get(1), "optimizer state is never trainable");
        }
        double[] expected = {1, -2};
        AdamTest.kerasAdamStep(expected, new double[] {2, -4}, new double[2], new double[2], new double[2], 1, 0.1,
                0.9, 0.999, 1e-7, false, 0);
        assertArrayEquals(expected, values(w), EXACT);
    }

    @Test
    void twoHundredStepsLeaveNoTensorBehind() {
        Adam adam = closeLater(Adam.builder().optAmsgrad(true).optGlobalClipnorm(1).optWeightDecay(0.01)
                .optLearningRate(new ExponentialDecay(0.01, 10, 0.9)).build());
        Variable a = variable("a", 1, 2, 3);
        Variable b = variable("b", 4);
        List<Tensor> grads = List.of(grad(0.5, -1, 2), grad(3));
        int before = scope.trackedCount();
        for (int step = 0; step < 200; step++) {
            adam.applyGradients(grads, List.of(a, b));
        }
        assertEquals(before, scope.trackedCount());
        assertEquals(200, adam.iterations());
        assertEquals(6, adam.variables().size());
        assertTrue(adam.variables().stream().noneMatch(Variable::isClosed));
    }

    // ---- names and descriptions -----------------------------------------------------------------

    @Test
    void aCustomNamePrefixesTheState() {
        SGD sgd = closeLater(SGD.builder().optMomentum(0.9).optName("outer_sgd").build());
        Variable w = variable("block/conv/kernel", 1);
        sgd.applyGradients(List.of(grad(1)), List.of(w));
        assertEquals("outer_sgd", sgd.name());
        assertEquals("outer_sgd/block_conv_kernel_momentum", sgd.variables().get(0).name());
    }

    @Test
    void describesItself() {
        SGD sgd = closeLater(SGD.builder().optMomentum(0.9).optClipnorm(2).build());
        assertEquals("SGD(name=SGD, learningRate=0.01, momentum=0.9, nesterov=false, clipnorm=2.0, iterations=0)",
                sgd.toString());
        RMSprop rmsprop = closeLater(new RMSprop(new ExponentialDecay(0.1, 5, 0.5, true)));
        assertEquals("RMSprop(name=rmsprop, learningRate=ExponentialDecay(initialLearningRate=0.1, decaySteps=5, "
                + "decayRate=0.5, staircase=true), rho=0.9, momentum=0.0, epsilon=1.0E-7, centered=false, "
                + "iterations=0)", rmsprop.toString());
    }
}
