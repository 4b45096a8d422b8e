package dev.graft.cli;

import dev.graft.callbacks.BackupAndRestore;
import dev.graft.callbacks.EarlyStopping;
import dev.graft.distributed.DistributedStrategy;
import dev.graft.models.Model;
import dev.graft.training.Batch;
import dev.graft.training.FitOptions;
import dev.graft.training.History;
import java.nio.file.Path;

/**
 * Runs {@code fit} for one phase with early stopping on {@code val_loss} (Keras' default monitor), restoring the
 * best epoch's weights at the end, and times it. The phase backs up its whole state to
 * {@code <backups>/<name>} at the end of every epoch ({@link BackupAndRestore}) and keeps the last backup
 * when it ends, so that a run started again after an interruption ({@code --resume}) replays a finished phase
 * from it at once and continues an unfinished one where it stopped.
 */
final class TrainingPhase {
    private TrainingPhase() {
    }

    /**
     * Trains the compiled {@code model} for up to {@code epochs} epochs; stops after {@code patience} epochs
     * without improvement. A backup in {@code backups} continues the phase from where it was taken. With a
     * {@code strategy}, this process is one worker, {@code train} and {@code validation} its shards.
     */
    static PhaseResult run(String name, Model model, Iterable<Batch> train, Iterable<Batch> validation, int epochs,
            int patience, String accuracyName, ProgressSink progress, Path backups, DistributedStrategy strategy) {
        EarlyStopping stopping = EarlyStopping.builder().optPatience(patience).optRestoreBestWeights(true)
                .optVerbose(true).optOutput(progress.stream()).build();
        long start = System.nanoTime();
        History history = model.fit(train, FitOptions.builder().optEpochs(epochs).optValidationData(validation)
                .optCallbacks(stopping, BackupAndRestore.builder().setBackupDir(backups.resolve(name))
                        .optDeleteCheckpoint(false).build())
                .optOutput(progress.output()).optStrategy(strategy).build());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new PhaseResult(name, history, stopping.bestEpoch(), accuracyName, seconds);
    }
}
