package dev.graft.callbacks;

import dev.graft.models.Model;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Base of the callbacks that watch one logged quantity and act when it improves or stops improving
 * ({@link EarlyStopping}, {@link ReduceLROnPlateau}, {@link ModelCheckpoint}), like Keras 3's
 * {@code MonitorCallback}. It resolves the direction of improvement from the {@link MonitorMode}, decides
 * whether a value improves on a reference by more than {@code minDelta}, warns once per training run when the
 * monitored quantity is missing from the logs, and prints verbose messages to one output stream.
 */
public abstract class MonitorCallback implements Callback {
    private final String monitor;
    private final boolean maximize;
    private final double minDelta;
    private final boolean verbose;
    private final PrintStream out;
    private final Set<String> warned = new HashSet<>();
    private Model model;

    /**
     * Validates the shared options.
     *
     * @param builder  the subclass' builder, holding monitor, mode, verbose and output
     * @param minDelta the margin by which a value must beat a reference to be an improvement; its absolute
     *                 value is used, as in Keras
     */
    protected MonitorCallback(Builder<?> builder, double minDelta) {
        String name = getClass().getSimpleName();
        if (builder.monitor == null || builder.monitor.isEmpty()) {
            throw new IllegalArgumentException(name + " needs the name of a logged quantity to monitor (optMonitor), "
                    + "e.g. \"val_loss\"; received " + (builder.monitor == null ? "null" : "\"\""));
        }
        if (builder.mode == null || builder.out == null) {
            throw new IllegalArgumentException(name + " needs a mode and an output stream, received mode="
                    + builder.mode + ", output=" + builder.out);
        }
        if (!Double.isFinite(minDelta)) {
            throw new IllegalArgumentException(name + " needs a finite minDelta, received " + minDelta);
        }
        this.monitor = builder.monitor;
        this.maximize = builder.mode.isMaximizing(builder.monitor);
        this.minDelta = Math.abs(minDelta);
        this.verbose = builder.verbose;
        this.out = builder.out;
    }

    /** The name of the logged quantity this callback watches. */
    public final String monitor() {
        return monitor;
    }

    /** Whether improvement means a larger monitored value. */
    public final boolean maximizes() {
        return maximize;
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    /** Starts a training run: each missing-quantity warning may be shown once again. */
    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        warned.clear();
    }

    /** The model given by {@link #setModel}, or an error saying how to give one. */
    protected final Model model() {
        return CallbackSupport.requireModel(model, getClass().getSimpleName());
    }

    /**
     * Whether {@code value} beats {@code reference} by more than {@code minDelta} in the monitored direction;
     * anything beats a missing ({@code null}) reference.
     */
    protected final boolean isImprovement(double value, Double reference) {
        if (reference == null) {
            return true;
        }
        return maximize ? value - minDelta > reference : value + minDelta < reference;
    }

    /** The infinity every finite value improves on: the best value before any has been seen. */
    protected final double worstValue() {
        return maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /**
     * The monitored value in {@code logs}, or {@code null} after warning (once per training run) with
     * {@link #missingMonitorMessage} that it is missing.
     */
    protected final Double monitoredValue(Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) {
            String message = missingMonitorMessage(logs);
            // Like Python's warnings, each distinct message is shown once.
            if (warned.add(message)) {
                out.println("WARNING: " + message);
            }
        }
        return value;
    }

    /** The warning shown when the monitored quantity is not among {@code logs}' keys. */
    protected abstract String missingMonitorMessage(Map<String, Double> logs);

    /**
     * Prints {@code message} on its own line when verbose. Messages that Keras starts below the progress bar
     * begin with {@code "\n"}, as Keras writes them.
     */
    protected final void say(String message) {
        if (verbose) {
            out.println(message);
        }
    }

    /**
     * The options every monitoring callback shares, each with Keras' default.
     *
     * @param <B> the concrete builder, returned by every option so that calls chain
     */
    public abstract static class Builder<B extends Builder<B>> {
        private String monitor = "val_loss";
        private MonitorMode mode = MonitorMode.AUTO;
        private boolean verbose;
        private PrintStream out = System.out;

        protected Builder() {
        }

        /** This builder, typed as the concrete one. */
        protected abstract B self();

        /** The logged quantity to watch (default {@code val_loss}). */
        public B optMonitor(String monitor) {
            this.monitor = monitor;
            return self();
        }

        /** Which direction is an improvement (default {@link MonitorMode#AUTO}). */
        public B optMode(MonitorMode mode) {
            this.mode = mode;
            return self();
        }

        /** The mode by its Keras name: {@code "auto"}, {@code "min"} or {@code "max"}. */
        public B optMode(String mode) {
            try {
                return optMode(MonitorMode.valueOf(mode.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("The monitor mode must be \"auto\", \"min\" or \"max\", received "
                        + (mode == null ? "null" : "\"" + mode + "\""), e);
            }
        }

        /** Whether to print a message each time the callback acts (default false). */
        public B optVerbose(boolean verbose) {
            this.verbose = verbose;
            return self();
        }

        /** Where messages and warnings go (default {@code System.out}). */
        public B optOutput(PrintStream out) {
            this.out = out;
            return self();
        }
    }
}
