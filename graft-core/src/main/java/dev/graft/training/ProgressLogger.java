package dev.graft.training;

import dev.graft.callbacks.Callback;
import java.util.Map;

/**
 * The callback that prints {@code Epoch 1/20} and the progress bar, like Keras' {@code ProgbarLogger}.
 * The loops add it first when {@code verbose > 0}; within {@code fit} the validation pass prints nothing.
 */
final class ProgressLogger implements Callback {
    private final int verbose;
    private final ProgressOutput output;
    private int epochs;
    private long target = -1;
    private long seen;
    private boolean inFit;
    private ProgressBar bar;

    ProgressLogger(int verbose, ProgressOutput output) {
        this.verbose = verbose;
        this.output = output;
    }

    /** Sets the step count of the next pass (-1 when unknown) and, for fit, the number of epochs. */
    void expect(long steps, int epochs) {
        this.target = steps;
        this.epochs = epochs;
    }

    private void startBar() {
        seen = 0;
        bar = new ProgressBar(target, verbose, output.interactive(), output.stream(), System::nanoTime);
    }

    private void step(int batch, Map<String, Double> logs) {
        seen = batch + 1L;
        bar.update(seen, logs);
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        inFit = true;
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        inFit = false;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        output.stream().println("Epoch " + (epoch + 1) + "/" + epochs);
        startBar();
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        step(batch, logs);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        bar.finish(seen, logs);
    }

    @Override
    public void onTestBegin(Map<String, Double> logs) {
        if (!inFit) {
            startBar();
        }
    }

    @Override
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        if (!inFit) {
            step(batch, logs);
        }
    }

    @Override
    public void onTestEnd(Map<String, Double> logs) {
        if (!inFit) {
            bar.finish(seen, logs);
        }
    }

    @Override
    public void onPredictBegin(Map<String, Double> logs) {
        startBar();
    }

    @Override
    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
        step(batch, logs);
    }

    @Override
    public void onPredictEnd(Map<String, Double> logs) {
        bar.finish(seen, logs);
    }
}
