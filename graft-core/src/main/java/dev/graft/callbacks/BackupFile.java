package dev.graft.callbacks;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.distributed.DistributedStrategy;
import dev.graft.metrics.Metric;
import dev.graft.models.Model;
import dev.graft.optimizers.Optimizer;
import dev.graft.saving.ArrayFile;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;
import dev.graft.training.FitState;
import dev.graft.training.SeekableData;
import dev.graft.utils.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint file of {@link BackupAndRestore}: an {@link ArrayFile} whose arrays are the model's weights
 * ({@code weight_<i>}, in the order of {@code model.weights()}) and the optimizer's state variables
 * ({@code slot_<i>}), and whose document is JSON:
 * <pre>
 * {"format": "graft.BackupAndRestore", "version": 1,
 *  "fit": {tagged values: epoch, step, passes, learning rate, iterations, shapes, RNG states, metrics},
 *  "callbacks": [{"class": "EarlyStopping", "state": {tagged values}}, ...]}
 * </pre>
 * Reading checks everything against the run being resumed before anything is changed.
 */
final class BackupFile {
    static final String FORMAT = "graft.BackupAndRestore";
    static final int VERSION = 1;
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** A step run between writing the new checkpoint and renaming it into place. */
    @FunctionalInterface
    interface BeforeCommit {
        void run() throws IOException;
    }

    private BackupFile() {
    }

    // ---- writing ---------------------------------------------------------------------------------

