package dev.graft.cli;

import dev.graft.callbacks.EarlyStopping;
import dev.graft.models.Model;
import dev.graft.training.Batch;
import dev.graft.training.FitOptions;
import dev.graft.training.History;

/**
 * Runs {@code fit} for one phase with early stopping on {@code val_loss} (Keras' default monitor), restoring the
 * best epoch's weights at the end, and times it.
 */
final class TrainingPhase {
    private TrainingPhase() {
    }

    /** Trains the compiled {@code model} for up to {@code epochs} epochs; stops after {@code patience} epochs without improvement. */
    static PhaseResult run(String name, Model model, Iterable<Batch> train, Iterable<Batch> validation, int epochs,
            int patience, String accuracyName, ProgressSink progress) {
        EarlyStopping stopping = EarlyStopping.builder().optPatience(patience).optRestoreBestWeights(true)
                .optVerbose(true).optOutput(progress.stream()).build();
        long start = System.nanoTime();
        History history = model.fit(train, FitOptions.builder().optEpochs(epochs).optValidationData(validation)
                .optCallbacks(stopping).optOutput(progress.output()).build());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new PhaseResult(name, history, stopping.bestEpoch(), accuracyName, seconds);
    }
}
