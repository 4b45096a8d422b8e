package dev.graft.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.graft.activations.ActivationFunction;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.DepthwiseConv2D;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.ReLU;
import dev.graft.layers.SeparableConv2D;
import dev.graft.layers.SymbolicTensor;
import dev.graft.tensor.DType;
import dev.graft.tensor.GradientCheck;
import dev.graft.tensor.GradientTape;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A model runs a convolution and the inference-mode BatchNormalization that reads it as one folded
 * convolution. Each case compares the model with the same layers called one by one (no folding), in float64.
 */
class BatchNormFoldingTest {
    private static final DType F64 = DType.FLOAT64;

    /** Conv2D -> BN -> ReLU -> SeparableConv2D -> BN -> DepthwiseConv2D -> BN (no gamma, beta) -> GAP. */
    private static Model network() {
        SymbolicTensor in = Input.of(Shape.of(-1, 7, 6, 3), F64, "images");
        SymbolicTensor x = Conv2D.builder().setFilters(4).setKernelSize(3).optStrides(2).optPadding("same")
                .optDType(F64).build().call(in);
        x = bn(BatchNormalization.builder()).call(x);
        x = ReLU.builder().optDType(F64).build().call(x);
        x = SeparableConv2D.builder().setFilters(5).setKernelSize(3).optPadding("same").optUseBias(false)
                .optDType(F64).build().call(x);
        x = bn(BatchNormalization.builder()).call(x);
        x = DepthwiseConv2D.builder().setKernelSize(2).optDepthMultiplier(2).optDType(F64).build().call(x);
        x = bn(BatchNormalization.builder().optCenter(false).optScale(false)).call(x);
        Model model = new Model(in, GlobalAveragePooling2D.builder().optDType(F64).build().call(x));
        randomize(model);
        return model;
    }

    private static BatchNormalization bn(BatchNormalization.Builder b) {
        return b.optDType(F64).build();
    }

    /** Random biases and statistics, so that folding has something to fold. */
    private static void randomize(Model model) {
        SeedGenerator seeds = SeedGenerator.of(11);
        try (TensorScope scope = TensorScope.open()) {
            for (Variable v : model.weights()) {
                boolean variance = v.name().endsWith("moving_variance");
                v.assign(Tensor.randomUniform(v.shape(), variance ? 0.5 : -1, variance ? 2 : 1, F64, seeds));
            }
        }
    }

    private static Tensor images() {
        return Tensor.randomUniform(Shape.of(2, 7, 6, 3), -1, 1, F64, SeedGenerator.of(5));
    }

    @Test
    void inferenceEqualsTheLayersCalledOneByOne() {
        try (TensorScope scope = TensorScope.open(); Model model = network()) {
            Tensor x = images();
            assertClose(layerByLayer(model, x, false), model.call(x, false), 1e-12);
        }
    }

    @Test
    void frozenNormalizationInTrainingFoldsWithTheSameGradients() {
        try (TensorScope scope = TensorScope.open(); Model model = network()) {
            for (Layer layer : model.layers()) {
                if (layer instanceof BatchNormalization) {
                    layer.setTrainable(false);
                }
            }
            List<HostArray> statistics = statistics(model);
            Tensor x = images();
            List<Variable> trainable = model.trainableWeights();
            List<Tensor> folded;
            List<Tensor> plain;
            Tensor foldedOut;
            Tensor plainOut;
            try (GradientTape tape = GradientTape.open()) {
                foldedOut = model.call(x, true);
                folded = tape.gradient(foldedOut.square().sum(), trainable);
            }
            try (GradientTape tape = GradientTape.open()) {
                plainOut = layerByLayer(model, x, true);
                plain = tape.gradient(plainOut.square().sum(), trainable);
            }
            assertClose(plainOut, foldedOut, 1e-12);
            for (int i = 0; i < trainable.size(); i++) {
                assertClose(plain.get(i), folded.get(i), 1e-10);
            }
            assertEquals(statistics, statistics(model), "inference-mode normalization updates nothing");
            // Finite differences on the small weights (biases, gamma, beta, the depthwise kernel) keep this quick.
            GradientCheck.checkVariables("folded model", () -> model.call(x, true),
                    trainable.stream().filter(v -> v.size() <= 40).toList());
        }
    }

    @Test
    void trainableNormalizationInTrainingIsNotFolded() {
        try (TensorScope scope = TensorScope.open(); Model model = network(); Model twin = network()) {
            Tensor x = images();
            List<HostArray> before = statistics(model);
            Tensor y = model.call(x, true);
            assertNotEquals(before, statistics(model), "batch statistics move the moving averages");
            assertClose(layerByLayer(twin, x, true), y, 1e-12);
            assertEquals(statistics(twin), statistics(model));
        }
    }

    @Test
    void convolutionsWithAnActivationOrASecondReaderAreComputedAsTheyAre() {
        try (TensorScope scope = TensorScope.open()) {
            SymbolicTensor in = Input.of(Shape.of(-1, 5, 5, 2), F64, "images");
            SymbolicTensor activated = Conv2D.builder().setFilters(3).setKernelSize(3).optPadding("same")
                    .optActivation(ActivationFunction.RELU).optDType(F64).build().call(in);
            SymbolicTensor normalized = bn(BatchNormalization.builder()).call(activated);
            SymbolicTensor shared = Conv2D.builder().setFilters(3).setKernelSize(1).optDType(F64).build()
                    .call(normalized);
            SymbolicTensor both = dev.graft.layers.Add.builder().optDType(F64).build().callSymbolic(List.of(
                    bn(BatchNormalization.builder()).call(shared), shared));
            try (Model model = new Model(in, both)) {
                randomize(model);
                Tensor x = Tensor.randomUniform(Shape.of(2, 5, 5, 2), -1, 1, F64, SeedGenerator.of(3));
                assertClose(layerByLayer(model, x, false), model.call(x, false), 1e-12);
            }
        }
    }

    /** The model's graph evaluated by calling each layer on its own: no node is folded. */
    private static Tensor layerByLayer(Model model, Tensor x, boolean training) {
        Map<SymbolicTensor, Tensor> values = new IdentityHashMap<>();
        values.put(model.inputs().get(0), x);
        for (SymbolicTensor t : topologicalOrder(model.outputs().get(0))) {
            if (!values.containsKey(t)) {
                List<Tensor> args = new ArrayList<>();
                t.node().inputs().forEach(i -> args.add(values.get(i)));
                Layer layer = t.node().layer();
                values.put(t, args.size() == 1 ? layer.call(args.get(0), training) : layer.call(args, training));
            }
        }
        return values.get(model.outputs().get(0));
    }

    private static List<SymbolicTensor> topologicalOrder(SymbolicTensor output) {
        List<SymbolicTensor> order = new ArrayList<>();
        visit(output, Collections.newSetFromMap(new IdentityHashMap<>()), order);
        return order;
    }

    private static void visit(SymbolicTensor t, Set<SymbolicTensor> seen, List<SymbolicTensor> order) {
        if (seen.add(t)) {
            t.node().inputs().forEach(i -> visit(i, seen, order));
            order.add(t);
        }
    }

    private static List<HostArray> statistics(Model model) {
        List<HostArray> out = new ArrayList<>();
        for (Layer layer : model.layers()) {
            if (layer instanceof BatchNormalization bn) {
                out.add(bn.movingMean().toHostArray());
                out.add(bn.movingVariance().toHostArray());
            }
        }
        return out;
    }

    private static void assertClose(Tensor expected, Tensor actual, double tolerance) {
        assertEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), tolerance);
    }
}
