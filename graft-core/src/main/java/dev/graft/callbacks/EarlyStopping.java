package dev.graft.callbacks;

import dev.graft.models.Model;
import dev.graft.tensor.HostArray;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stops training when a monitored quantity has stopped improving, like Keras' {@code EarlyStopping}.
 * <pre>{@code
 * // Stop once val_loss has not improved for 3 epochs, and keep the best epoch's weights.
 * EarlyStopping stop = EarlyStopping.builder().optPatience(3).optRestoreBestWeights(true).build();
 * }</pre>
 * At the end of each epoch from {@code startFromEpoch} on, a value counts as an improvement when it beats
 * the best so far by more than {@code minDelta}. After {@code patience} epochs without one (and never at
 * epoch 0) it asks the model to stop. With a {@code baseline}, the patience count restarts only on values
 * that also beat the baseline, so training stops if the baseline is never beaten. An instance can be reused:
 * {@code onTrainBegin} resets it.
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final boolean verbose;
    private final boolean maximize;
    private final Double baseline;
    private final boolean restoreBestWeights;
    private final int startFromEpoch;
    private final PrintStream out;

    private Model model;
    private int wait;
    private int stoppedEpoch;
    private int bestEpoch;
    private Double best;
    private List<HostArray> bestWeights;
    private final Set<String> warned = new HashSet<>();

    /** Keras' defaults: monitors {@code val_loss}, stops at the first epoch without improvement. */
    public EarlyStopping() {
        this(builder());
    }

    /** Stops after {@code patience} epochs without improvement of {@code monitor}. */
    public EarlyStopping(String monitor, int patience) {
        this(builder().optMonitor(monitor).optPatience(patience));
    }

    private EarlyStopping(Builder b) {
        if (b.monitor == null || b.monitor.isEmpty()) {
            throw new IllegalArgumentException("EarlyStopping needs the name of a logged quantity to monitor "
                    + "(optMonitor), e.g. \"val_loss\"; received " + (b.monitor == null ? "null" : "\"\""));
        }
        if (Double.isNaN(b.minDelta) || Double.isInfinite(b.minDelta)) {
            throw new IllegalArgumentException("EarlyStopping needs a finite minDelta, received " + b.minDelta);
        }
        if (b.patience < 0) {
            throw new IllegalArgumentException("EarlyStopping needs patience >= 0, received " + b.patience);
        }
        if (b.startFromEpoch < 0) {
            throw new IllegalArgumentException("EarlyStopping needs startFromEpoch >= 0, received "
                    + b.startFromEpoch);
        }
        if (b.baseline != null && Double.isNaN(b.baseline)) {
            throw new IllegalArgumentException("EarlyStopping received baseline NaN; pass a number or leave it out");
        }
        if (b.mode == null || b.out == null) {
            throw new IllegalArgumentException("EarlyStopping needs a mode and an output stream, received mode="
                    + b.mode + ", output=" + b.out);
        }
        this.monitor = b.monitor;
        this.minDelta = Math.abs(b.minDelta);
        this.patience = b.patience;
        this.verbose = b.verbose;
        this.maximize = b.mode.isMaximizing(b.monitor);
        this.baseline = b.baseline;
        this.restoreBestWeights = b.restoreBestWeights;
        this.startFromEpoch = b.startFromEpoch;
        this.out = b.out;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        wait = 0;
        stoppedEpoch = 0;
        bestEpoch = 0;
        best = null;
        bestWeights = null;
        warned.clear();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double current = logs.get(monitor);
        if (current == null) {
            warnOnce("Early stopping conditioned on metric `" + monitor + "` which is not available. "
                    + "Available metrics are: " + String.join(",", logs.keySet()));
            return;
        }
        if (epoch < startFromEpoch) {
            return;
        }
        wait++;
        if (best == null || isImprovement(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = CallbackSupport.requireModel(model, "EarlyStopping").getWeights();
            }
            if (baseline == null || isImprovement(current, baseline)) {
                wait = 0;
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            CallbackSupport.requireModel(model, "EarlyStopping").setStopTraining(true);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch > 0 && verbose) {
            out.println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
        }
        if (restoreBestWeights && bestWeights != null) {
            if (verbose) {
                out.println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
            }
            model.setWeights(bestWeights);
        }
    }

    /** Whether {@code value} beats {@code reference} by more than minDelta in the monitored direction. */
    private boolean isImprovement(double value, double reference) {
        return maximize ? value - minDelta > reference : value + minDelta < reference;
    }

    /** Like Python's warnings, each distinct message is shown once (per training run here). */
    private void warnOnce(String message) {
        if (warned.add(message)) {
            out.println("WARNING: " + message);
        }
    }

    /** The 0-based epoch at which training was stopped, or 0 if it was not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The 0-based epoch with the best monitored value so far (0 before any). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Builds an {@link EarlyStopping}; every option has Keras' default. */
    public static final class Builder {
        private String monitor = "val_loss";
        private double minDelta;
        private int patience;
        private boolean verbose;
        private MonitorMode mode = MonitorMode.AUTO;
        private Double baseline;
        private boolean restoreBestWeights;
        private int startFromEpoch;
        private PrintStream out = System.out;

        private Builder() {
        }

        /** The logged quantity to watch (default {@code val_loss}). */
        public Builder optMonitor(String monitor) {
            this.monitor = monitor;
            return this;
        }

        /** The smallest change that counts as an improvement (default 0; its absolute value is used). */
        public Builder optMinDelta(double minDelta) {
            this.minDelta = minDelta;
            return this;
        }

        /** Epochs without improvement after which training stops (default 0). */
        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        /** Whether to print a message when stopping and when restoring weights (default false). */
        public Builder optVerbose(boolean verbose) {
            this.verbose = verbose;
            return this;
        }

        /** Which direction is an improvement (default {@link MonitorMode#AUTO}). */
        public Builder optMode(MonitorMode mode) {
            this.mode = mode;
            return this;
        }

        /** A value the monitored quantity must beat for the patience count to restart (default none). */
        public Builder optBaseline(double baseline) {
            this.baseline = baseline;
            return this;
        }

        /**
         * Whether to put back, at the end of training, the weights of the epoch with the best monitored value
         * (default false). Keras 3 does so whether or not training was stopped early.
         */
        public Builder optRestoreBestWeights(boolean restoreBestWeights) {
            this.restoreBestWeights = restoreBestWeights;
            return this;
        }

        /** Epochs to ignore before monitoring starts, a warm-up (default 0). */
        public Builder optStartFromEpoch(int startFromEpoch) {
            this.startFromEpoch = startFromEpoch;
            return this;
        }

        /** Where messages and warnings go (default {@code System.out}). */
        public Builder optOutput(PrintStream out) {
            this.out = out;
            return this;
        }

        public EarlyStopping build() {
            return new EarlyStopping(this);
        }
    }
}
