package dev.graft.callbacks;

import dev.graft.models.Model;
import dev.graft.testing.StepPrinter;
import dev.graft.tensor.Tensor;
import dev.graft.utils.AtomicFiles;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training process {@link BackupAndRestoreKillTest} kills and restarts: {@link ResumeFixture}'s run with
 * an append-mode CSV log and a {@link BackupAndRestore} every 2 steps, in the directory given as the first
 * argument. It prints {@code step <epoch> <batch>} after every training step and, when training has ended,
 * writes the final weights' bits to {@code final.bin} and prints {@code done}.
 */
public final class KillResumeChild {
    static final int EPOCHS = 6;
    static final int SAVE_FREQ_STEPS = 2;

    private KillResumeChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean backup = args.length < 2 || !args[1].equals("--no-backup");
        Model model = ResumeFixture.model();
        List<Callback> callbacks = new ArrayList<>(ResumeFixture.statefulCallbacks());
        callbacks.add(new CSVLogger(dir.resolve("log.csv"), ',', true));
        callbacks.add(new StepPrinter(0));
        if (backup) {
            callbacks.add(BackupAndRestore.builder().setBackupDir(dir.resolve("backup"))
                    .optSaveFreqSteps(SAVE_FREQ_STEPS).build());
        }
        try (Tensor x = ResumeFixture.x(); Tensor y = ResumeFixture.y(x)) {
            model.fit(x, y, ResumeFixture.options(EPOCHS).optCallbacks(callbacks).build());
        }
        int[] bits = ResumeFixture.weightBits(model);
        AtomicFiles.replace(dir.resolve("final.bin"), file -> {
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
                for (int b : bits) {
                    out.writeInt(b);
                }
            }
        });
        System.out.println("done");
    }
}
