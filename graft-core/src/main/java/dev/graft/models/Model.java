package dev.graft.models;

import dev.graft.distributed.DistributedStrategy;
import dev.graft.layers.InputLayer;
import dev.graft.layers.Layer;
import dev.graft.losses.Loss;
import dev.graft.metrics.Metric;
import dev.graft.optimizers.Optimizer;
import dev.graft.layers.SymbolicTensor;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;
import dev.graft.training.Batch;
import dev.graft.training.FitOptions;
import dev.graft.training.History;
import dev.graft.training.InferenceOptions;
import dev.graft.training.Trainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A model built with the functional API: layers called on {@link SymbolicTensor}s, from
 * {@link dev.graft.layers.Input}s to outputs.
 * <pre>{@code
 * SymbolicTensor inputs = Input.of(150, 150, 3);
 * SymbolicTensor x = baseModel.call(inputs, false);   // the base stays in inference mode
 * SymbolicTensor outputs = new Dense(1).call(new GlobalAveragePooling2D().call(x));
 * Model model = new Model(inputs, outputs);
 * }</pre>
 * A model is a layer: it can be called inside another model. Closing a model frees every weight.
 */
public class Model extends Layer {
    private final List<SymbolicTensor> inputs;
    private final List<SymbolicTensor> outputs;
    /** The nodes to run, inputs first, each after the nodes it reads. */
    private final List<SymbolicTensor> order;
    private final List<Layer> layers;
    private Optimizer optimizer;
    private Loss loss;
    private List<Metric> metrics = List.of();
    /** The trainable weights when compile() ran: fit trains exactly these, or refuses. */
    private List<Variable> compiledTrainableWeights;
    private volatile boolean stopTraining;
    private DistributedStrategy distributeStrategy;
    private Trainer trainer;

    /** A functional model with one input and one output. */
    public Model(SymbolicTensor input, SymbolicTensor output) {
        this(List.of(input), List.of(output), null);
    }

