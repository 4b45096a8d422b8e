package dev.graft.cli;

import dev.graft.training.History;
import java.util.List;

/**
 * One training phase (head training or fine-tuning): its per-epoch logs, the epoch whose weights early stopping
 * restored, and its wall time.
 *
 * @param name         {@code head} or {@code finetune}
 * @param history      every epoch's logs
 * @param bestEpoch    the 0-based epoch whose weights the model holds after the phase
 * @param accuracyName the accuracy metric's log name, e.g. {@code binary_accuracy}
 * @param seconds      the phase's wall time
 */
record PhaseResult(String name, History history, int bestEpoch, String accuracyName, double seconds) {

    int epochsRun() {
        return history.epochs().size();
    }

    /** The validation accuracy of the restored epoch. */
    double valAccuracy() {
        return at("val_" + accuracyName);
    }

    double valLoss() {
        return at("val_loss");
    }

    private double at(String name) {
        List<Double> values = history.get(name);
        return values.get(bestEpoch);
    }
}
