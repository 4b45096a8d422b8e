package dev.graft.optimizers;

import dev.graft.optimizers.schedules.LearningRateSchedule;
import dev.graft.tensor.Engine;
import dev.graft.tensor.NoGrad;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates variables from their gradients, like Keras 3's {@code Optimizer}.
 *
 * <p>Each {@link #applyGradients} call is one step: it evaluates the learning rate (a number, or a
 * {@link LearningRateSchedule} at {@link #iterations()}), clips the gradients ({@code clipnorm},
 * {@code clipvalue} or {@code globalClipnorm}), applies decoupled weight decay
 * ({@code var -= var * weightDecay * lr}), runs the subclass' update rule, and counts the step.
 *
 * <p>Per-variable state (Adam's momentum and velocity, for instance) is created, zero-filled, the first time
 * a variable is given; it is kept in non-trainable variables named {@code <optimizer>/<variable>_<slot>}
 * (slashes in the variable's name become underscores, as in Keras) and listed by {@link #variables()}.
 * {@link #close()} frees them.
 *
 * <p>Variables and state are updated in place: their storages keep their identity across steps, so a
 * variable stays the same autograd leaf and everything holding it sees the new values. The update arithmetic
 * never joins a gradient graph, even inside an open {@link dev.graft.tensor.GradientTape}, and frees its
 * intermediates before returning. An optimizer is not thread-safe.
 */
public abstract class Optimizer implements AutoCloseable {
    private final String name;
    private final LearningRateSchedule schedule;
    private double learningRate;
    private final double clipnorm;
    private final double clipvalue;
    private final double globalClipnorm;
    private final double weightDecay;
    private final List<String> excludedFromWeightDecay;
    private final Map<Variable, List<Variable>> slotsByVariable = new IdentityHashMap<>();
    private final List<Variable> stateVariables = new ArrayList<>();
    private long iterations;
    private boolean closed;

    /** Reads and checks the options common to every optimizer. */
    protected Optimizer(Builder<?> builder) {
        int clipOptions = (builder.clipnorm != null ? 1 : 0) + (builder.clipvalue != null ? 1 : 0)
                + (builder.globalClipnorm != null ? 1 : 0);
        if (clipOptions > 1) {
            throw new IllegalArgumentException("Only one of clipnorm, clipvalue and globalClipnorm can be set, "
                    + "received clipnorm=" + builder.clipnorm + ", clipvalue=" + builder.clipvalue
                    + ", globalClipnorm=" + builder.globalClipnorm);
        }
        this.name = builder.name;
        this.schedule = builder.schedule;
        this.learningRate = builder.learningRate;
        this.clipnorm = positiveOrOff("clipnorm", builder.clipnorm);
        this.clipvalue = positiveOrOff("clipvalue", builder.clipvalue);
        this.globalClipnorm = positiveOrOff("globalClipnorm", builder.globalClipnorm);
        if (!Double.isFinite(builder.weightDecay) || builder.weightDecay < 0) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, received " + builder.weightDecay);
        }
        this.weightDecay = builder.weightDecay;
        this.excludedFromWeightDecay = builder.excludedFromWeightDecay;
        if (schedule == null) {
            checkLearningRate(learningRate);
        }
    }

    private static double positiveOrOff(String option, Double value) {
        if (value == null) {
            return 0;
        }
        if (!(value > 0) || value.isInfinite()) {
            throw new IllegalArgumentException(option + " must be finite and > 0, received " + value
                    + "; leave it unset to turn it off");
        }
        return value;
    }

    private static void checkLearningRate(double learningRate) {
        if (!Double.isFinite(learningRate) || learningRate < 0) {
            throw new IllegalArgumentException("The learning rate must be finite and >= 0, received " + learningRate);
        }
    }

    // ---- the update step ------------------------------------------------------------------------

    /**
     * Applies one update step: {@code grads.get(i)} is the gradient of {@code variables.get(i)} and has its
     * shape. A null gradient leaves its variable alone; empty lists do nothing (and do not count a step).
     *
     * @throws IllegalArgumentException if the lists differ in length, a gradient's shape differs from its
     *                                  variable's, a variable is not floating point, or every gradient is null
     * @throws IllegalStateException    if this optimizer was closed
     */
    public final void applyGradients(List<Tensor> grads, List<Variable> variables) {
        if (closed) {
            throw new IllegalStateException("Optimizer '" + name + "' is closed; create a new one to keep training");
        }
        checkArguments(grads, variables);
        if (variables.isEmpty()) {
            return; // as Keras: nothing to update is not a step
        }
        List<Tensor> presentGrads = new ArrayList<>();
        List<Variable> updated = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            if (grads.get(i) != null) {
                presentGrads.add(grads.get(i));
                updated.add(variables.get(i));
            }
        }
        if (updated.isEmpty()) {
            throw new IllegalArgumentException("No gradients provided for any variable: all " + variables.size()
                    + " gradients are null (" + names(variables) + "); check that the loss depends on them");
        }
        double lr = learningRate();
        build(variables);
        try (NoGrad noGrad = NoGrad.open(); TensorScope scope = TensorScope.open()) {
            List<Tensor> clipped = clipGradients(presentGrads);
            List<Tensor> gradients = new ArrayList<>(updated.size());
            List<List<Variable>> slots = new ArrayList<>(updated.size());
            for (int i = 0; i < updated.size(); i++) {
                Variable variable = updated.get(i);
                Tensor gradient = clipped.get(i);
                gradients.add(gradient.dtype() == variable.dtype() ? gradient : gradient.toType(variable.dtype()));
                slots.add(slotsByVariable.get(variable));
                applyWeightDecay(variable, lr);
            }
            updateSteps(updated, gradients, slots, lr);
        }
        iterations++;
    }

    private static void checkArguments(List<Tensor> grads, List<Variable> variables) {
        if (grads == null || variables == null) {
            throw new IllegalArgumentException("applyGradients() needs a list of gradients and a list of variables, "
                    + "received grads=" + grads + ", variables=" + variables);
        }
        if (grads.size() != variables.size()) {
            throw new IllegalArgumentException("applyGradients() received " + grads.size() + " gradients for "
                    + variables.size() + " variables (" + names(variables) + "); pass one gradient (or null) per "
                    + "variable, in the same order");
        }
        for (int i = 0; i < variables.size(); i++) {
            Variable variable = variables.get(i);
            if (variable == null) {
                throw new IllegalArgumentException("applyGradients() received a null variable at index " + i);
            }
            if (!variable.dtype().isFloating()) {
                throw new IllegalArgumentException("Variable '" + variable.name() + "' has dtype " + variable.dtype()
                        + "; optimizers update float32 or float64 variables only");
            }
            Tensor gradient = grads.get(i);
            if (gradient != null && !gradient.shape().equals(variable.shape())) {
                throw new IllegalArgumentException("The gradient at index " + i + " has shape " + gradient.shape()
                        + " but its variable '" + variable.name() + "' has shape " + variable.shape()
                        + "; pass the gradients in the order of the variables");
            }
        }
    }

    private static String names(List<Variable> variables) {
        List<String> names = new ArrayList<>(variables.size());
        for (Variable v : variables) {
            names.add(v == null ? "null" : "'" + v.name() + "'");
        }
        return String.join(", ", names);
    }

    private List<Variable> createSlots(Variable variable) {
        List<String> slotNames = slotNames();
        List<Variable> slots = new ArrayList<>(slotNames.size());
        String prefix = name + "/" + variable.name().replace('/', '_') + "_";
        for (String slotName : slotNames) {
            // The variable copies its initial value: free the zeros at once, not at the end of the step.
            try (Tensor zeros = Tensor.zeros(variable.shape(), variable.dtype())) {
                Variable slot = new Variable(prefix + slotName, zeros, false, variable.memoryOrder());
                slots.add(slot);
                stateVariables.add(slot);
            }
        }
        return Collections.unmodifiableList(slots);
    }

    private List<Tensor> clipGradients(List<Tensor> grads) {
        if (clipnorm > 0) {
            return grads.stream().map(g -> GradientClipping.byNorm(g, clipnorm)).toList();
        }
        if (globalClipnorm > 0) {
            return GradientClipping.byGlobalNorm(grads, globalClipnorm);
        }
        if (clipvalue > 0) {
            return grads.stream().map(g -> g.clip(-clipvalue, clipvalue)).toList();
        }
        return grads;
    }

    private void applyWeightDecay(Variable variable, double lr) {
        if (weightDecay == 0 || isExcludedFromWeightDecay(variable)) {
            return;
        }
        // var -= var * weightDecay * lr, in place: one pass over the variable, no temporary.
        Tensor value = variable.value();
        Engine.get().addInPlace(value, value, -weightDecay * lr);
    }

    private boolean isExcludedFromWeightDecay(Variable variable) {
        for (String part : excludedFromWeightDecay) {
            if (variable.name().contains(part)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The names of the state this optimizer keeps per variable, e.g. {@code momentum} and {@code velocity};
     * each becomes a zero-filled variable of the variable's shape and dtype.
     */
    protected abstract List<String> slotNames();

    /**
     * Updates {@code variable} from its {@code gradient}, which is already clipped and in the variable's dtype.
     * Called under {@link NoGrad} inside a {@link TensorScope} of its own, after weight decay and before
     * {@link #iterations()} is incremented. Write results in place ({@link Variable#assignAdd},
     * {@link Variable#assignSub}, the in-place operations of {@link Engine}) or with
     * {@link Variable#assign(Tensor)}.
     *
     * @param slots        this variable's state, in the order of {@link #slotNames()}
     * @param learningRate the learning rate of this step
     */
    protected abstract void updateStep(Variable variable, Tensor gradient, List<Variable> slots, double learningRate);

    /**
     * Updates every variable of one step, like the {@code _backend_update_step} of Keras' torch backend:
     * {@code gradients.get(i)} and {@code slots.get(i)} belong to {@code variables.get(i)}. The default calls
     * {@link #updateStep} for each variable in a {@link TensorScope} of its own, so that the intermediates of
     * one variable are freed before the next. Override it to hand all variables to a multi-tensor kernel.
     */
    protected void updateSteps(List<Variable> variables, List<Tensor> gradients, List<List<Variable>> slots,
                               double learningRate) {
        for (int i = 0; i < variables.size(); i++) {
            try (TensorScope scope = TensorScope.open()) {
                updateStep(variables.get(i), gradients.get(i), slots.get(i), learningRate);
            }
        }
    }

    // ---- state and options ----------------------------------------------------------------------

    /** The name, which prefixes the state variables: {@code adam}, {@code adamw}, {@code SGD}, {@code rmsprop}. */
    public final String name() {
        return name;
    }

    /** The learning rate the next step will use: the schedule's value at {@link #iterations()}, if any. */
    public final double learningRate() {
        return schedule != null ? schedule.at(iterations) : learningRate;
    }

    /**
     * Sets a constant learning rate.
     *
     * @throws IllegalStateException if this optimizer follows a {@link LearningRateSchedule}
     */
    public final void setLearningRate(double learningRate) {
        if (schedule != null) {
            throw new IllegalStateException("Optimizer '" + name + "' takes its learning rate from " + schedule
                    + ", so it cannot be set; create the optimizer with a number learning rate to set it");
        }
        checkLearningRate(learningRate);
        this.learningRate = learningRate;
    }

    /** The schedule the learning rate follows, or null for a constant learning rate. */
    public final LearningRateSchedule learningRateSchedule() {
        return schedule;
    }

    /** The number of update steps applied so far. */
    public final long iterations() {
        return iterations;
    }

    /**
     * Sets the number of steps applied so far, as Keras' {@code optimizer.iterations.assign(n)}: a schedule's
     * learning rate and Adam's bias correction continue from it. Used to restore a checkpoint.
     *
     * @throws IllegalArgumentException if {@code iterations} is negative
     */
    public final void setIterations(long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException("Optimizer '" + name + "': iterations must be >= 0, received "
                    + iterations);
        }
        this.iterations = iterations;
    }

    /**
     * Creates the state of every variable in {@code variables} not seen yet, zero-filled, in that order, as
     * Keras' {@code optimizer.build(var_list)}; the first {@link #applyGradients} does the same. Building
     * before loading a checkpoint gives the state variables that the saved ones are copied into.
     *
     * @throws IllegalStateException if this optimizer was closed
     */
    public final void build(List<Variable> variables) {
        if (closed) {
            throw new IllegalStateException("Optimizer '" + name + "' is closed; create a new one to keep training");
        }
        // A scope of its own: nothing the slots are made from stays tracked in the caller's scope.
        try (NoGrad noGrad = NoGrad.open(); TensorScope scope = TensorScope.open()) {
            for (Variable variable : variables) {
                slotsByVariable.computeIfAbsent(variable, this::createSlots);
            }
        }
    }

    /**
     * The optimizer's state variables (non-trainable), in creation order: for each variable seen, its slots
     * in the order of {@link #slotNames()}.
     */
    public final List<Variable> variables() {
        return List.copyOf(stateVariables);
    }

    /** Frees the state variables; the optimizer cannot be used afterwards. Closing twice is harmless. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Variable v : stateVariables) {
            v.close();
        }
        stateVariables.clear();
        slotsByVariable.clear();
    }

    /** The subclass' own hyperparameters for {@link #toString()}, e.g. {@code beta1=0.9, beta2=0.999}. */
    protected String hyperparameters() {
        return "";
    }

    @Override
    public final String toString() {
        StringBuilder s = new StringBuilder(getClass().getSimpleName()).append("(name=").append(name)
                .append(", learningRate=").append(schedule != null ? schedule : learningRate);
        String own = hyperparameters();
        if (!own.isEmpty()) {
            s.append(", ").append(own);
        }
        if (clipnorm > 0) {
            s.append(", clipnorm=").append(clipnorm);
        }
        if (clipvalue > 0) {
            s.append(", clipvalue=").append(clipvalue);
        }
        if (globalClipnorm > 0) {
            s.append(", globalClipnorm=").append(globalClipnorm);
        }
        if (weightDecay > 0) {
            s.append(", weightDecay=").append(weightDecay);
        }
        return s.append(", iterations=").append(iterations).append(')').toString();
    }

    // ---- builder --------------------------------------------------------------------------------

    /** Options common to every optimizer; the subclass' {@code build()} checks them. */
    public abstract static class Builder<B extends Builder<B>> {
        private String name;
        private double learningRate;
        private LearningRateSchedule schedule;
        private Double clipnorm;
        private Double clipvalue;
        private Double globalClipnorm;
        private double weightDecay;
        private List<String> excludedFromWeightDecay = List.of();

        protected Builder(String defaultName, double defaultLearningRate) {
            this.name = defaultName;
            this.learningRate = defaultLearningRate;
        }

        /** A constant learning rate (replaces a schedule given before). */
        public B optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            this.schedule = null;
            return self();
        }

        /** A learning rate that follows {@code schedule} (replaces a constant given before). */
        public B optLearningRate(LearningRateSchedule schedule) {
            if (schedule == null) {
                throw new IllegalArgumentException("optLearningRate() needs a schedule, received null");
            }
            this.schedule = schedule;
            return self();
        }

        /** Rescales each gradient whose L2 norm exceeds {@code clipnorm} to that norm. */
        public B optClipnorm(double clipnorm) {
            this.clipnorm = clipnorm;
            return self();
        }

        /** Clips each gradient element to {@code [-clipvalue, clipvalue]}. */
        public B optClipvalue(double clipvalue) {
            this.clipvalue = clipvalue;
            return self();
        }

        /** Rescales all gradients together when their joint L2 norm exceeds {@code globalClipnorm}. */
        public B optGlobalClipnorm(double globalClipnorm) {
            this.globalClipnorm = globalClipnorm;
            return self();
        }

        /** Decoupled weight decay: before each update, {@code var -= var * weightDecay * lr} (0 turns it off). */
        public B optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return self();
        }

        /** Leaves out of weight decay every variable whose name contains one of {@code nameParts}. */
        public B optExcludeFromWeightDecay(String... nameParts) {
            this.excludedFromWeightDecay = List.of(nameParts);
            return self();
        }

        /** The name that prefixes the state variables. */
        public B optName(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("An optimizer name must not be empty, received " + name);
            }
            this.name = name;
            return self();
        }

        protected abstract B self();
    }
}
