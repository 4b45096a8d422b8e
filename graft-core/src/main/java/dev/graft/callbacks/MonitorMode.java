package dev.graft.callbacks;

/**
 * Which direction of a monitored quantity counts as an improvement, like the {@code mode} argument of
 * Keras' monitoring callbacks.
 */
public enum MonitorMode {
    /**
     * Inferred from the name: higher is better when it contains {@code acc} (so also {@code accuracy}) or
     * {@code auc}, lower is better otherwise (losses, errors).
     */
    AUTO,
    /** Lower is better. */
    MIN,
    /** Higher is better. */
    MAX;

    /** Whether an increase of {@code monitor} is an improvement under this mode. */
    boolean isMaximizing(String monitor) {
        return switch (this) {
            case MIN -> false;
            case MAX -> true;
            case AUTO -> monitor.contains("acc") || monitor.contains("auc");
        };
    }
}