    /**
     * A functional model.
     *
     * @param name the model's name, or null for {@code model}, {@code model_1}, ...
     */
    public Model(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, String name) {
        super(name, inputs.isEmpty() ? DType.FLOAT32 : inputs.get(0).dtype());
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalArgumentException("A model needs at least one input and one output, received "
                    + inputs.size() + " inputs and " + outputs.size() + " outputs");
        }
        for (SymbolicTensor in : inputs) {
            if (!(in.node().layer() instanceof InputLayer)) {
                throw new IllegalArgumentException("Model inputs must come from Input.of(...), received the output "
                        + "of layer '" + in.node().layer().name() + "'");
            }
        }
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.order = topologicalOrder(this.inputs, this.outputs);
        List<Layer> ordered = new ArrayList<>();
        for (Layer l : kerasLayerOrder(this.outputs)) {
            ordered.add(trackLayer(l));
        }
        this.layers = Collections.unmodifiableList(ordered);
        build(this.inputs.stream().map(SymbolicTensor::shape).toArray(Shape[]::new));
    }

    /** For subclasses that assemble their layers themselves, such as {@link Sequential}. */
    protected Model(String name) {
        super(name, DType.FLOAT32);
        this.inputs = List.of();
        this.outputs = List.of();
        this.order = List.of();
        this.layers = List.of();
    }

    private static List<SymbolicTensor> topologicalOrder(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        Set<SymbolicTensor> given = Collections.newSetFromMap(new IdentityHashMap<>());
        given.addAll(inputs);
        Set<SymbolicTensor> done = Collections.newSetFromMap(new IdentityHashMap<>());
        List<SymbolicTensor> order = new ArrayList<>(inputs);
        done.addAll(inputs);
        for (SymbolicTensor out : outputs) {
            visit(out, given, done, new HashSet<>(), order);
        }
        return order;
    }

    private static void visit(SymbolicTensor t, Set<SymbolicTensor> given, Set<SymbolicTensor> done,
                              Set<SymbolicTensor> path, List<SymbolicTensor> order) {
        if (done.contains(t)) {
            return;
        }
        if (t.node().isInput()) {
            throw new IllegalArgumentException("The outputs depend on input '" + t.node().layer().name()
                    + "' " + t.shape() + ", which is not among the model's inputs");
        }
        for (SymbolicTensor in : t.node().inputs()) {
            visit(in, given, done, path, order);
        }
        done.add(t);
        order.add(t);
    }

    /**
     * The layers in Keras' order ({@code map_graph}): by decreasing depth, a layer's depth being its longest path
     * to an output, and among equal depths in the order a depth-first walk from the outputs first meets them.
     * Keras' weight files list layers in this order and load them by position: in a ResNet block, for example,
     * the shortcut's convolution comes after the main branch's first two.
     */
    private static List<Layer> kerasLayerOrder(List<SymbolicTensor> outputs) {
        Map<Layer, Integer> firstMet = new IdentityHashMap<>();
        List<SymbolicTensor> postOrder = new ArrayList<>();
        Set<SymbolicTensor> finished = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor out : outputs) {
            walk(out, firstMet, finished, postOrder);
        }
        // Consumers come before producers in reverse post-order, so each depth is final when it is read.
        Map<SymbolicTensor, Integer> tensorDepth = new IdentityHashMap<>();
        Map<Layer, Integer> layerDepth = new IdentityHashMap<>();
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            SymbolicTensor t = postOrder.get(i);
            Layer l = t.node().layer();
            int depth = Math.max(tensorDepth.getOrDefault(t, 0), layerDepth.getOrDefault(l, 0));
            layerDepth.put(l, depth);
            tensorDepth.put(t, depth);
            for (SymbolicTensor in : t.node().inputs()) {
                tensorDepth.merge(in, depth + 1, Math::max);
            }
        }
        List<Layer> ordered = new ArrayList<>(layerDepth.keySet());
        ordered.sort(java.util.Comparator.comparing((Layer l) -> -layerDepth.get(l)).thenComparing(firstMet::get));
        return ordered;
    }

    private static void walk(SymbolicTensor t, Map<Layer, Integer> firstMet, Set<SymbolicTensor> finished,
                             List<SymbolicTensor> postOrder) {
        if (finished.contains(t)) {
            return;
        }
        firstMet.putIfAbsent(t.node().layer(), firstMet.size());
        for (SymbolicTensor in : t.node().inputs()) {
            walk(in, firstMet, finished, postOrder);
        }
        finished.add(t);
        postOrder.add(t);
    }

    /** The layers in Keras' order (see {@link #kerasLayerOrder}), inputs first in a one-input model, each once. */
    public List<Layer> layers() {
        return layers;
    }

    /** The layer with this name. */
    public Layer getLayer(String layerName) {
        return layers().stream().filter(l -> l.name().equals(layerName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No layer named '" + layerName + "' in model '"
                        + name() + "'; its layers are " + layers().stream().map(Layer::name).toList()));
    }

    public List<SymbolicTensor> inputs() {
        return inputs;
    }

    public List<SymbolicTensor> outputs() {
        return outputs;
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return computeOutputShape(List.of(inputShape));
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        requireSingleOutput();
        return computeOutputShapes(inputShapes).get(0);
    }

    /** The shape of every output for inputs of these shapes (checked against the model's inputs). */
    public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        checkInputs(inputShapes);
        Map<SymbolicTensor, Shape> shapes = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            shapes.put(inputs.get(i), inputShapes.get(i));
        }
        for (SymbolicTensor t : order) {
            if (!shapes.containsKey(t)) {
                List<Shape> in = t.node().inputs().stream().map(shapes::get).collect(Collectors.toList());
                shapes.put(t, t.node().layer().computeOutputShape(in));
            }
        }
        return outputs.stream().map(shapes::get).collect(Collectors.toList());
    }

    private void checkInputs(List<Shape> inputShapes) {
        if (inputShapes.size() != inputs.size()) {
            throw new IllegalArgumentException("Model '" + name() + "' takes " + inputs.size() + " inputs, received "
                    + inputShapes.size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).shape().isCompatibleWith(inputShapes.get(i))) {
                throw new IllegalArgumentException("Model '" + name() + "' expected input "
                        + inputs.get(i).node().layer().name() + " of shape " + inputs.get(i).shape()
                        + ", received shape " + inputShapes.get(i));
            }
        }
    }

    private void requireSingleOutput() {
        if (outputs.size() != 1) {
            throw new IllegalStateException("Model '" + name() + "' has " + outputs.size()
                    + " outputs; use callAll to get them all");
        }
    }

    @Override
    protected Tensor forward(List<Tensor> values, boolean training) {
        requireSingleOutput();
        return run(values).get(0);
    }

    /**
     * Runs the model on {@code values} (one tensor per input) in the given mode and returns every output.
     */
    public List<Tensor> callAll(List<Tensor> values, boolean training) {
        checkInputs(values.stream().map(Tensor::shape).collect(Collectors.toList()));
        return inTrainingMode(training, () -> run(values));
    }

    /** Evaluates the graph in the training mode already set by the enclosing call. */
    private List<Tensor> run(List<Tensor> values) {
        Map<SymbolicTensor, Tensor> known = new IdentityHashMap<>();
        List<Tensor> converted = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor value = values.get(i);
            // Keras converts each input to its Input's dtype (integer pixels or indices into a float32 model).
            if (value.dtype() != inputs.get(i).dtype()) {
                value = value.toType(inputs.get(i).dtype());
                converted.add(value);
            }
            known.put(inputs.get(i), value);
        }
        List<Tensor> results = GraphExecution.evaluate(order, known, outputs, currentTrainingMode());
        converted.stream().filter(c -> results.stream().noneMatch(r -> r == c)).forEach(Tensor::close);
        return results;
    }

    /** The graph's nodes, inputs first, each after the nodes it reads (empty for a {@link Sequential}). */
    List<SymbolicTensor> executionOrder() {
        return order;
    }

    /**
     * A model called as a layer is frozen when every call inside it is, each in its own mode: the mode it
     * was pinned to when the graph was built, or else {@code training}.
     */
    @Override
    public boolean isFrozenFunction(boolean training) {
        if (!super.isFrozenFunction(training)) {
            return false;
        }
        for (SymbolicTensor t : order) {
            SymbolicTensor.Node node = t.node();
            boolean mode = node.training() != null ? node.training() : training;
            if (!node.isInput() && !node.layer().isFrozenFunction(mode)) {
                return false;
            }
        }
        return true;
    }

    /** The output shape of each layer in this model, or {@code "multiple"} for a layer called more than once. */
    private Map<Layer, String> layerOutputShapes() {
        Map<Layer, String> shapes = new IdentityHashMap<>();
        for (SymbolicTensor t : order) {
            Layer l = t.node().layer();
            String shape = l instanceof InputLayer ? "[" + t.shape() + "]" : t.shape().toString();
            shapes.merge(l, shape, (a, b) -> "multiple");
        }
        return shapes;
    }

    // ---- training ---------------------------------------------------------------------------------

    /**
     * Configures the model for training, like Keras' {@code compile}. It also records which weights are
     * trainable now: if {@code setTrainable} changes that later, {@code fit} refuses until {@code compile}
     * is called again.
     */
    public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        if (optimizer == null || loss == null) {
            throw new IllegalArgumentException("compile() needs an optimizer and a loss, received optimizer="
                    + optimizer + ", loss=" + loss);
        }
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = List.of(metrics);
        this.compiledTrainableWeights = List.copyOf(trainableWeights());
    }

    /**
     * Trains the model on batches for {@code options.epochs()} epochs, like Keras' {@code fit}; returns the
     * per-epoch logs. Refuses when the model is not compiled or its trainable weights changed since
     * {@code compile}.
     */
    public History fit(Iterable<Batch> data, FitOptions options) {
        return trainer().fit(data, options);
    }

    /**
     * Trains the model on in-memory inputs {@code x} {@code [samples, ...]} and targets {@code y}, cut into
     * batches of {@code options.batchSize()} and shuffled each epoch unless told otherwise.
     */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        return trainer().fit(x, y, options);
    }

    /** The loss and metrics over {@code data}, with a progress bar; see {@link #evaluate(Iterable, InferenceOptions)}. */
    public Map<String, Double> evaluate(Iterable<Batch> data) {
        return evaluate(data, InferenceOptions.defaults());
    }

    /** The loss and metrics over {@code data} (names as in {@code fit}'s logs), in inference mode. */
    public Map<String, Double> evaluate(Iterable<Batch> data, InferenceOptions options) {
        return trainer().evaluate(data, options);
    }

    /** The loss and metrics over in-memory inputs and targets. */
    public Map<String, Double> evaluate(Tensor x, Tensor y, InferenceOptions options) {
        return trainer().evaluate(x, y, options);
    }

    /** The outputs for every batch of {@code data}, concatenated; see {@link #predict(Iterable, InferenceOptions)}. */
    public Tensor predict(Iterable<Batch> data) {
        return predict(data, InferenceOptions.defaults());
    }

    /** The outputs for every batch of {@code data}, concatenated, in inference mode; the caller owns them. */
    public Tensor predict(Iterable<Batch> data, InferenceOptions options) {
        return trainer().predict(data, options);
    }

    /** The outputs for in-memory inputs {@code x} {@code [samples, ...]}, in batches of 32, with a progress bar. */
    public Tensor predict(Tensor x) {
        return predict(x, InferenceOptions.defaults());
    }

    /** The outputs for in-memory inputs {@code x} {@code [samples, ...]}, computed in batches; the caller owns them. */
    public Tensor predict(Tensor x, InferenceOptions options) {
        return trainer().predict(x, options);
    }

    private Trainer trainer() {
        if (trainer == null) {
            trainer = new Trainer(this);
        }
        return trainer;
    }

    /** The loss given to {@code compile}, or null before the model is compiled. */
    public Loss loss() {
        return loss;
    }

    /** The metrics given to {@code compile}, in order. */
    public List<Metric> metrics() {
        return metrics;
    }

    /** The trainable weights recorded by the last {@code compile}, or null before the model is compiled. */
    public List<Variable> compiledTrainableWeights() {
        return compiledTrainableWeights;
    }

    /** The optimizer given to {@code compile}, or null before the model is compiled. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** Whether a callback asked {@code fit} to stop after the current epoch. */
    public boolean stopTraining() {
        return stopTraining;
    }

    /** Asks {@code fit} to stop at the end of the current epoch (Keras' {@code model.stop_training = True}). */
    public void setStopTraining(boolean stopTraining) {
        this.stopTraining = stopTraining;
    }

    /**
     * The data-parallel strategy of the fit in progress (Keras' {@code distribute_strategy}), or null when the
     * model trains in one process or is not training; callbacks use it to write files on rank 0 only.
     */
    public DistributedStrategy distributeStrategy() {
        return distributeStrategy;
    }

    /** Set by {@code fit} for its duration. */
    public void setDistributeStrategy(DistributedStrategy strategy) {
        this.distributeStrategy = strategy;
    }

    /** The summary's rows: each layer, in order, with its output shape. */
    List<Map.Entry<Layer, String>> summaryRows() {
        Map<Layer, String> shapes = layerOutputShapes();
        return layers().stream().map(l -> Map.entry(l, shapes.get(l))).collect(Collectors.toList());
    }

    /** The type shown by {@link #summary()}: {@code Functional} for a functional model, as in Keras. */
    protected String summaryTypeName() {
        return "Functional";
    }

    /** Prints the Keras summary table to standard output. */
    public void summary() {
        summary(System.out::println);
    }

    /** Passes each line of the Keras summary table to {@code printFn}. */
    public void summary(Consumer<String> printFn) {
        new Summary(this).print(printFn);
    }

    /** The Keras summary table as text. */
    public String summaryText() {
        StringBuilder sb = new StringBuilder();
        summary(line -> sb.append(line).append('\n'));
        return sb.toString();
    }

    // ---- saving weights ---------------------------------------------------------------------------

    /**
     * Saves every weight to {@code path} in Keras' legacy h5 layout, which {@code model.load_weights} of
     * Keras reads (see {@link dev.graft.saving.H5WeightsWriter}). The file is replaced atomically.
     */
    public void saveWeights(java.nio.file.Path path) {
        dev.graft.saving.H5WeightsWriter.save(this, path);
    }

    /**
     * Loads weights saved by {@link #saveWeights} or by Keras ({@code .h5}), matching layers by position
     * as Keras does; a mismatch is an error and leaves the weights unchanged.
     */
    public void loadWeights(java.nio.file.Path path) {
        dev.graft.saving.H5WeightsLoader.load(this, path, dev.graft.saving.LoadOptions.defaults());
    }

    /** Loads weights by position or by name, optionally skipping mismatches, as {@code options} say. */
    public void loadWeights(java.nio.file.Path path, dev.graft.saving.LoadOptions options) {
        dev.graft.saving.H5WeightsLoader.load(this, path, options);
    }

    // ---- saving the whole model -------------------------------------------------------------------

    /**
     * Keras' {@code get_config()} of the model: for a functional model its name, {@code trainable}, every
     * layer (serialized, with the calls that connect them) and its inputs and outputs; for a Sequential its
     * layers in order (see {@link dev.graft.saving.ModelSerializer}).
     *
     * @throws IllegalArgumentException if a layer has no Keras configuration (see
     *     {@link dev.graft.saving.LayerRegistry})
     */
    @Override
    public dev.graft.layers.LayerConfig getConfig() {
        return dev.graft.saving.ModelSerializer.config(this);
    }

    /**
     * Saves the whole model, architecture and weights, to {@code path} (ending in {@code .keras}) in Keras 3's
     * format, which {@link Models#load} and Keras' {@code keras.models.load_model} read. The file is replaced
     * atomically: a failed save leaves the previous one as it was. The training state (optimizer, loss,
     * metrics) is not saved.
     */
    public void save(java.nio.file.Path path) {
        dev.graft.saving.KerasModelFile.save(this, path);
    }
}
