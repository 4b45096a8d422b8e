package dev.graft.callbacks;

import dev.graft.distributed.DistributedStrategy;
import dev.graft.metrics.Metric;
import dev.graft.models.Model;
import dev.graft.training.FitState;
import dev.graft.training.FitStateCallback;
import dev.graft.utils.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Backs up the whole training state so that an interrupted {@code fit} (a crash, a kill, a lost machine)
 * continues where it stopped when run again, like Keras' {@code BackupAndRestore}:
 * <pre>{@code
 * model.fit(train, FitOptions.builder().optEpochs(50)
 *         .optCallbacks(new BackupAndRestore(Path.of("backup")), new CSVLogger(log, ',', true))
 *         .build());
 * }</pre>
 * Unlike Keras, which keeps the weights and the epoch, the checkpoint holds everything the rest of the run
 * depends on, so that with a fixed seed the resumed run ends with the very weights of an uninterrupted one:
 * every weight of the model (trainable or not), the optimizer's state variables, step count and learning
 * rate, the state of every random generator the model's layers draw from (Dropout, augmentation), the epoch
 * and the step within it, the training and validation data's pass (a seeded shuffle gives the same order;
 * see {@link dev.graft.training.SeekableData}), the epoch's running metrics, the {@code History}, and the
 * state of every {@link StatefulCallback} ({@link EarlyStopping}, {@link ReduceLROnPlateau}, {@link CSVLogger},
 * ...). A resumed epoch skips the batches trained before the checkpoint.
 *
 * <p>The checkpoint is written at the end of every epoch and, with {@link Builder#optSaveFreqSteps}, every
 * {@code n} training steps, to {@code <backupDir>/checkpoint.h5}, an HDF5 file of the weights and a JSON document of the rest. It is written
 * whole to a temporary file beside it, synced and renamed over the previous one, so the directory always
 * holds a complete checkpoint: a crash during a write leaves the previous one. With
 * {@link Builder#optDoubleCheckpoint} the previous checkpoint is also kept as {@code previous.h5}, and used
 * when the latest cannot be read. Otherwise a damaged checkpoint is an error naming the file: training never
 * silently starts again from zero.
 *
 * <p>At the start of {@code fit}, a checkpoint in the directory is loaded and the loop continues from it; the
 * model, optimizer, callbacks and data must be those of the interrupted run (a mismatch is an error that says
 * what differs). When {@code fit} ends normally, the checkpoint is deleted (unless
 * {@link Builder#optDeleteCheckpoint} is false); after an exception it stays for the next run. Use a
 * directory for one training run only.
 */
public final class BackupAndRestore implements FitStateCallback {
    /** The name of the checkpoint file in the backup directory. */
    public static final String CHECKPOINT_FILE = "checkpoint.h5";
    /** The name of the previous checkpoint, kept with {@link Builder#optDoubleCheckpoint}. */
    public static final String PREVIOUS_FILE = "previous.h5";

    private final Path backupDir;
    private final long saveFreqSteps;
    private final boolean deleteCheckpoint;
    private final boolean doubleCheckpoint;
    private final PrintStream out;
    private Model model;
    private FitState state;
    private long stepsSinceSave;
    /** A checkpoint taken mid-epoch: the part restored after that epoch's onEpochBegin, or null. */
    private BackupFile.Restore pending;

    /** Backs up to {@code backupDir} at the end of every epoch; deletes the checkpoint when training ends. */
    public BackupAndRestore(Path backupDir) {
        this(builder().setBackupDir(backupDir));
    }

    private BackupAndRestore(Builder b) {
        if (b.backupDir == null || b.backupDir.toString().isEmpty()) {
            throw new IllegalArgumentException("BackupAndRestore needs a backup directory (setBackupDir), received "
                    + (b.backupDir == null ? "null" : "an empty path"));
        }
        if (b.saveFreqSteps < 0) {
            throw new IllegalArgumentException("BackupAndRestore needs saveFreqSteps >= 1 (or 0 for epoch ends only), "
                    + "received " + b.saveFreqSteps);
        }
        if (b.out == null) {
            throw new IllegalArgumentException("BackupAndRestore needs an output stream for its warnings, "
                    + "received null");
        }
        this.backupDir = b.backupDir;
        this.saveFreqSteps = b.saveFreqSteps;
        this.deleteCheckpoint = b.deleteCheckpoint;
        this.doubleCheckpoint = b.doubleCheckpoint;
        this.out = b.out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The directory the checkpoint lives in. */
    public Path backupDir() {
        return backupDir;
    }

    /** The latest checkpoint's path: {@code <backupDir>/checkpoint.h5}. */
    public Path checkpointFile() {
        return backupDir.resolve(CHECKPOINT_FILE);
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    @Override
    public void setFitState(FitState state) {
        this.state = state;
    }

    /** Loads the checkpoint, if there is one, and moves the start of the loop to where it was taken. */
    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        FitState fit = requireState();
        stepsSinceSave = 0;
        pending = null;
        if (CallbackSupport.writesFiles(model)) {
            deleteTemporaryFiles();
        }
        Path latest = checkpointFile();
        Path previous = backupDir.resolve(PREVIOUS_FILE);
        BackupFile.Restore restore;
        if (Files.exists(latest)) {
            try {
                restore = BackupFile.read(latest, fit);
            } catch (IllegalArgumentException damaged) {
                if (!doubleCheckpoint || !Files.exists(previous)) {
                    throw damaged;
                }
                out.println("WARNING: BackupAndRestore could not read " + latest + " (" + damaged.getMessage()
                        + "); resuming from the previous checkpoint " + previous);
                restore = BackupFile.read(previous, fit);
            }
        } else if (doubleCheckpoint && Files.exists(previous)) {
            // Interrupted between moving the latest aside and renaming the new one into place.
            restore = BackupFile.read(previous, fit);
        } else {
            return;
        }
        restore.applyAtTrainBegin(fit);
        if (restore.midEpoch()) {
            pending = restore;
        } else {
            restore.applyAfterEpochBegin(fit);
        }
    }

    /** For a checkpoint taken mid-epoch: puts back what this epoch's onEpochBegin and steps had changed. */
    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        if (pending != null) {
            BackupFile.Restore restore = pending;
            pending = null;
            restore.applyAfterEpochBegin(requireState());
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (saveFreqSteps > 0 && ++stepsSinceSave >= saveFreqSteps) {
            save(false);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        save(true);
    }

    /** Deletes the checkpoint when asked to: training ended normally, so there is nothing to resume. */
    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (!deleteCheckpoint || !CallbackSupport.writesFiles(model)) {
            return;
        }
        try {
            deleteTemporaryFiles();
            Files.deleteIfExists(checkpointFile());
            Files.deleteIfExists(backupDir.resolve(PREVIOUS_FILE));
            if (Files.isDirectory(backupDir)) {
                try (Stream<Path> left = Files.list(backupDir)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(backupDir);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore could not delete its checkpoint in " + backupDir + ": "
                    + e.getMessage(), e);
        }
    }

    private void save(boolean epochEnd) {
        FitState fit = requireState();
        stepsSinceSave = 0;
        // Mid-epoch the checkpoint holds the epoch's running metrics, of all workers in a distributed fit: summing
        // them is a collective, so every worker takes part before rank 0 writes.
        List<double[]> metricStates = epochEnd ? null : runningMetricStates(fit);
        if (!CallbackSupport.writesFiles(model)) {
            return;   // rank 0 of a distributed fit writes the checkpoint every worker resumes from
        }
        try {
            Files.createDirectories(backupDir);
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore cannot create the backup directory " + backupDir + ": "
                    + e.getMessage(), e);
        }
        Path latest = checkpointFile();
        if (!doubleCheckpoint) {
            BackupFile.write(latest, fit, epochEnd, metricStates, null);
            return;
        }
        // The new checkpoint is complete before the latest becomes the previous one.
        Path previous = backupDir.resolve(PREVIOUS_FILE);
        BackupFile.write(latest, fit, epochEnd, metricStates, () -> {
            if (Files.exists(latest)) {
                Files.move(latest, previous, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        });
    }

    /** The running metrics' states, summed over the workers of a distributed fit. */
    private List<double[]> runningMetricStates(FitState fit) {
        List<double[]> states = fit.runningMetrics().stream().map(Metric::getStateValues).toList();
        DistributedStrategy strategy = model.distributeStrategy();
        return strategy == null ? states : strategy.sum(states);
    }

    /** Temporary files of writes that were interrupted: they were never a checkpoint. */
    private void deleteTemporaryFiles() {
        try {
            AtomicFiles.deleteTemporaryFiles(backupDir.resolve(CHECKPOINT_FILE));
            AtomicFiles.deleteTemporaryFiles(backupDir.resolve(PREVIOUS_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore cannot list the backup directory " + backupDir + ": "
                    + e.getMessage(), e);
        }
    }

    private FitState requireState() {
        if (state == null || model == null) {
            throw new IllegalStateException("BackupAndRestore runs inside fit(), which gives it the model and the "
                    + "training state; pass it in FitOptions.optCallbacks(...)");
        }
        return state;
    }

    /** Builds a {@link BackupAndRestore}; {@link #setBackupDir} is required. */
    public static final class Builder {
        private Path backupDir;
        private long saveFreqSteps;
        private boolean deleteCheckpoint = true;
        private boolean doubleCheckpoint;
        private PrintStream out = System.out;

        private Builder() {
        }

        /** The directory of the checkpoint (created when first needed); use it for one training run only. */
        public Builder setBackupDir(Path backupDir) {
            this.backupDir = backupDir;
            return this;
        }

        /**
         * Also back up every {@code steps} training steps (Keras' {@code save_freq=n}); 0, the default, backs up
         * at the end of each epoch only (Keras' {@code "epoch"}). Epoch ends are always backed up.
         */
        public Builder optSaveFreqSteps(long steps) {
            this.saveFreqSteps = steps;
            return this;
        }

        /** Whether to delete the checkpoint when {@code fit} ends normally (default true, as Keras). */
        public Builder optDeleteCheckpoint(boolean deleteCheckpoint) {
            this.deleteCheckpoint = deleteCheckpoint;
            return this;
        }

        /**
         * Whether to keep the previous checkpoint too, and resume from it when the latest cannot be read
         * (Keras' {@code double_checkpoint}; default false).
         */
        public Builder optDoubleCheckpoint(boolean doubleCheckpoint) {
            this.doubleCheckpoint = doubleCheckpoint;
            return this;
        }

        /** Where the warning about falling back to the previous checkpoint goes (default {@code System.out}). */
        public Builder optOutput(PrintStream out) {
            this.out = out;
            return this;
        }

        public BackupAndRestore build() {
            return new BackupAndRestore(this);
        }
    }
}
