package dev.graft.bench;

import dev.graft.callbacks.Callback;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Times the steps of {@code fit} ({@code onTrainBatchBegin} to {@code onTrainBatchEnd}: forward, backward,
 * update and freeing the step's tensors, without reading the batch) and of {@code predict}, and the epochs of
 * {@code fit} ({@code onEpochBegin} to {@code onEpochEnd}, waiting for data included). Steps before
 * {@code warmup} in the first epoch are not kept; the share of CPU time other processes took is measured from
 * the first kept step to the last.
 */
final class StepTimer implements Callback {
    private final int warmup;
    private final List<List<Double>> stepMs = new ArrayList<>();
    private final List<Double> epochMs = new ArrayList<>();
    private long stepStart;
    private long epochStart;
    private CpuLoad.Meter meter;
    private double foreignShare = Double.NaN;
    private double ownShare = Double.NaN;

    StepTimer(int warmup) {
        this.warmup = warmup;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        stepMs.add(new ArrayList<>());
        epochStart = System.nanoTime();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochMs.add(millisSince(epochStart));
    }

    @Override
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        begin(batch);
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        end(batch);
    }

    @Override
    public void onPredictBegin(Map<String, Double> logs) {
        stepMs.add(new ArrayList<>());
    }

    @Override
    public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
        begin(batch);
    }

    @Override
    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
        end(batch);
    }

    private void begin(int batch) {
        if (meter == null && kept(batch)) {
            meter = CpuLoad.start();
        }
        stepStart = System.nanoTime();
    }

    private boolean kept(int batch) {
        return stepMs.size() > 1 || batch >= warmup;
    }

    private void end(int batch) {
        double ms = millisSince(stepStart);
        if (kept(batch)) {
            stepMs.get(stepMs.size() - 1).add(ms);
            CpuLoad.Shares shares = meter.shares();
            foreignShare = shares.foreign();
            ownShare = shares.own();
        }
    }

    /** The kept step times of every epoch (one list for {@code predict}), in milliseconds. */
    List<List<Double>> stepMs() {
        return stepMs;
    }

    /** The kept step times of all epochs together. */
    List<Double> allStepMs() {
        return stepMs.stream().flatMap(List::stream).toList();
    }

    /** The wall time of each epoch, in milliseconds. */
    List<Double> epochMs() {
        return epochMs;
    }

    /** Others' share of all CPU time while the kept steps ran. */
    double foreignShare() {
        return foreignShare;
    }

    /** This process's share of all CPU time while the kept steps ran. */
    double ownShare() {
        return ownShare;
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
