package dev.graft.callbacks;

import dev.graft.models.Model;
import dev.graft.saving.PathTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Saves the model's weights at the end of every epoch, or only when the monitored quantity improves, like
 * Keras' {@code ModelCheckpoint}:
 * <pre>{@code
 * Callback checkpoint = ModelCheckpoint.builder()
 *         .setFilepath("ckpt/weights.{epoch:02d}-{val_loss:.2f}.h5")
 *         .optSaveBestOnly(true)
 *         .optVerbose(1)
 *         .build();
 * }</pre>
 * The path may hold Python-style placeholders: {@code {epoch}} (counting from 1, as Keras prints it) and
 * any name in the epoch's logs, such as {@code {val_loss:.4f}} (see {@link PathTemplate}). Missing
 * directories are created. Files are written by {@link Model#saveWeights}, atomically, in Keras' legacy
 * h5 layout.
 */
public final class ModelCheckpoint implements Callback {

    /** Whether the monitored quantity should go down ({@code MIN}) or up ({@code MAX}). */
    public enum Mode {
        /** {@code MAX} for names containing {@code acc} or {@code auc}, {@code MIN} otherwise. */
        AUTO,
        MIN,
        MAX
    }

    private final PathTemplate filepath;
    private final String monitor;
    private final int verbose;
    private final boolean saveBestOnly;
    private final boolean maximize;
    private final PrintStream out;
    private final PrintStream warnings;
    private double best;
    private Model model;

    /** Saves the weights to {@code filepath} at the end of every epoch (a template, as in the builder). */
    public ModelCheckpoint(String filepath) {
        this(builder().setFilepath(filepath));
    }

    private ModelCheckpoint(Builder b) {
        if (b.filepath == null) {
            throw new IllegalArgumentException("ModelCheckpoint needs a file path (setFilepath)");
        }
        if (b.monitor == null || b.monitor.isEmpty()) {
            throw new IllegalArgumentException("ModelCheckpoint needs a monitor name (optMonitor), received "
                    + (b.monitor == null ? "null" : "\"\""));
        }
        if (!b.saveWeightsOnly) {
            throw new IllegalArgumentException("ModelCheckpoint cannot save whole models yet (optSaveWeightsOnly(false)):"
                    + " Graft has no model file format; save the weights (optSaveWeightsOnly(true), the default) "
                    + "and rebuild the model in code before loadWeights");
        }
        if (b.verbose < 0) {
            throw new IllegalArgumentException("ModelCheckpoint needs verbose >= 0 (optVerbose), received "
                    + b.verbose);
        }
        if (b.mode == null || b.out == null || b.warnings == null) {
            throw new IllegalArgumentException("ModelCheckpoint options optMode, optPrintStream and optWarningStream "
                    + "must not be null");
        }
        this.filepath = PathTemplate.of(b.filepath);
        this.monitor = b.monitor;
        this.verbose = b.verbose;
        this.saveBestOnly = b.saveBestOnly;
        this.maximize = b.mode == Mode.MAX
                || (b.mode == Mode.AUTO && (monitor.contains("acc") || monitor.contains("auc")));
        this.out = b.out;
        this.warnings = b.warnings;
        this.best = b.initialValueThreshold != null ? b.initialValueThreshold
                : maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The best monitored value so far (the initial threshold, or an infinity, before any improvement). */
    public double best() {
        return best;
    }

    /** Whether improvement means a larger monitored value. */
    public boolean maximizes() {
        return maximize;
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    /** Saves the weights if this epoch calls for it; {@code epoch} counts from 0. */
    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (model == null) {
            throw new IllegalStateException("ModelCheckpoint has no model: setModel must be called before "
                    + "onEpochEnd (fit does this)");
        }
        if (logs == null) {
            logs = Map.of();
        }
        Map<String, Object> values = new HashMap<>(logs);
        values.put("epoch", epoch + 1);
        Path path = Path.of(filepath.format(values));
        if (!saveBestOnly) {
            say("Epoch " + (epoch + 1) + ": saving model to " + path);
            save(path);
            return;
        }
        Double current = logs.get(monitor);
        if (current == null) {
            warnings.println("WARNING: Can save best model only with " + monitor + " available, skipping.");
            return;
        }
        if (maximize ? current > best : current < best) {
            say("Epoch " + (epoch + 1) + ": " + monitor + " improved from " + fivePlaces(best) + " to "
                    + fivePlaces(current) + ", saving model to " + path);
            best = current;
            save(path);
        } else {
            say("Epoch " + (epoch + 1) + ": " + monitor + " did not improve from " + fivePlaces(best));
        }
    }

    private void save(Path path) {
        Path dir = path.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint cannot create directory " + dir + " for " + path, e);
        }
        model.saveWeights(path);
    }

    /** Keras prints each message after a line break, so that it starts below the progress bar. */
    private void say(String message) {
        if (verbose > 0) {
            out.println();
            out.println(message);
        }
    }

    /** Python's {@code f"{x:.5f}"}, whose infinities read {@code inf} and {@code -inf}. */
    private static String fivePlaces(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(x).setScale(5, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Builds a {@link ModelCheckpoint}; {@code setFilepath} is required. */
    public static final class Builder {
        private String filepath;
        private String monitor = "val_loss";
        private int verbose;
        private boolean saveBestOnly;
        private boolean saveWeightsOnly = true;
        private Mode mode = Mode.AUTO;
        private Double initialValueThreshold;
        private PrintStream out = System.out;
        private PrintStream warnings = System.err;

        private Builder() {
        }

        /**
         * Where to save, a template such as {@code "ckpt/{epoch:02d}-{val_loss:.4f}.h5"}: {@code epoch}
         * counts from 1, other names come from the epoch's logs.
         */
        public Builder setFilepath(String filepath) {
            this.filepath = filepath;
            return this;
        }

        /** The logged quantity that {@code saveBestOnly} compares (default {@code val_loss}). */
        public Builder optMonitor(String monitor) {
            this.monitor = monitor;
            return this;
        }

        /** 0 (default) is silent; 1 prints a message each time the callback saves or decides not to. */
        public Builder optVerbose(int verbose) {
            this.verbose = verbose;
            return this;
        }

        /** Save only when the monitored quantity improves on the best so far (default false: every epoch). */
        public Builder optSaveBestOnly(boolean saveBestOnly) {
            this.saveBestOnly = saveBestOnly;
            return this;
        }

        /**
         * Save the weights only (default true). Keras defaults to saving the whole model, which Graft cannot
         * do yet: false is refused by {@link #build()}.
         */
        public Builder optSaveWeightsOnly(boolean saveWeightsOnly) {
            this.saveWeightsOnly = saveWeightsOnly;
            return this;
        }

        /** Whether the monitored quantity should decrease or increase (default {@link Mode#AUTO}). */
        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Mode by its Keras name: {@code "auto"}, {@code "min"} or {@code "max"}. */
        public Builder optMode(String mode) {
            try {
                this.mode = Mode.valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("ModelCheckpoint mode must be \"auto\", \"min\" or \"max\", received "
                        + (mode == null ? "null" : "\"" + mode + "\""), e);
            }
            return this;
        }

        /** The value to beat before the first save when {@code saveBestOnly} (default: none). */
        public Builder optInitialValueThreshold(double threshold) {
            this.initialValueThreshold = threshold;
            return this;
        }

        /** Where verbose messages go (default standard output). */
        public Builder optPrintStream(PrintStream out) {
            this.out = out;
            return this;
        }

        /** Where warnings go, such as a missing monitored value (default standard error). */
        public Builder optWarningStream(PrintStream warnings) {
            this.warnings = warnings;
            return this;
        }

        public ModelCheckpoint build() {
            return new ModelCheckpoint(this);
        }
    }
}
