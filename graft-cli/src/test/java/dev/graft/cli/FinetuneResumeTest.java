package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft finetune --resume} continues an interrupted run and ends where an uninterrupted one does. */
class FinetuneResumeTest {
    @TempDir
    Path dir;

    /** Output that fails, as a crash would, when the given text has been written {@code times} times. */
    private static final class InterruptingWriter extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final String trigger;
        private final int times;
        private boolean interrupted;

        InterruptingWriter(String trigger, int times) {
            this.trigger = trigger;
            this.times = times;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            text.append(buffer, offset, length);
            if (!interrupted && occurrences() >= times) {
                interrupted = true;
                throw new IllegalStateException("simulated interruption");
            }
        }

        private int occurrences() {
            int count = 0;
            for (int i = text.indexOf(trigger); i >= 0; i = text.indexOf(trigger, i + 1)) {
                count++;
            }
            return count;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static List<String> args(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(TinyImageFolders.quickFinetune(data, out, "--epochs", "2",
                "--fine-tune-epochs", "2"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void anInterruptedFineTuningPhaseResumesAfterTheFinishedHeadPhase() throws IOException {
        Path data = TinyImageFolders.trainAndValidation(dir.resolve("data"), 4, 2);
        Path referenceOut = dir.resolve("reference");
        GraftRun reference = GraftRun.of(args(data, referenceOut));
        assertEquals(0, reference.status(), reference.transcript());

        // Interrupted as fine-tuning starts its second epoch: the head phase and one epoch of it are backed up.
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        int status = GraftCli.run(new PrintWriter(new InterruptingWriter("Epoch 2/2", 2), true),
                new PrintWriter(err, true), args(data, out).toArray(new String[0]));
        assertEquals(1, status, err.toString());
        assertTrue(err.toString().contains("simulated interruption"), err.toString());
        assertTrue(Files.exists(out.resolve(FinetuneCommand.BACKUPS).resolve("finetune").resolve("checkpoint.h5")));

        GraftRun resumed = GraftRun.of(args(data, out, "--resume"));
        assertEquals(0, resumed.status(), resumed.transcript());
        assertTrue(resumed.out().contains("Resuming from the backup in "), resumed.out());
        assertFalse(resumed.out().contains("Epoch 1/2"), "no epoch runs again:\n" + resumed.out());
        assertTrue(resumed.out().contains("Epoch 2/2"), resumed.out());
        assertEquals(Files.readString(referenceOut.resolve(Report.HISTORY)), Files.readString(out.resolve(Report.HISTORY)),
                "every epoch's logs of both phases, as in the uninterrupted run");
        assertFalse(Files.exists(out.resolve(FinetuneCommand.BACKUPS)), "the backup is deleted when the run ends");
    }
}
