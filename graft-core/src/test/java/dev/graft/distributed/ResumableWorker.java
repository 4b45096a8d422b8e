package dev.graft.distributed;

import dev.graft.callbacks.BackupAndRestore;
import dev.graft.callbacks.Callback;
import dev.graft.testing.StepPrinter;
import dev.graft.models.Model;
import dev.graft.training.History;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One worker process of {@link WorkerDeathTest}: {@link DataParallelFixture}'s run for {@link #EPOCHS} epochs
 * with a {@link BackupAndRestore} every {@link #SAVE_FREQ_STEPS} steps in a backup directory all workers share.
 * Arguments: the output file (final weights as floats, then each epoch's loss), the backup directory, the rendezvous timeout in
 * seconds, and a pause in milliseconds after every step (so that a test can kill a worker mid-epoch). It prints
 * {@code step <epoch> <batch>} after every step and {@code done} at the end; an error ends the JVM with the
 * exception's stack trace and a non-zero status, as any {@code main} does.
 */
public final class ResumableWorker {
    static final int EPOCHS = 3;
    static final int SAVE_FREQ_STEPS = 3;

    private ResumableWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path backupDir = Path.of(args[1]);
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[2]));
        long pauseMillis = Long.parseLong(args[3]);
        Callback steps = new StepPrinter(pauseMillis);
        BackupAndRestore backup = BackupAndRestore.builder().setBackupDir(backupDir)
                .optSaveFreqSteps(SAVE_FREQ_STEPS).build();
        try (DistributedStrategy strategy = new DistributedStrategy(Rendezvous.fromEnvironment()
                .withTimeout(timeout))) {
            Model model = DataParallelFixture.model();
            History history = DataParallelFixture.train(model, strategy, EPOCHS, List.of(steps, backup));
            float[] weights = DataParallelFixture.weights(model);
            List<Double> losses = history.history().get("loss");
            try (DataOutputStream data = new DataOutputStream(Files.newOutputStream(out))) {
                data.writeInt(weights.length);
                for (float w : weights) {
                    data.writeFloat(w);
                }
                data.writeInt(losses.size());
                for (double loss : losses) {
                    data.writeDouble(loss);
                }
            }
        }
        System.out.println("done");
    }
}
