package dev.graft.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.GradientCheck;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The contract every layer meets, like Keras' {@code run_layer_test}: weight counts, output-shape
 * inference equal to the runtime shape, training versus inference behaviour, a getWeights/setWeights round
 * trip, and a float64 finite-difference gradient check with respect to the inputs and trainable weights.
 * <pre>{@code
 * LayerContract.of(dtype -> Dense.builder().setUnits(3).optDType(dtype).build())
 *     .inputShape(2, 4).expectWeights(2, 2, 0).run();
 * }</pre>
 */
public final class LayerContract {
    /** How a layer's output in training mode relates to its output in inference mode. */
    public enum TrainingBehaviour { SAME, DIFFERENT }

    private final Function<DType, Layer> factory;
    private final List<long[]> inputShapes = new ArrayList<>();
    private int weights;
    private int trainable;
    private int nonTrainable;
    private TrainingBehaviour trainingBehaviour = TrainingBehaviour.SAME;
    private boolean gradientInTraining;
    private boolean checkInputGradient = true;

    private LayerContract(Function<DType, Layer> factory) {
        this.factory = factory;
    }

    /** The contract for layers made by {@code factory} with the given dtype. */
    public static LayerContract of(Function<DType, Layer> factory) {
        return new LayerContract(factory);
    }

    /** Adds an input of this concrete shape (batch first); call once per input. */
    public LayerContract inputShape(long... shape) {
        inputShapes.add(shape);
        return this;
    }

    /** The expected numbers of weights, trainable weights and non-trainable weights once built. */
    public LayerContract expectWeights(int all, int trainableCount, int nonTrainableCount) {
        this.weights = all;
        this.trainable = trainableCount;
        this.nonTrainable = nonTrainableCount;
        return this;
    }

    public LayerContract trainingBehaviour(TrainingBehaviour behaviour) {
        this.trainingBehaviour = behaviour;
        return this;
    }

    /** Runs the gradient check in training mode (for layers, like BatchNormalization, deterministic in it). */
    public LayerContract gradientInTraining() {
        this.gradientInTraining = true;
        return this;
    }

    /** Skips the input gradient (for layers whose input is not differentiable, such as integer inputs). */
    public LayerContract noInputGradient() {
        this.checkInputGradient = false;
        return this;
    }

    public void run() {
        try (TensorScope scope = TensorScope.open()) {
            checkShapesAndWeights();
            checkTrainingBehaviour();
            checkWeightRoundTrip();
            checkGradients();
        }
    }

    private List<Tensor> randomInputs(DType dtype, long seed) {
        List<Tensor> xs = new ArrayList<>();
        try (SeedGenerator g = SeedGenerator.of(seed)) {
            for (long[] s : inputShapes) {
                xs.add(Tensor.randomUniform(Shape.of(s), -1, 1, dtype, g));
            }
        }
        return xs;
    }

    private static Tensor callLayer(Layer layer, List<Tensor> xs, Boolean training) {
        if (xs.size() == 1) {
            return training == null ? layer.call(xs.get(0)) : layer.call(xs.get(0), training);
        }
        return training == null ? layer.call(xs) : layer.call(xs, training);
    }

    private void checkShapesAndWeights() {
        try (Layer layer = factory.apply(DType.FLOAT32)) {
            assertFalse(layer.isBuilt(), "a new layer is not built");
            List<SymbolicTensor> symbolic = inputShapes.stream()
                    .map(s -> Input.of(Shape.of(s).withBatch(Shape.UNKNOWN), DType.FLOAT32, null))
                    .collect(Collectors.toList());
            SymbolicTensor out = symbolic.size() == 1 ? layer.call(symbolic.get(0)) : layer.callSymbolic(symbolic);
            assertTrue(layer.isBuilt(), "calling on a symbolic input builds the layer");
            assertEquals(weights, layer.weights().size(), "weights");
            assertEquals(trainable, layer.trainableWeights().size(), "trainable weights");
            assertEquals(nonTrainable, layer.nonTrainableWeights().size(), "non-trainable weights");

            Tensor y = callLayer(layer, randomInputs(DType.FLOAT32, 1), null);
            assertEquals(out.shape().withBatch(inputShapes.get(0)[0]), y.shape(),
                    "computeOutputShape must equal the runtime shape");
            assertEquals(layer.computeOutputShape(
                            inputShapes.stream().map(Shape::of).collect(Collectors.toList())), y.shape(),
                    "computeOutputShape on concrete shapes");
            for (float v : y.toFloatArray()) {
                assertTrue(Float.isFinite(v), "outputs are finite");
            }
        }
    }

    private void checkTrainingBehaviour() {
        try (Layer layer = factory.apply(DType.FLOAT32)) {
            List<Tensor> xs = randomInputs(DType.FLOAT32, 2);
            float[] inference = callLayer(layer, xs, false).toFloatArray();
            float[] implicit = callLayer(layer, xs, null).toFloatArray();
            assertArrayEquals(inference, implicit, "a top-level call without training runs in inference mode");
            float[] training = callLayer(layer, xs, true).toFloatArray();
            if (trainingBehaviour == TrainingBehaviour.SAME) {
                assertArrayEquals(inference, training, 1e-6f, "training and inference outputs must agree");
            } else {
                assertFalse(Arrays.equals(inference, training), "training mode must change the output");
            }
        }
    }

    private void checkWeightRoundTrip() {
        try (Layer source = factory.apply(DType.FLOAT32); Layer target = factory.apply(DType.FLOAT32)) {
            List<Tensor> xs = randomInputs(DType.FLOAT32, 3);
            float[] expected = callLayer(source, xs, false).toFloatArray();
            callLayer(target, xs, false);
            List<HostArray> values = source.getWeights();
            target.setWeights(values);
            assertEquals(values, target.getWeights(), "getWeights returns what setWeights received");
            assertArrayEquals(expected, callLayer(target, xs, false).toFloatArray(), 0f,
                    "a layer with copied weights computes the same outputs");
        }
    }

    private void checkGradients() {
        try (Layer layer = factory.apply(DType.FLOAT64)) {
            List<Tensor> xs = randomInputs(DType.FLOAT64, 4);
            List<Variable> inputs = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                inputs.add(new Variable("input" + i, xs.get(i), checkInputGradient));
            }
            callLayer(layer, xs, gradientInTraining);
            List<Variable> checked = new ArrayList<>(checkInputGradient ? inputs : List.of());
            checked.addAll(layer.trainableWeights());
            if (!checked.isEmpty()) {
                GradientCheck.checkVariables(layer.name(), () -> callLayer(layer,
                        inputs.stream().map(Variable::value).collect(Collectors.toList()), gradientInTraining),
                        checked);
            }
            inputs.forEach(Variable::close);
        }
    }
}
