package dev.graft.callbacks;

import dev.graft.tensor.HostArray;
import java.util.List;
import java.util.Map;

/**
 * Stops training when a monitored quantity has stopped improving, like Keras' {@code EarlyStopping}.
 * <pre>{@code
 * // Stop once val_loss has not improved for 3 epochs, and keep the best epoch's weights.
 * EarlyStopping stop = EarlyStopping.builder().optPatience(3).optRestoreBestWeights(true).build();
 * }</pre>
 * At the end of each epoch from {@code startFromEpoch} on, a value counts as an improvement when it beats
 * the best so far by more than {@code minDelta}. After {@code patience} epochs without one (and never at
 * epoch 0) it asks the model to stop. With a {@code baseline}, the patience count restarts only on values
 * that also beat the baseline, so training stops if the baseline is never beaten. When verbose, it prints a
 * message when stopping and when restoring weights. An instance can be reused: {@code onTrainBegin} resets it.
 */
public final class EarlyStopping extends MonitorCallback implements StatefulCallback {
    private final int patience;
    private final Double baseline;
    private final boolean restoreBestWeights;
    private final int startFromEpoch;

    private int wait;
    private int stoppedEpoch;
    private int bestEpoch;
    private Double best;
    private List<HostArray> bestWeights;

    /** Keras' defaults: monitors {@code val_loss}, stops at the first epoch without improvement. */
    public EarlyStopping() {
        this(builder());
    }

    /** Stops after {@code patience} epochs without improvement of {@code monitor}. */
    public EarlyStopping(String monitor, int patience) {
        this(builder().optMonitor(monitor).optPatience(patience));
    }

    private EarlyStopping(Builder b) {
        super(b, b.minDelta);
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
        this.patience = b.patience;
        this.baseline = b.baseline;
        this.restoreBestWeights = b.restoreBestWeights;
        this.startFromEpoch = b.startFromEpoch;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        super.onTrainBegin(logs);
        wait = 0;
        stoppedEpoch = 0;
        bestEpoch = 0;
        best = null;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double current = monitoredValue(logs);
        if (current == null || epoch < startFromEpoch) {
            return;
        }
        wait++;
        if (isImprovement(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = model().getWeights();
            }
            if (isImprovement(current, baseline)) {
                wait = 0;
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model().setStopTraining(true);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch > 0) {
            say("Epoch " + (stoppedEpoch + 1) + ": early stopping");
        }
        if (restoreBestWeights && bestWeights != null) {
            say("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
            model().setWeights(bestWeights);
        }
    }

    /** The patience count, the best value and epoch, the stopped epoch, and the best weights if kept. */
    @Override
    public void saveState(CallbackState state) {
        state.put("wait", wait).put("stopped_epoch", stoppedEpoch).put("best_epoch", bestEpoch);
        if (best != null) {
            state.put("best", best);
        }
        if (bestWeights != null) {
            state.putArrays("best_weights", bestWeights);
        }
    }

    @Override
    public void restoreState(CallbackState state) {
        wait = state.getInt("wait");
        stoppedEpoch = state.getInt("stopped_epoch");
        bestEpoch = state.getInt("best_epoch");
        best = state.has("best") ? state.getDouble("best") : null;
        bestWeights = state.has("best_weights") ? state.getArrays("best_weights") : null;
    }

    @Override
    protected String missingMonitorMessage(Map<String, Double> logs) {
        return "Early stopping conditioned on metric `" + monitor() + "` which is not available. "
                + "Available metrics are: " + String.join(",", logs.keySet());
    }

    /** The 0-based epoch at which training was stopped, or 0 if it was not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The 0-based epoch with the best monitored value so far (0 before any). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * Builds an {@link EarlyStopping}; every option has Keras' default. Monitor, mode, verbose and output
     * are set through {@link MonitorCallback.Builder}.
     */
    public static final class Builder extends MonitorCallback.Builder<Builder> {
        private double minDelta;
        private int patience;
        private Double baseline;
        private boolean restoreBestWeights;
        private int startFromEpoch;

        private Builder() {
        }

        @Override
        protected Builder self() {
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

        public EarlyStopping build() {
            return new EarlyStopping(this);
        }
    }
}
