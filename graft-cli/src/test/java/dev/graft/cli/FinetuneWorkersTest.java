package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft finetune --workers N}: N local processes train together; rank 0 writes the results. */
class FinetuneWorkersTest {
    @TempDir
    Path dir;

    @Test
    void twoLocalWorkersTrainBothPhasesAndOnlyRankZeroWritesTheResults() throws IOException {
        Path data = TinyImageFolders.trainAndValidation(dir.resolve("data"), 4, 3);
        Path out = dir.resolve("out");
        List<String> args = TinyImageFolders.quickFinetune(data, out, "--workers", "2");
        GraftRun run = GraftRun.of(args);
        assertEquals(0, run.status(), run.transcript());
        assertTrue(run.out().contains("Starting 2 workers"), run.out());
        for (String file : List.of(Report.MODEL, Report.HISTORY, Report.HTML)) {
            assertTrue(Files.exists(out.resolve(file)), file + " written");
        }
        String history = Files.readString(out.resolve(Report.HISTORY));
        assertTrue(history.contains("val_loss"), history);
        String worker = Files.readString(out.resolve(FinetuneCommand.WORKER_LOGS).resolve("worker-1.log"));
        // Rank 1 shows no progress bar, but its early stopping reports the end of each phase.
        assertEquals(2, worker.split("Restoring model weights from the end of the best epoch", -1).length - 1,
                "rank 1 trained both phases:\n" + worker);
        assertFalse(worker.contains("Model, logs and report written"), "rank 1 writes nothing:\n" + worker);
        assertFalse(Files.exists(out.resolve(FinetuneCommand.BACKUPS)), "the backups are deleted at the end");

        // Each worker scored its shard of the 6 validation images; put back in the files' order, they give the
        // saved model's loss on all of them (a shuffled order would pair predictions with the wrong labels).
        JsonNode saved = new ObjectMapper().readTree(out.resolve(Report.SUMMARY).toFile())
                .get("saved_model_validation");
        assertEquals(6, saved.get("images").asInt(), saved.toString());
        GraftRun evaluate = GraftRun.of("evaluate", "--model", out.resolve(Report.MODEL).toString(), "--data",
                data.toString());
        assertEquals(0, evaluate.status(), evaluate.transcript());
        Matcher scores = Pattern.compile("loss: ([0-9.]+) - binary_accuracy: ([0-9.]+) \\(6 images")
                .matcher(evaluate.out());
        assertTrue(scores.find(), evaluate.out());
        assertEquals(saved.get("loss").asDouble(), Double.parseDouble(scores.group(1)), 1e-4, evaluate.out());
        assertEquals(saved.get("accuracy").asDouble(), Double.parseDouble(scores.group(2)), 1e-4, evaluate.out());
    }

    @Test
    void aFailingWorkerFailsTheCommandWithWhereToLookAndHowToGoOn() throws IOException {
        Path out = dir.resolve("out");
        List<String> args = TinyImageFolders.quickFinetune(dir.resolve("no-such-folder"), out, "--workers", "2");
        GraftRun run = GraftRun.of(args);
        assertEquals(1, run.status(), run.transcript());
        assertTrue(run.err().contains("of 2 failed (exit status 1"), run.err());
        assertTrue(run.err().contains("Run the same command with --resume"), run.err());
        String worker = Files.readString(out.resolve(FinetuneCommand.WORKER_LOGS).resolve("worker-1.log"));
        assertTrue(worker.contains("no-such-folder"), "rank 1 says what went wrong:\n" + worker);
    }

    @Test
    void workersGetTheCommandLineWithoutWorkers() {
        assertEquals(List.of("finetune", "--data", "d", "--out", "o"), LocalWorkers.withoutWorkers(
                new String[] {"finetune", "--workers", "4", "--data", "d", "--workers=2", "--out", "o"}));
    }

    @Test
    void optionsThatCannotWorkTogetherAreRefused() throws IOException {
        Path data = TinyImageFolders.trainAndValidation(dir.resolve("data"), 4, 2);
        Path out = dir.resolve("out");
        List<String> uneven = TinyImageFolders.quickFinetune(data, out, "--batch-size", "5", "--workers", "2");
        GraftRun run = GraftRun.of(uneven);
        assertEquals(1, run.status());
        assertTrue(run.err().contains("--batch-size 5 is the global batch, split evenly over 2 workers"), run.err());

        List<String> features = TinyImageFolders.quickFinetune(data, out, "--mode", "features", "--workers", "2");
        assertTrue(GraftRun.of(features).err().contains("--mode features trains in one process"));

        List<String> both = TinyImageFolders.quickFinetune(data, out, "--workers", "2", "--rank", "0",
                "--world-size", "2");
        assertTrue(GraftRun.of(both).err().contains("give it alone"));

        List<String> half = TinyImageFolders.quickFinetune(data, out, "--rank", "1");
        assertTrue(GraftRun.of(half).err().contains("needs both --rank and --world-size"));
    }
}
