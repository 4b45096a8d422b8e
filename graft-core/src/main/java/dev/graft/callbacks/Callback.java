package dev.graft.callbacks;

import dev.graft.models.Model;
import java.util.Map;

/**
 * Hooks into {@code fit}, {@code evaluate} and {@code predict}, like Keras' {@code Callback}. Every hook
 * does nothing by default; implement the ones you need. {@code logs} maps names such as {@code loss},
 * {@code binary_accuracy} and {@code val_loss} to their current values; at the end of an epoch they are
 * the epoch's means. Epoch and batch numbers count from 0.
 */
public interface Callback {

    /** Called once before training with the model being trained. */
    default void setModel(Model model) {
    }

    default void onTrainBegin(Map<String, Double> logs) {
    }

    default void onTrainEnd(Map<String, Double> logs) {
    }

    default void onEpochBegin(int epoch, Map<String, Double> logs) {
    }

    /** {@code logs} may be modified (e.g. to add {@code learning_rate}); later callbacks see the change. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    default void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    }

    default void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    }

    default void onTestBegin(Map<String, Double> logs) {
    }

    default void onTestEnd(Map<String, Double> logs) {
    }

    default void onTestBatchBegin(int batch, Map<String, Double> logs) {
    }

    default void onTestBatchEnd(int batch, Map<String, Double> logs) {
    }

    default void onPredictBegin(Map<String, Double> logs) {
    }

    default void onPredictEnd(Map<String, Double> logs) {
    }

    default void onPredictBatchBegin(int batch, Map<String, Double> logs) {
    }

    default void onPredictBatchEnd(int batch, Map<String, Double> logs) {
    }
}
