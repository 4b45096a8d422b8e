package dev.graft.callbacks;

import dev.graft.models.Model;
import dev.graft.saving.PathTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Saves the model's weights at the end of every epoch, or only when the monitored quantity improves, like
 * Keras' {@code ModelCheckpoint}:
 * <pre>{@code
 * Callback checkpoint = ModelCheckpoint.builder()
 *         .setFilepath("ckpt/weights.{epoch:02d}-{val_loss:.2f}.h5")
 *         .optSaveBestOnly(true)
 *         .optVerbose(true)
 *         .build();
 * }</pre>
 * The path may hold Python-style placeholders: {@code {epoch}} (counting from 1, as Keras prints it) and
 * any name in the epoch's logs, such as {@code {val_loss:.4f}} (see {@link PathTemplate}). Missing
 * directories are created. Weights are written by {@link Model#saveWeights} in Keras' legacy h5 layout; with
 * {@code optSaveWeightsOnly(false)} the whole model is written by {@link Model#save} to a {@code .keras} path.
 * Either way the file is replaced atomically: a crash mid-save leaves the previous checkpoint intact. When
 * verbose, it prints a message each time it saves or decides not to.
 */
public final class ModelCheckpoint extends MonitorCallback implements StatefulCallback {
    private final PathTemplate filepath;
    private final boolean saveBestOnly;
    private final boolean saveWeightsOnly;
    private double best;

    /** Saves the weights to {@code filepath} at the end of every epoch (a template, as in the builder). */
    public ModelCheckpoint(String filepath) {
        this(builder().setFilepath(filepath));
    }

    private ModelCheckpoint(Builder b) {
        super(b, 0);
        if (b.filepath == null) {
            throw new IllegalArgumentException("ModelCheckpoint needs a file path (setFilepath)");
        }
        if (!b.saveWeightsOnly && !b.filepath.endsWith(".keras")) {
            throw new IllegalArgumentException("ModelCheckpoint saves the whole model (optSaveWeightsOnly(false)) to "
                    + "a .keras file, as Keras does, received the path \"" + b.filepath + "\"; end it in .keras, or "
                    + "save the weights only (optSaveWeightsOnly(true), the default)");
        }
        this.filepath = PathTemplate.of(b.filepath);
        this.saveBestOnly = b.saveBestOnly;
        this.saveWeightsOnly = b.saveWeightsOnly;
        this.best = b.initialValueThreshold != null ? b.initialValueThreshold : worstValue();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The best monitored value so far (the initial threshold, or an infinity, before any improvement). */
    public double best() {
        return best;
    }

    /** Saves the weights if this epoch calls for it; {@code epoch} counts from 0. */
    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Model model = model();
        if (logs == null) {
            logs = Map.of();
        }
        Map<String, Object> values = new HashMap<>(logs);
        values.put("epoch", epoch + 1);
        Path path = Path.of(filepath.format(values));
        if (!saveBestOnly) {
            say("\nEpoch " + (epoch + 1) + ": saving model to " + path);
            save(model, path);
            return;
        }
        Double current = monitoredValue(logs);
        if (current == null) {
            return;
        }
        if (isImprovement(current, best)) {
            say("\nEpoch " + (epoch + 1) + ": " + monitor() + " improved from " + PythonFloats.fixed(best, 5)
                    + " to " + PythonFloats.fixed(current, 5) + ", saving model to " + path);
            best = current;
            save(model, path);
        } else {
            say("\nEpoch " + (epoch + 1) + ": " + monitor() + " did not improve from "
                    + PythonFloats.fixed(best, 5));
        }
    }

    private void save(Model model, Path path) {
        if (!CallbackSupport.writesFiles(model)) {
            return;   // rank 0 of a distributed fit writes the file
        }
        Path dir = path.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint cannot create directory " + dir + " for " + path, e);
        }
        if (saveWeightsOnly) {
            model.saveWeights(path);
        } else {
            model.save(path);
        }
    }

    /** The best value so far, which {@code saveBestOnly} compares with. */
    @Override
    public void saveState(CallbackState state) {
        state.put("best", best);
    }

    @Override
    public void restoreState(CallbackState state) {
        best = state.getDouble("best");
    }

    @Override
    protected String missingMonitorMessage(Map<String, Double> logs) {
        return "Can save best model only with " + monitor() + " available, skipping.";
    }

    /**
     * Builds a {@link ModelCheckpoint}; {@code setFilepath} is required. Monitor (the quantity
     * {@code saveBestOnly} compares), mode, verbose and output are set through {@link MonitorCallback.Builder}.
     */
    public static final class Builder extends MonitorCallback.Builder<Builder> {
        private String filepath;
        private boolean saveBestOnly;
        private boolean saveWeightsOnly = true;
        private Double initialValueThreshold;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Where to save, a template such as {@code "ckpt/{epoch:02d}-{val_loss:.4f}.h5"}: {@code epoch}
         * counts from 1, other names come from the epoch's logs.
         */
        public Builder setFilepath(String filepath) {
            this.filepath = filepath;
            return this;
        }

        /** Save only when the monitored quantity improves on the best so far (default false: every epoch). */
        public Builder optSaveBestOnly(boolean saveBestOnly) {
            this.saveBestOnly = saveBestOnly;
            return this;
        }

        /**
         * Save the weights only (default true), to an h5 file; false saves the whole model (architecture and
         * weights) to a {@code .keras} file, which the path must then end in. Keras' default is false.
         */
        public Builder optSaveWeightsOnly(boolean saveWeightsOnly) {
            this.saveWeightsOnly = saveWeightsOnly;
            return this;
        }

        /** The value to beat before the first save when {@code saveBestOnly} (default: none). */
        public Builder optInitialValueThreshold(double threshold) {
            this.initialValueThreshold = threshold;
            return this;
        }

        public ModelCheckpoint build() {
            return new ModelCheckpoint(this);
        }
    }
}