    /**
     * Writes the state of {@code fit} to {@code target}, atomically: to a temporary file beside it, synced, then
     * renamed over it. {@code epochEnd} says whether the current epoch is over (the checkpoint then resumes at
     * the next one) or {@link FitState#step()} steps into it; mid-epoch, {@code metricStates} are the running
     * metrics' states (of all workers in a distributed fit), and null at an epoch end.
     */
    static void write(Path target, FitState fit, boolean epochEnd, List<double[]> metricStates,
            BeforeCommit beforeCommit) {
        Model model = fit.model();
        Optimizer optimizer = model.optimizer();
        CallbackState state = new CallbackState("fit");
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        state.put("epoch", (long) (epochEnd ? fit.epoch() + 1 : fit.epoch()));
        state.put("step", epochEnd ? 0L : fit.step());
        SeekableData training = fit.trainingData();
        state.put("training_pass", epochEnd ? (training != null ? training.nextPass() : -1L) : fit.epochPass());
        state.put("validation_pass", fit.validationData() != null ? fit.validationData().nextPass() : -1L);
        state.put("stop_training", model.stopTraining());
        state.put("optimizer_class", optimizer.getClass().getName());
        state.put("iterations", optimizer.iterations());
        state.put("learning_rate", optimizer.learningRate());
        if (!epochEnd) {
            state.put("epoch_start_learning_rate", fit.epochStartLearningRate());
        }
        putVariables(state, arrays, "weight", model.weights());
        putVariables(state, arrays, "slot", optimizer.variables());
        List<SeedGenerator> generators = model.seedGenerators();
        state.putLongs("seeds", generators.stream().map(SeedGenerator::seed).toList());
        state.putStrings("rng_states", generators.stream()
                .map(g -> Base64.getEncoder().encodeToString(g.getState())).toList());
        if (!epochEnd) {
            state.putStrings("metric_names", fit.runningMetrics().stream().map(Metric::name).toList());
            for (int i = 0; i < metricStates.size(); i++) {
                state.putDoubles("metric_" + i, Arrays.stream(metricStates.get(i)).boxed().toList());
            }
        }
        ObjectNode document = MAPPER.createObjectNode();
        document.put("format", FORMAT);
        document.put("version", VERSION);
        document.set("fit", state.toJson());
        ArrayNode callbacks = document.putArray("callbacks");
        for (StatefulCallback c : statefulCallbacks(fit)) {
            CallbackState own = new CallbackState(c.getClass().getSimpleName());
            c.saveState(own);
            callbacks.addObject().put("class", c.getClass().getName()).set("state", own.toJson());
        }
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(document);
        } catch (JacksonException e) {
            throw new IllegalStateException("BackupAndRestore cannot write its state as JSON: " + e.getMessage(), e);
        }
        commit(target, json, arrays, beforeCommit);
    }

    private static void putVariables(CallbackState state, Map<String, Tensor> arrays, String prefix,
            List<Variable> variables) {
        state.putStrings(prefix + "_names", variables.stream().map(Variable::name).toList());
        for (int i = 0; i < variables.size(); i++) {
            Variable v = variables.get(i);
            state.putLongs(prefix + "_shape_" + i, Arrays.stream(v.shape().dims()).boxed().toList());
            arrays.put(prefix + "_" + i, v.value());
        }
    }

    private static void commit(Path target, byte[] json, Map<String, Tensor> arrays, BeforeCommit beforeCommit) {
        try {
            Path temp = AtomicFiles.createTempBeside(target.toAbsolutePath());
            AtomicFiles.fillAndCommit(temp, target.toAbsolutePath(), file -> {
                ArrayFile.write(file, json, arrays);
                if (beforeCommit != null) {
                    beforeCommit.run();
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore cannot write " + target + ": " + e.getMessage()
                    + "; the previous checkpoint, if any, is unchanged", e);
        }
    }

    /** The callbacks of the run whose state a checkpoint keeps, in the order fit calls them. */
    static List<StatefulCallback> statefulCallbacks(FitState fit) {
        List<StatefulCallback> stateful = new ArrayList<>();
        for (Callback c : fit.callbacks()) {
            if (c instanceof StatefulCallback s) {
                stateful.add(s);
            }
        }
        return stateful;
    }

    // ---- reading ---------------------------------------------------------------------------------

    /**
     * The checkpoint at {@code file}, checked against {@code fit}: the same number, shapes and types of
     * weights and optimizer variables, the same random generators, metrics and stateful callbacks.
     *
     * @throws IllegalArgumentException naming the file if it is damaged, foreign, or does not fit the run
     */
    static Restore read(Path file, FitState fit) {
        ArrayFile.Contents contents = ArrayFile.read(file);
        try {
            return parse(file, fit, contents);
        } catch (RuntimeException e) {
            contents.arrays().values().forEach(Tensor::close);
            if (e instanceof IllegalArgumentException && e.getMessage().startsWith("Checkpoint ")) {
                throw e;
            }
            throw new IllegalArgumentException("Checkpoint " + file.toAbsolutePath() + " cannot be read: "
                    + e.getMessage() + "; delete it to start training afresh", e);
        }
    }

    private static Restore parse(Path file, FitState fit, ArrayFile.Contents contents) {
        JsonNode document;
        try {
            document = MAPPER.readTree(contents.document());
        } catch (IOException e) {
            throw new IllegalArgumentException("its document is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (document == null || !FORMAT.equals(document.path("format").asText(null))
                || document.path("version").asInt(-1) != VERSION) {
            throw new IllegalArgumentException("it is not a version " + VERSION + " checkpoint of BackupAndRestore "
                    + "(format " + (document == null ? "none" : document.path("format")) + ", version "
                    + (document == null ? "none" : document.path("version")) + ")");
        }
        CallbackState state = CallbackState.fromJson(document.get("fit"), "the training state");
        Model model = fit.model();
        Optimizer optimizer = model.optimizer();
        Restore restore = new Restore(file, state, contents.arrays());
        if (!optimizer.getClass().getName().equals(state.getString("optimizer_class"))) {
            throw restore.mismatch("it was written with optimizer " + state.getString("optimizer_class")
                    + ", this run uses " + optimizer.getClass().getName());
        }
        restore.checkVariables("weight", model.weights(), "the model's weights");
        optimizer.build(model.compiledTrainableWeights());
        restore.checkVariables("slot", optimizer.variables(), "the optimizer's state variables");
        List<Long> seeds = state.getLongs("seeds");
        List<SeedGenerator> generators = model.seedGenerators();
        List<Long> ours = generators.stream().map(SeedGenerator::seed).toList();
        if (!seeds.equals(ours)) {
            throw restore.mismatch("its random generators have seeds " + seeds + ", the model's have " + ours
                    + " (build the model with the same layers and seeds)");
        }
        if (state.getStrings("rng_states").size() != seeds.size()) {
            throw restore.mismatch("it holds " + state.getStrings("rng_states").size() + " generator states for "
                    + seeds.size() + " generators");
        }
        if (state.getLong("step") > 0) {
            List<String> names = fit.runningMetrics().stream().map(Metric::name).toList();
            if (!state.getStrings("metric_names").equals(names)) {
                throw restore.mismatch("it holds the running metrics " + state.getStrings("metric_names")
                        + ", this run computes " + names);
            }
        }
        restore.readCallbacks(document.get("callbacks"), statefulCallbacks(fit));
        return restore;
    }

    /** A checkpoint read and checked, applied in two parts. */
    static final class Restore {
        private final Path file;
        private final CallbackState state;
        private final Map<String, Tensor> arrays;
        private final List<CallbackState> callbackStates = new ArrayList<>();

        private Restore(Path file, CallbackState state, Map<String, Tensor> arrays) {
            this.file = file;
            this.state = state;
            this.arrays = arrays;
        }

        /** Whether the checkpoint was taken in the middle of an epoch. */
        boolean midEpoch() {
            return state.getLong("step") > 0;
        }

        /**
         * Restores the weights, optimizer, random generators and data position, and moves fit's loop start; a
         * mid-epoch checkpoint also sets the learning rate the epoch started with, for its onEpochBegin.
         */
        void applyAtTrainBegin(FitState fit) {
            try {
                Model model = fit.model();
                Optimizer optimizer = model.optimizer();
                assign("weight", model.weights());
                assign("slot", optimizer.variables());
                optimizer.setIterations(state.getLong("iterations"));
                if (optimizer.learningRateSchedule() == null) {
                    optimizer.setLearningRate(state.getDouble(midEpoch() ? "epoch_start_learning_rate"
                            : "learning_rate"));
                }
                List<SeedGenerator> generators = model.seedGenerators();
                List<String> rng = state.getStrings("rng_states");
                for (int i = 0; i < generators.size(); i++) {
                    generators.get(i).setState(Base64.getDecoder().decode(rng.get(i)));
                }
                seek(fit.trainingData(), state.getLong("training_pass"));
                seek(fit.validationData(), state.getLong("validation_pass"));
                model.setStopTraining(state.getBoolean("stop_training"));
                fit.resumeAt(state.getInt("epoch"), state.getLong("step"));
            } finally {
                arrays.values().forEach(Tensor::close);
            }
        }

        /** Restores the stateful callbacks, the learning rate and, mid-epoch, the running metrics. */
        void applyAfterEpochBegin(FitState fit) {
            List<StatefulCallback> callbacks = statefulCallbacks(fit);
            for (int i = 0; i < callbacks.size(); i++) {
                callbacks.get(i).restoreState(callbackStates.get(i));
            }
            Optimizer optimizer = fit.model().optimizer();
            if (optimizer.learningRateSchedule() == null) {
                optimizer.setLearningRate(state.getDouble("learning_rate"));
            }
            if (midEpoch()) {
                // The saved states are all workers' sums: rank 0 carries them on, the others start from zero, so
                // that the epoch-end sum over the workers counts each step once.
                DistributedStrategy strategy = fit.model().distributeStrategy();
                boolean carriesSums = strategy == null || strategy.isChief();
                List<Metric> metrics = fit.runningMetrics();
                for (int i = 0; i < metrics.size(); i++) {
                    if (carriesSums) {
                        List<Double> values = state.getDoubles("metric_" + i);
                        metrics.get(i).setStateValues(values.stream().mapToDouble(Double::doubleValue).toArray());
                    } else {
                        metrics.get(i).resetState();
                    }
                }
            }
        }

        private static void seek(SeekableData data, long pass) {
            if (data != null && pass >= 0) {
                data.seekPass(pass);
            }
        }

        private void checkVariables(String prefix, List<Variable> variables, String what) {
            List<String> names = state.getStrings(prefix + "_names");
            if (names.size() != variables.size()) {
                throw mismatch("it holds " + names.size() + " of " + what + ", this run has " + variables.size());
            }
            for (int i = 0; i < variables.size(); i++) {
                Variable v = variables.get(i);
                long[] shape = state.getLongs(prefix + "_shape_" + i).stream().mapToLong(Long::longValue).toArray();
                Tensor stored = arrays.get(prefix + "_" + i);
                if (stored == null) {
                    throw mismatch("it lacks the values of '" + names.get(i) + "' (array " + prefix + "_" + i + ")");
                }
                if (!Arrays.equals(shape, v.shape().dims()) || stored.dtype() != v.dtype()
                        || stored.size() != v.size()) {
                    throw mismatch("'" + names.get(i) + "' is stored as " + stored.dtype() + " of shape "
                            + Arrays.toString(shape) + ", but this run's '" + v.name() + "' is "
                            + v.dtype() + " of shape " + v.shape());
                }
            }
        }

        private void assign(String prefix, List<Variable> variables) {
            for (int i = 0; i < variables.size(); i++) {
                Variable v = variables.get(i);
                try (Tensor shaped = arrays.get(prefix + "_" + i).reshape(v.shape().dims())) {
                    v.assign(shaped);
                }
            }
        }

        private void readCallbacks(JsonNode node, List<StatefulCallback> callbacks) {
            if (!(node instanceof ArrayNode saved)) {
                throw new IllegalArgumentException("its document has no list of callbacks");
            }
            List<String> savedClasses = new ArrayList<>();
            saved.forEach(n -> savedClasses.add(n.path("class").asText("?")));
            List<String> ours = callbacks.stream().map(c -> c.getClass().getName()).toList();
            if (!savedClasses.equals(ours)) {
                throw mismatch("it holds the state of the callbacks " + savedClasses + ", this run's stateful "
                        + "callbacks are " + ours + " (pass the same callbacks in the same order)");
            }
            for (int i = 0; i < callbacks.size(); i++) {
                callbackStates.add(CallbackState.fromJson(saved.get(i).get("state"),
                        callbacks.get(i).getClass().getSimpleName()));
            }
        }

        IllegalArgumentException mismatch(String what) {
            return new IllegalArgumentException("Checkpoint " + file.toAbsolutePath() + " does not fit this run: "
                    + what + ". Resume with the model, optimizer, callbacks and data of the interrupted run, or "
                    + "delete the checkpoint to start afresh");
        }
    }
}
