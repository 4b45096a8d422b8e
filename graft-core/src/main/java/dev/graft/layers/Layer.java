package dev.graft.layers;

import dev.graft.initializers.Initializer;
import dev.graft.tensor.DType;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorOperationException;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import dev.graft.utils.Names;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The base of every layer, with Keras semantics.
 *
 * <ul>
 *   <li>The constructor stores configuration only; {@link #build(Shape...)} runs on the first call, with the
 *       input shape, and creates the weights through {@link #addWeight}.</li>
 *   <li>{@link #weights()}, {@link #trainableWeights()} and {@link #nonTrainableWeights()} list the
 *       variables of this layer and its sub-layers; {@link #setTrainable(boolean)} freezes or unfreezes
 *       them all, recursively.</li>
 *   <li>{@code training} is a call-time mode, separate from {@code trainable}: {@code call(x, training)}
 *       pins it for that call and every layer inside it; {@code call(x)} inherits the mode of the
 *       enclosing call (inference at top level).</li>
 *   <li>Called on a {@link SymbolicTensor}, a layer adds a node to a model under construction and checks
 *       shapes at once; called on a {@link Tensor}, it computes.</li>
 * </ul>
 * Images are {@code [batch, height, width, channels]}.
 */
public abstract class Layer implements AutoCloseable {
    /** The training mode of the call in progress on this thread (false outside any call). */
    private static final ThreadLocal<Boolean> TRAINING = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** The most values one new weight may have on this thread, or null for no limit. */
    private static final ThreadLocal<Long> WEIGHT_SIZE_LIMIT = new ThreadLocal<>();

    private final String name;
    private final DType dtype;
    private boolean trainable = true;
    private boolean built;
    private List<Shape> buildShapes;
    private final List<Variable> trainableVariables = new ArrayList<>();
    private final List<Variable> nonTrainableVariables = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();

    /**
     * @param name the layer's name, or null for a unique default derived from the class ({@code dense},
     *     {@code dense_1}, ...)
     * @param dtype the type of the weights and of the computation
     */
    protected Layer(String name, DType dtype) {
        this.name = name != null ? name : Names.unique(Names.snakeCase(getClass().getSimpleName()));
        this.dtype = dtype;
    }

    /** A layer configured by a builder's common options. */
    protected Layer(Builder<?> builder) {
        this(builder.name, builder.dtype);
        this.trainable = builder.trainable;
    }

    public String name() {
        return name;
    }

    /** The type of the weights and of the computation, float32 unless configured otherwise. */
    public DType dtype() {
        return dtype;
    }

    // ---- building -------------------------------------------------------------------------------

    /**
     * Creates the weights, through {@link #addWeight}, for inputs of {@code inputShape} (batch first).
     * Called once, by {@link #build(Shape...)} or the first call; single-input layers with weights override it.
     */
    protected void onBuild(Shape inputShape) {
    }

    /**
     * Creates the weights for several inputs; multi-input layers with weights override this. How many inputs a
     * layer takes is checked by {@link #computeOutputShape(List)}, which runs right after.
     */
    protected void onBuild(List<Shape> inputShapes) {
        if (inputShapes.size() == 1) {
            onBuild(inputShapes.get(0));
        }
    }

    /** The output shape for inputs of {@code inputShape}; fails with a clear message on a bad input shape. */
    public abstract Shape computeOutputShape(Shape inputShape);

    /** The output shape for several inputs; multi-input layers override this. */
    public Shape computeOutputShape(List<Shape> inputShapes) {
        return computeOutputShape(single(inputShapes));
    }

    /** Builds the layer (creates its weights) for inputs of these shapes, unless it is built already. */
    public final void build(Shape... inputShapes) {
        ensureBuilt(List.of(inputShapes));
    }

    public boolean isBuilt() {
        return built;
    }

    /** The input shapes this layer was built for, or an empty list before it is built. */
    public List<Shape> buildShapes() {
        return built ? buildShapes : List.of();
    }

    private void ensureBuilt(List<Shape> shapes) {
        if (!built) {
            // Weights are created here, so nothing made during build may belong to the caller's scope.
            try (TensorScope scope = TensorScope.open()) {
                onBuild(shapes);
            }
            // A layer is built only for shapes it accepts; a bad first input leaves it unbuilt.
            computeOutputShape(shapes);
            built = true;
            buildShapes = List.copyOf(shapes);
        }
    }

    private Shape single(List<Shape> shapes) {
        if (shapes.size() != 1) {
            throw new IllegalArgumentException(describe() + " takes one input, received " + shapes.size());
        }
        return shapes.get(0);
    }

    /**
     * Creates a weight of this layer: {@code trainable} weights are updated by optimizers, the others (such
     * as moving statistics) by the layer itself.
     */
    protected final Variable addWeight(String weightName, Shape shape, Initializer initializer, boolean trainable) {
        return addWeight(weightName, shape, initializer, trainable, new int[0]);
    }

    /**
     * {@link #addWeight(String, Shape, Initializer, boolean)} with the weight stored in {@code memoryOrder}
     * (see {@link Variable#Variable(String, Tensor, boolean, int...)}), for kernels the engine reads in
     * another layout.
     */
    protected final Variable addWeight(String weightName, Shape shape, Initializer initializer, boolean trainable,
            int[] memoryOrder) {
        checkWeightSize(weightName, shape);
        Variable v;
        try (Tensor init = initializer.initialize(shape, dtype)) {
            v = new Variable(name + "/" + weightName, init, trainable && this.trainable, memoryOrder);
        }
        (trainable ? trainableVariables : nonTrainableVariables).add(v);
        return v;
    }

    private void checkWeightSize(String weightName, Shape shape) {
        Long limit = WEIGHT_SIZE_LIMIT.get();
        if (limit == null) {
            return;
        }
        long size = 1;
        try {
            for (long d : shape.dims()) {
                size = Math.multiplyExact(size, d);
            }
        } catch (ArithmeticException overflow) {
            size = Long.MAX_VALUE;
        }
        if (size > limit) {
            throw new IllegalArgumentException(describe() + " would create weight '" + weightName + "' of shape "
                    + shape + " (" + (size == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : size) + " values), "
                    + "over the limit of " + limit + " values per weight; check its configuration and input shape");
        }
    }

    /**
     * Runs {@code body} on this thread while refusing to create any weight of more than {@code maxValues}
     * values: the layer fails before allocating anything. Loaders of model files use it so that an absurd
     * configuration (say {@code Dense} with {@code 10^9} units) is an error rather than an exhausted memory.
     */
    public static <T> T withWeightSizeLimit(long maxValues, java.util.function.Supplier<T> body) {
        Long previous = WEIGHT_SIZE_LIMIT.get();
        WEIGHT_SIZE_LIMIT.set(previous == null ? maxValues : Math.min(previous, maxValues));
        try {
            return body.get();
        } finally {
            WEIGHT_SIZE_LIMIT.set(previous);
        }
    }

    /** Registers a sub-layer whose weights belong to this layer. */
    protected final <T extends Layer> T trackLayer(T layer) {
        layers.add(layer);
        return layer;
    }

    /** The sub-layers registered with {@link #trackLayer}. */
    protected List<Layer> trackedLayers() {
        return Collections.unmodifiableList(layers);
    }

    /**
     * The random generators this layer and its sub-layers draw from (Dropout's masks, the augmentation
     * layers' transformations), each once, in layer order. A checkpoint keeps their state so that resumed
     * training draws what the interrupted run would have drawn.
     */
    public List<SeedGenerator> seedGenerators() {
        Set<SeedGenerator> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<SeedGenerator> all = new ArrayList<>();
        for (SeedGenerator g : ownSeedGenerators()) {
            if (seen.add(g)) {
                all.add(g);
            }
        }
        for (Layer l : layers) {
            for (SeedGenerator g : l.seedGenerators()) {
                if (seen.add(g)) {
                    all.add(g);
                }
            }
        }
        return all;
    }

    /** The generators this layer itself owns (not its sub-layers'): none unless it is random. */
    protected List<SeedGenerator> ownSeedGenerators() {
        return List.of();
    }

    // ---- weights --------------------------------------------------------------------------------

    /** Every weight: this layer's trainable ones, then its non-trainable ones, then its sub-layers'. */
    public List<Variable> weights() {
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Variable> all = new ArrayList<>();
        collectWeights(all, seen);
        return all;
    }

    private void collectWeights(List<Variable> into, Set<Variable> seen) {
        for (Variable v : trainableVariables) {
            if (seen.add(v)) {
                into.add(v);
            }
        }
        for (Variable v : nonTrainableVariables) {
            if (seen.add(v)) {
                into.add(v);
            }
        }
        for (Layer l : layers) {
            l.collectWeights(into, seen);
        }
    }

    /** The weights an optimizer updates: none if this layer is frozen. */
    public List<Variable> trainableWeights() {
        if (!trainable) {
            return List.of();
        }
        return weights().stream().filter(Variable::trainable).collect(Collectors.toList());
    }

    /** The weights an optimizer leaves alone: all of them if this layer is frozen. */
    public List<Variable> nonTrainableWeights() {
        if (!trainable) {
            return weights();
        }
        return weights().stream().filter(v -> !v.trainable()).collect(Collectors.toList());
    }

    public boolean isTrainable() {
        return trainable;
    }

    /**
     * Freezes ({@code false}) or unfreezes this layer and, recursively, every sub-layer. A frozen layer's
     * weights move to {@link #nonTrainableWeights()}; a frozen BatchNormalization runs in inference mode.
     */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
        for (Variable v : trainableVariables) {
            v.setTrainable(trainable);
        }
        for (Layer l : layers) {
            l.setTrainable(trainable);
        }
    }

    /**
     * Whether a call of this layer in the given mode is a frozen function of its inputs: its output for a
     * sample depends on nothing but that sample's input values and the current weight values — not on
     * random draws, not on state the call itself updates, not on the other samples of the batch — it equals
     * the inference-mode output, and no gradient is needed through the layer (it has no trainable weight).
     * {@code fit} uses it to find the frozen prefix of a model (such as a frozen base called with
     * {@code training=false}) whose outputs it computes once and reuses across epochs; see
     * {@code FitOptions.optReuseFrozenPrefix}.
     *
     * <p>The default answers "built, and no trainable weights", which suits layers that compute the same
     * deterministic function in both modes (convolutions, pooling, Rescaling, Add, ...). A layer that draws
     * random numbers, updates its own state or computes differently when training must override it, as
     * {@code Dropout}, {@code BatchNormalization} and the random preprocessing layers do; a custom layer
     * that does any of this must too, or {@code fit} may reuse outputs it should have recomputed.
     *
     * @param training the mode the layer is called in
     */
    public boolean isFrozenFunction(boolean training) {
        return built && trainableWeights().isEmpty();
    }

    /** The total number of weight values. */
    public long countParams() {
        if (!built) {
            throw new IllegalStateException(describe() + " is not built yet, so it has no weights to count; "
                    + "call it on an input or build() it first");
        }
        return weights().stream().mapToLong(Variable::size).sum();
    }

    /** Copies of every weight's values, in the order of {@link #weights()}. */
    public List<HostArray> getWeights() {
        return weights().stream().map(Variable::toHostArray).collect(Collectors.toList());
    }

    /** Sets every weight from host values, in the order of {@link #weights()}; shapes must match. */
    public void setWeights(List<HostArray> values) {
        List<Variable> ws = weights();
        if (values.size() != ws.size()) {
            throw new IllegalArgumentException(describe() + " has " + ws.size() + " weights, setWeights received "
                    + values.size() + " arrays");
        }
        for (int i = 0; i < ws.size(); i++) {
            Shape expected = ws.get(i).shape();
            Shape received = values.get(i).toShape();
            if (!expected.equals(received)) {
                throw new IllegalArgumentException(describe() + ": weight '" + ws.get(i).name() + "' has shape "
                        + expected + ", setWeights received " + received);
            }
        }
        for (int i = 0; i < ws.size(); i++) {
            ws.get(i).assign(values.get(i));
        }
    }

    // ---- calling on tensors ---------------------------------------------------------------------

    /** Computes this layer in the training mode of the enclosing call (inference at top level). */
    public final Tensor call(Tensor input) {
        return invoke(List.of(input), null);
    }

    /** Computes this layer with {@code training} pinned for this call and every layer inside it. */
    public final Tensor call(Tensor input, boolean training) {
        return invoke(List.of(input), training);
    }

    /** Computes a multi-input layer (such as {@link Add}) in the enclosing call's training mode. */
    public final Tensor call(List<Tensor> inputs) {
        return invoke(inputs, null);
    }

    /** Computes a multi-input layer with {@code training} pinned. */
    public final Tensor call(List<Tensor> inputs, boolean training) {
        return invoke(inputs, training);
    }

    private Tensor invoke(List<Tensor> inputs, Boolean training) {
        List<Tensor> cast = prepareInputs(inputs);
        boolean mode = training != null ? training : TRAINING.get();
        try {
            return inTrainingMode(mode, () -> forward(cast, mode));
        } catch (TensorOperationException e) {
            // The engine names the operation; the user needs to know which layer ran it.
            throw e.inLayer(describe());
        }
    }

    /**
     * What {@link #call(Tensor)} does before computing: builds the layer if needed, checks the input's shape
     * and casts it to the layer's dtype. For layers that offer a fused call beside {@code call}.
     */
    protected final Tensor prepareInput(Tensor input) {
        return prepareInputs(List.of(input)).get(0);
    }

    private List<Tensor> prepareInputs(List<Tensor> inputs) {
        List<Shape> shapes = inputs.stream().map(Tensor::shape).collect(Collectors.toList());
        ensureBuilt(shapes);
        computeOutputShape(shapes);
        return castInputs(inputs);
    }

    /** Floating inputs of another precision are converted to this layer's dtype, as Keras autocasts. */
    private List<Tensor> castInputs(List<Tensor> inputs) {
        List<Tensor> cast = null;
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = inputs.get(i);
            if (x.dtype().isFloating() && x.dtype() != dtype) {
                if (cast == null) {
                    cast = new ArrayList<>(inputs);
                }
                cast.set(i, x.toType(dtype));
            }
        }
        return cast == null ? inputs : cast;
    }

    /** The training mode of the call being computed on this thread (false outside any call). */
    protected static boolean currentTrainingMode() {
        return TRAINING.get();
    }

    /** Runs {@code body} with the training mode set, as a call of this layer with {@code training} would. */
    protected static <T> T inTrainingMode(boolean training, java.util.function.Supplier<T> body) {
        boolean previous = TRAINING.get();
        TRAINING.set(training);
        try {
            return body.get();
        } finally {
            TRAINING.set(previous);
        }
    }

    /** The computation of a single-input layer, in the resolved training mode. */
    protected Tensor forward(Tensor input, boolean training) {
        throw new UnsupportedOperationException(describe() + " takes several inputs; pass a list");
    }

    /** The computation of a layer with several inputs; single-input layers implement the other overload. */
    protected Tensor forward(List<Tensor> inputs, boolean training) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(describe() + " takes one input, received " + inputs.size());
        }
        return forward(inputs.get(0), training);
    }

    // ---- calling on symbolic tensors ------------------------------------------------------------

    /** Adds a call of this layer to a model under construction; the mode is inherited when the model runs. */
    public final SymbolicTensor call(SymbolicTensor input) {
        return invokeSymbolic(List.of(input), null);
    }

    /**
     * Adds a call of this layer with {@code training} pinned for good: {@code base.call(x, false)} keeps
     * the base in inference mode even when the outer model is trained.
     */
    public final SymbolicTensor call(SymbolicTensor input, boolean training) {
        return invokeSymbolic(List.of(input), training);
    }

    /** Adds a call of a multi-input layer to a model under construction. */
    public final SymbolicTensor callSymbolic(List<SymbolicTensor> inputs) {
        return invokeSymbolic(inputs, null);
    }

    /** Adds a call of a multi-input layer with {@code training} pinned for good. */
    public final SymbolicTensor callSymbolic(List<SymbolicTensor> inputs, boolean training) {
        return invokeSymbolic(inputs, training);
    }

    private SymbolicTensor invokeSymbolic(List<SymbolicTensor> inputs, Boolean training) {
        List<Shape> shapes = inputs.stream().map(SymbolicTensor::shape).collect(Collectors.toList());
        ensureBuilt(shapes);
        Shape out = computeOutputShape(shapes);
        return new SymbolicTensor(out, dtype, new SymbolicTensor.Node(this, List.copyOf(inputs), training));
    }

    // ---- configuration ----------------------------------------------------------------------------

    /**
     * This layer's configuration in Keras' schema ({@code get_config()}): {@code name}, {@code trainable} and
     * the {@code dtype} policy, then the options {@link #writeConfig} adds, under Keras' names. With the Keras
     * class name, it is what {@code config.json} of a {@code .keras} file holds for the layer; each layer's
     * static {@code fromConfig(LayerConfig)} builds an equal layer (without weights) from it.
     */
    public LayerConfig getConfig() {
        LayerConfig config = new LayerConfig();
        config.put("name", name).put("trainable", trainable).putDTypePolicy("dtype", dtype);
        writeConfig(config);
        return config;
    }

    /**
     * Adds this layer's own options to {@code config}, under Keras' names and in Keras' order; layers with
     * options override it (and provide a static {@code fromConfig(LayerConfig)} reading them back).
     */
    protected void writeConfig(LayerConfig config) {
    }

    // ---- misc -----------------------------------------------------------------------------------

    /** {@code Layer 'dense_1' (Dense)}, for messages. */
    protected String describe() {
        return "Layer '" + name + "' (" + getClass().getSimpleName() + ")";
    }

    /** An error that names this layer, what it expected and the shape it received. */
    protected IllegalArgumentException shapeError(String expected, Shape received) {
        return new IllegalArgumentException(describe() + " expected " + expected + ", received input shape "
                + received);
    }

    /** Frees every weight of this layer and its sub-layers. */
    @Override
    public void close() {
        for (Variable v : trainableVariables) {
            v.close();
        }
        for (Variable v : nonTrainableVariables) {
            v.close();
        }
        for (Layer l : layers) {
            l.close();
        }
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " name=" + name + ", built=" + built + ">";
    }

    /**
     * Options every layer builder offers. Required settings are {@code setX}, optional ones {@code optX};
     * {@code build()} validates them.
     */
    public abstract static class Builder<B extends Builder<B>> {
        private String name;
        private DType dtype = DType.FLOAT32;
        private boolean trainable = true;

        /** The layer's name (default: unique, derived from the class). */
        public B optName(String name) {
            this.name = name;
            return self();
        }

        /** The type of the weights and the computation (default float32). */
        public B optDType(DType dtype) {
            this.dtype = dtype;
            return self();
        }

        /** Whether the layer starts trainable (default true). */
        public B optTrainable(boolean trainable) {
            this.trainable = trainable;
            return self();
        }

        protected abstract B self();
    }
}
