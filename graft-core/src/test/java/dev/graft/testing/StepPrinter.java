package dev.graft.testing;

import dev.graft.callbacks.Callback;
import java.util.Map;

/**
 * For tests that watch a training child process: prints {@code step <epoch> <batch>} after every training
 * step (and flushes), then optionally sleeps, so that a parent can act at a chosen step.
 */
public final class StepPrinter implements Callback {
    private final long pauseMillis;
    private int epoch;

    /** @param pauseMillis how long to sleep after each printed step, 0 for not at all */
    public StepPrinter(long pauseMillis) {
        this.pauseMillis = pauseMillis;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        this.epoch = epoch;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        System.out.println("step " + epoch + " " + batch);
        System.out.flush();
        if (pauseMillis > 0) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
