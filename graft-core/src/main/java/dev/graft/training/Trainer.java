package dev.graft.training;

import dev.graft.callbacks.Callback;
import dev.graft.distributed.DistributedStrategy;
import dev.graft.metrics.Mean;
import dev.graft.metrics.Metric;
import dev.graft.models.Model;
import dev.graft.tensor.GradientTape;
import dev.graft.tensor.NoGrad;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import dev.graft.utils.RandomSeed;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The loops behind {@link Model#fit}, {@link Model#evaluate} and {@link Model#predict}, as Keras' trainer
 * runs them. Each step runs in its own {@link TensorScope}, so memory stays flat however long training
 * lasts; the loss and metrics shown are running means over the epoch, the loss weighted by batch size.
 */
public final class Trainer {
    private final Model model;
    private final Mean lossTracker = new Mean("loss");

    public Trainer(Model model) {
        this.model = model;
    }

    // ---- fit -------------------------------------------------------------------------------------

    /** Trains on in-memory arrays {@code x} {@code [samples, ...]} and {@code y} {@code [samples, ...]}. */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        long seed = options.seed() != null ? options.seed() : RandomSeed.next();
        if (options.validationSplit() == 0) {
            return fit(new TensorBatches(x, y, options.batchSize(), options.shuffle(), seed), options,
                    options.validationData());
        }
        // Keras holds out the last samples, before any shuffling.
        long samples = x.shape().get(0);
        long split = (long) Math.floor(samples * (1 - options.validationSplit()));
        if (split == 0 || split == samples) {
            throw new IllegalArgumentException("validationSplit " + options.validationSplit() + " of " + samples
                    + " samples leaves no training or no validation samples");
        }
        try (Tensor xTrain = TensorScope.detach(x.slice(0, 0, split));
                Tensor yTrain = TensorScope.detach(y.slice(0, 0, split));
                Tensor xVal = TensorScope.detach(x.slice(0, split, samples));
                Tensor yVal = TensorScope.detach(y.slice(0, split, samples))) {
            return fit(new TensorBatches(xTrain, yTrain, options.batchSize(), options.shuffle(), seed), options,
                    new TensorBatches(xVal, yVal, options.batchSize(), false, 0));
        }
    }

    /** Trains on batches; see {@link FitOptions}. */
    public History fit(Iterable<Batch> data, FitOptions options) {
        return fit(data, options, options.validationData());
    }

    private History fit(Iterable<Batch> data, FitOptions options, Iterable<Batch> validationData) {
        List<Variable> variables = checkReadyToFit();
        DistributedStrategy strategy = options.strategy();
        History history = new History();
        ProgressLogger progress = new ProgressLogger(options.verbose(), options.output());
        List<Callback> others = new ArrayList<>();
        List<FitStateCallback> stateCallbacks = new ArrayList<>();
        for (Callback c : options.callbacks()) {
            if (c instanceof FitStateCallback s) {
                stateCallbacks.add(s);
            } else {
                others.add(c);
            }
        }
        if (options.verbose() > 0 && (strategy == null || strategy.isChief())) {
            others.add(0, progress);
        }
        others.add(history);
        // Callbacks that see the whole state come last in every hook: what they save includes what the
        // others did in that hook, and what they restore is not reset by the others' onTrainBegin.
        List<Callback> ordered = new ArrayList<>(others);
        ordered.addAll(stateCallbacks);
        CallbackList callbacks = new CallbackList(ordered);
        callbacks.setModel(model);
        FitState state = new FitState(model, options.initialEpoch(), options.epochs(), others, runningMetrics(),
                data, validationData);
        stateCallbacks.forEach(c -> c.setFitState(state));
        long steps = options.stepsPerEpoch() > 0 ? options.stepsPerEpoch() : knownSize(data);
        if (steps == Long.MAX_VALUE) {
            throw new IllegalArgumentException("The training data is infinite (e.g. repeat() without a count): "
                    + "give FitOptions.optStepsPerEpoch(n) to say how many batches make an epoch");
        }
        model.setStopTraining(false);
        model.setDistributeStrategy(strategy);
        try (PrefixReuse reuse = PrefixReuse.start(model, variables, options)) {
            callbacks.onTrainBegin(new LinkedHashMap<>());
            state.startLoop();
            long maxSteps = options.stepsPerEpoch();
            if (strategy != null) {
                // Every worker starts from rank 0's weights (a resumed run has read the same checkpoint anyway)
                // and runs as many steps as the smallest shard gives, so that no collective waits for nobody.
                strategy.synchronizeWeights(model.weights());
                steps = agreedSteps(strategy, steps);
                maxSteps = steps;
            }
            int first = state.startEpoch();
            Map<String, Double> epochLogs = new LinkedHashMap<>();
            for (int epoch = first; epoch < options.epochs() && !model.stopTraining(); epoch++) {
                resetMetrics();
                progress.expect(steps, options.epochs());
                state.beginEpoch(epoch, model.optimizer().learningRate());
                callbacks.onEpochBegin(epoch, new LinkedHashMap<>());
                long skip = epoch == first ? state.startStep() : 0;
                long ran = runEpoch(data, maxSteps, variables, callbacks, epoch, reuse, skip, state);
                if (steps < 0) {
                    steps = ran; // learnt from the first pass, as Keras does
                }
                if (strategy != null) {
                    reduceRunningMetrics(strategy);
                }
                epochLogs = currentLogs("");
                if (validationData != null) {
                    epochLogs.putAll(test(validationData, options.validationSteps(), callbacks, "val_", reuse));
                }
                if (reuse != null) {
                    reuse.endEpoch();
                }
                callbacks.onEpochEnd(epoch, epochLogs);
            }
            callbacks.onTrainEnd(epochLogs);
        } finally {
            model.setDistributeStrategy(null);
        }
        return history;
    }

    /** The steps per epoch every worker can run: the fewest any worker has, or -1 if some worker cannot tell. */
    private static long agreedSteps(DistributedStrategy strategy, long localSteps) {
        long[] all = strategy.gather(localSteps);
        long fewest = Long.MAX_VALUE;
        for (long n : all) {
            if (n < 0) {
                return -1;
            }
            fewest = Math.min(fewest, n);
        }
        return fewest;
    }

    /** Turns every worker's running loss and metric states into their sums, so the logs cover all workers. */
    private void reduceRunningMetrics(DistributedStrategy strategy) {
        List<Metric> metrics = runningMetrics();
        List<double[]> sums = strategy.sum(metrics.stream().map(Metric::getStateValues).toList());
        for (int i = 0; i < metrics.size(); i++) {
            metrics.get(i).setStateValues(sums.get(i));
        }
    }

    /** Whether every worker has another batch (needed when shard sizes are unknown); one tiny collective. */
    private static boolean allWorkersHave(DistributedStrategy strategy, boolean hasBatch) {
        return strategy.sum(new double[] {hasBatch ? 1 : 0})[0] == strategy.worldSize();
    }

    /**
     * Runs one epoch's steps; the first {@code skip} batches, trained before a checkpoint this run resumes
     * from, are read and dropped so that the data gives the rest as it would have.
     */
    private long runEpoch(Iterable<Batch> data, long maxSteps, List<Variable> variables, CallbackList callbacks,
            int epoch, PrefixReuse reuse, long skip, FitState state) {
        Iterator<Batch> batches = DeviceBatches.iterator(data, model);
        long step = 0;
        try {
            for (; step < skip; step++) {
                try (TensorScope scope = TensorScope.open()) {
                    if (!batches.hasNext()) {
                        throw new IllegalStateException("Resuming epoch " + (epoch + 1) + " after step " + skip
                                + ", but the training data gave only " + step + " batches in this pass; resume "
                                + "with the data the checkpoint was taken with");
                    }
                    batches.next();
                }
            }
            while ((maxSteps < 0 || step < maxSteps) && !model.stopTraining()) {
                try (TensorScope scope = TensorScope.open()) {
                    boolean hasBatch = batches.hasNext();
                    if (model.distributeStrategy() != null && maxSteps < 0) {
                        hasBatch = allWorkersHave(model.distributeStrategy(), hasBatch);
                    }
                    if (!hasBatch) {
                        break;
                    }
                    Batch batch = batches.next();
                    callbacks.onTrainBatchBegin((int) step, new LinkedHashMap<>());
                    trainStep(batch, variables, reuse);
                }
                state.stepDone(step + 1);
                callbacks.onTrainBatchEnd((int) step, currentLogs(""));
                step++;
            }
        } finally {
            closeIfNeeded(batches);
        }
        if (step == 0) {
            throw new IllegalArgumentException("The training data gave no batches in epoch " + (epoch + 1)
                    + "; it is empty (or exhausted: pass a data set that can be read once per epoch)");
        }
        return step;
    }

    /**
     * One step of Keras' {@code train_step}: forward in training mode, loss, gradients, update, metrics; the
     * frozen prefix's outputs come from {@code reuse} when it has them (it may be null).
     */
    private void trainStep(Batch batch, List<Variable> variables, PrefixReuse reuse) {
        Tensor y = requireTargets(batch, "fit");
        Tensor yPred;
        Tensor loss;
        List<Tensor> grads;
        List<Tensor> frontier = reuse == null ? null : reuse.frontier(batch.inputs(), true);
        try (GradientTape tape = GradientTape.open()) {
            yPred = frontier != null ? reuse.output(batch.inputs(), frontier, true)
                    : model.callAll(batch.inputs(), true).get(0);
            loss = model.loss().call(y, yPred);
            grads = variables.isEmpty() ? List.of() : tape.gradient(loss, variables);
        }
        if (model.distributeStrategy() != null) {
            grads = model.distributeStrategy().averageGradients(grads, batch.size());
        }
        model.optimizer().applyGradients(grads, variables);
        updateMetrics(batch, y, yPred.detach(), loss);
    }

    /** The weights to train, after checking that the model is compiled and nothing was (un)frozen since. */
    private List<Variable> checkReadyToFit() {
        checkCompiled("fit");
        List<Variable> compiled = model.compiledTrainableWeights();
        List<Variable> now = model.trainableWeights();
        if (!sameVariables(compiled, now)) {
            Set<Variable> before = identitySet(compiled);
            Set<Variable> after = identitySet(now);
            List<String> unfrozen = now.stream().filter(v -> !before.contains(v)).map(Variable::name).toList();
            List<String> frozen = compiled.stream().filter(v -> !after.contains(v)).map(Variable::name).toList();
            throw new IllegalStateException("The trainable weights of model '" + model.name() + "' changed since "
                    + "compile(): " + describeChange(unfrozen, "became trainable") + " and "
                    + describeChange(frozen, "were frozen") + ". compile() fixes which weights fit() trains, so "
                    + "call model.compile(...) again after setTrainable(...), with the optimizer you want for the "
                    + "new phase (for fine-tuning, a low learning rate such as new Adam(1e-5)).");
        }
        return compiled;
    }

    private static String describeChange(List<String> names, String what) {
        if (names.isEmpty()) {
            return "no weights " + what;
        }
        String examples = String.join("', '", names.subList(0, Math.min(3, names.size())));
        return names.size() + " weights " + what + " (e.g. '" + examples + "')";
    }

    // ---- evaluate --------------------------------------------------------------------------------

    /** The loss and metrics over in-memory arrays, in batches of {@code options.batchSize()}. */
    public Map<String, Double> evaluate(Tensor x, Tensor y, InferenceOptions options) {
        return evaluate(new TensorBatches(x, y, options.batchSize(), false, 0), options);
    }

    /** The loss and metrics over {@code data}, in inference mode and without recording gradients. */
    public Map<String, Double> evaluate(Iterable<Batch> data, InferenceOptions options) {
        checkCompiled("evaluate");
        ProgressLogger progress = new ProgressLogger(options.verbose(), options.output());
        CallbackList callbacks = callbacks(options.verbose(), progress, options.callbacks());
        progress.expect(options.steps() > 0 ? options.steps() : knownSize(data), 0);
        return test(data, options.steps(), callbacks, "", null);
    }

    /** Evaluates in inference mode; the frozen prefix's outputs come from {@code reuse} when it has them. */
    private Map<String, Double> test(Iterable<Batch> data, long maxSteps, CallbackList callbacks, String prefix,
            PrefixReuse reuse) {
        resetMetrics();
        callbacks.onTestBegin(new LinkedHashMap<>());
        Iterator<Batch> batches = DeviceBatches.iterator(data, model);
        long step = 0;
        try (NoGrad noGrad = NoGrad.open()) {
            while (maxSteps < 0 || step < maxSteps) {
                try (TensorScope scope = TensorScope.open()) {
                    if (!batches.hasNext()) {
                        break;
                    }
                    Batch batch = batches.next();
                    callbacks.onTestBatchBegin((int) step, new LinkedHashMap<>());
                    Tensor y = requireTargets(batch, "evaluate");
                    List<Tensor> frontier = reuse == null ? null : reuse.frontier(batch.inputs(), false);
                    Tensor yPred = frontier != null ? reuse.output(batch.inputs(), frontier, false)
                            : model.callAll(batch.inputs(), false).get(0);
                    updateMetrics(batch, y, yPred, model.loss().call(y, yPred));
                }
                callbacks.onTestBatchEnd((int) step, currentLogs(""));
                step++;
            }
        } finally {
            closeIfNeeded(batches);
        }
        if (step == 0) {
            throw new IllegalArgumentException("The evaluation data gave no batches; it is empty");
        }
        if (model.distributeStrategy() != null) {
            reduceRunningMetrics(model.distributeStrategy());
        }
        Map<String, Double> logs = currentLogs("");
        callbacks.onTestEnd(logs);
        return currentLogs(prefix);
    }

    // ---- predict ---------------------------------------------------------------------------------

    /** The model's outputs for in-memory inputs {@code x}, in batches of {@code options.batchSize()}. */
    public Tensor predict(Tensor x, InferenceOptions options) {
        return predict(new TensorBatches(x, null, options.batchSize(), false, 0), options);
    }

    /**
     * The model's outputs for every batch of {@code data}, concatenated along the batch axis; computed in
     * inference mode without recording gradients. The caller owns the result.
     */
    public Tensor predict(Iterable<Batch> data, InferenceOptions options) {
        requireSingleOutput("predict");
        ProgressLogger progress = new ProgressLogger(options.verbose(), options.output());
        CallbackList callbacks = callbacks(options.verbose(), progress, options.callbacks());
        progress.expect(options.steps() > 0 ? options.steps() : knownSize(data), 0);
        callbacks.onPredictBegin(new LinkedHashMap<>());
        List<Tensor> pieces = new ArrayList<>();
        Iterator<Batch> batches = DeviceBatches.iterator(data, model);
        try (NoGrad noGrad = NoGrad.open()) {
            long step = 0;
            while (options.steps() < 0 || step < options.steps()) {
                try (TensorScope scope = TensorScope.open()) {
                    if (!batches.hasNext()) {
                        break;
                    }
                    Batch batch = batches.next();
                    callbacks.onPredictBatchBegin((int) step, new LinkedHashMap<>());
                    pieces.add(TensorScope.detach(model.callAll(batch.inputs(), false).get(0)));
                }
                callbacks.onPredictBatchEnd((int) step, new LinkedHashMap<>());
                step++;
            }
            if (pieces.isEmpty()) {
                throw new IllegalArgumentException("The data given to predict gave no batches; it is empty");
            }
            callbacks.onPredictEnd(new LinkedHashMap<>());
            return pieces.size() == 1 ? pieces.remove(0) : Tensor.concat(pieces, 0);
        } finally {
            pieces.forEach(Tensor::close);
            closeIfNeeded(batches);
        }
    }

    // ---- shared ----------------------------------------------------------------------------------

    private CallbackList callbacks(int verbose, ProgressLogger progress, List<Callback> user) {
        List<Callback> all = new ArrayList<>();
        if (verbose > 0) {
            all.add(progress);
        }
        all.addAll(user);
        CallbackList list = new CallbackList(all);
        list.setModel(model);
        return list;
    }

    private void updateMetrics(Batch batch, Tensor y, Tensor yPred, Tensor loss) {
        lossTracker.update(loss.item(), batch.size());
        for (Metric metric : model.metrics()) {
            metric.updateState(y, yPred);
        }
    }

    /** The epoch's running means: the loss, then the compiled metrics. */
    private List<Metric> runningMetrics() {
        List<Metric> all = new ArrayList<>();
        all.add(lossTracker);
        all.addAll(model.metrics());
        return all;
    }

    private void resetMetrics() {
        runningMetrics().forEach(Metric::resetState);
    }

    /** The running loss and metric values, with {@code prefix} before each name. */
    private Map<String, Double> currentLogs(String prefix) {
        Map<String, Double> logs = new LinkedHashMap<>();
        for (Metric metric : runningMetrics()) {
            logs.put(prefix + metric.name(), metric.result());
        }
        return logs;
    }

    private void checkCompiled(String what) {
        if (model.optimizer() == null) {
            throw new IllegalStateException("Model '" + model.name() + "' must be compiled before " + what
                    + "(): call model.compile(optimizer, loss, metrics...) first");
        }
        requireSingleOutput(what);
    }

    private void requireSingleOutput(String what) {
        if (model.outputs().size() != 1) {
            throw new IllegalArgumentException(what + "() supports models with one output; model '" + model.name()
                    + "' has " + model.outputs().size());
        }
    }

    private Tensor requireTargets(Batch batch, String what) {
        if (batch.targets() == null) {
            throw new IllegalArgumentException(what + "() needs targets, but a batch of inputs "
                    + batch.inputs().get(0).shape() + " came without them; give batches made with Batch.of(x, y)");
        }
        return batch.targets();
    }

    /**
     * The number of batches when the data knows it, else -1. Data that never ends reports
     * {@code Long.MAX_VALUE} as its exact size (a SIZED spliterator), as Graft's {@code Dataset} does.
     */
    private static long knownSize(Iterable<Batch> data) {
        if (data instanceof Collection<?> c) {
            return c.size();
        }
        return data.spliterator().getExactSizeIfKnown();
    }

    private static void closeIfNeeded(Iterator<Batch> batches) {
        if (batches instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("Closing the data iterator failed: " + e.getMessage(), e);
            }
        }
    }

    private static boolean sameVariables(List<Variable> a, List<Variable> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static Set<Variable> identitySet(List<Variable> variables) {
        Set<Variable> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(variables);
        return set;
    }
}
