package dev.graft.callbacks;

import dev.graft.optimizers.Optimizer;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when a monitored quantity has stopped improving, like
 * Keras' {@code ReduceLROnPlateau}.
 * <pre>{@code
 * ReduceLROnPlateau reduceLr = ReduceLROnPlateau.builder().optFactor(0.2).optPatience(5).optMinLr(1e-3).build();
 * }</pre>
 * A value is an improvement when it beats the best so far by more than {@code minDelta}. After
 * {@code patience} epochs without one, the rate becomes {@code max(lr * factor, minLr)}, then
 * {@code cooldown} epochs pass before epochs without improvement count again. Every epoch's logs also get
 * the optimizer's current {@code learning_rate} (before any reduction this epoch), as in Keras 3. When
 * verbose, each reduction prints a message. {@code onTrainBegin} forgets the best value of earlier runs.
 */
public final class ReduceLROnPlateau extends MonitorCallback implements StatefulCallback {
    private final double factor;
    private final int patience;
    private final int cooldown;
    private final double minLr;

    private int wait;
    private int cooldownCounter;
    private double best;

    /** Keras' defaults: monitors {@code val_loss}, factor 0.1, patience 10. */
    public ReduceLROnPlateau() {
        this(builder());
    }

    /** Multiplies the rate by {@code factor} after {@code patience} epochs without improvement of {@code monitor}. */
    public ReduceLROnPlateau(String monitor, double factor, int patience) {
        this(builder().optMonitor(monitor).optFactor(factor).optPatience(patience));
    }

    private ReduceLROnPlateau(Builder b) {
        super(b, b.minDelta);
        if (b.factor >= 1.0) {
            throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0. Received factor="
                    + b.factor + "; pass a factor in (0, 1), e.g. 0.1");
        }
        if (!(b.factor > 0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau needs a factor in (0, 1), received factor="
                    + b.factor);
        }
        if (b.patience < 0 || b.cooldown < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau needs patience >= 0 and cooldown >= 0, received "
                    + "patience=" + b.patience + ", cooldown=" + b.cooldown);
        }
        if (b.minDelta < 0 || !(b.minLr >= 0) || Double.isInfinite(b.minLr)) {
            throw new IllegalArgumentException("ReduceLROnPlateau needs finite minDelta >= 0 and minLr >= 0, "
                    + "received minDelta=" + b.minDelta + ", minLr=" + b.minLr);
        }
        this.factor = b.factor;
        this.patience = b.patience;
        this.cooldown = b.cooldown;
        this.minLr = b.minLr;
        best = worstValue();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        super.onTrainBegin(logs);
        best = worstValue();
        wait = 0;
        cooldownCounter = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Optimizer optimizer = CallbackSupport.requireOptimizer(model(), "ReduceLROnPlateau");
        logs.put("learning_rate", optimizer.learningRate());
        Double current = monitoredValue(logs);
        if (current == null) {
            return;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (isImprovement(current, best)) {
            best = current;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience) {
                reduce(optimizer, epoch);
            }
        }
    }

    private void reduce(Optimizer optimizer, int epoch) {
        double oldLr = optimizer.learningRate();
        // Keras compares against min_lr rounded to float32, as its rate is stored in float32; taking the larger
        // of both bounds also stops at minLr when the optimizer keeps the rate in double precision.
        if (oldLr > Math.max(minLr, (float) minLr)) {
            double newLr = Math.max(oldLr * factor, minLr);
            optimizer.setLearningRate(newLr);
            say("\nEpoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to "
                    + PythonFloats.repr(newLr) + ".");
            cooldownCounter = cooldown;
            wait = 0;
        }
    }

    /** The epochs without improvement, the cooldown left and the best value. */
    @Override
    public void saveState(CallbackState state) {
        state.put("wait", wait).put("cooldown_counter", cooldownCounter).put("best", best);
    }

    @Override
    public void restoreState(CallbackState state) {
        wait = state.getInt("wait");
        cooldownCounter = state.getInt("cooldown_counter");
        best = state.getDouble("best");
    }

    @Override
    protected String missingMonitorMessage(Map<String, Double> logs) {
        return "Learning rate reduction is conditioned on metric `" + monitor() + "` which is not available. "
                + "Available metrics are: " + String.join(",", logs.keySet()) + ".";
    }

    /**
     * Builds a {@link ReduceLROnPlateau}; every option has Keras' default. Monitor, mode, verbose and output
     * are set through {@link MonitorCallback.Builder}.
     */
    public static final class Builder extends MonitorCallback.Builder<Builder> {
        private double factor = 0.1;
        private int patience = 10;
        private double minDelta = 1e-4;
        private int cooldown;
        private double minLr;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** What the rate is multiplied by, in (0, 1) (default 0.1). */
        public Builder optFactor(double factor) {
            this.factor = factor;
            return this;
        }

        /** Epochs without improvement after which the rate is reduced (default 10). */
        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        /** How much a value must beat the best so far by to count as an improvement (default 1e-4). */
        public Builder optMinDelta(double minDelta) {
            this.minDelta = minDelta;
            return this;
        }

        /** Epochs after a reduction during which epochs without improvement are not counted (default 0). */
        public Builder optCooldown(int cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /** The lowest rate a reduction goes to (default 0). */
        public Builder optMinLr(double minLr) {
            this.minLr = minLr;
            return this;
        }

        public ReduceLROnPlateau build() {
            return new ReduceLROnPlateau(this);
        }
    }
}
