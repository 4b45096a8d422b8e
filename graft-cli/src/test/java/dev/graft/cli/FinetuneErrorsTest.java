package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake in what {@code graft finetune} and {@code graft evaluate} are given ends with one line and status 1. */
class FinetuneErrorsTest {
    @TempDir
    Path tmp;

    /** Asserts a one-line error starting with {@code start}, without a stack trace. */
    private static void assertOneLineError(GraftRun run, String start) {
        assertEquals(1, run.status(), run.transcript());
        assertTrue(run.err().startsWith("graft: " + start), run.transcript());
        assertEquals(1, run.err().strip().lines().count(), "one line:\n" + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace:\n" + run.err());
    }

    private GraftRun finetune(Path data, String... more) {
        return GraftRun.of(TinyImageFolders.quickFinetune(data, tmp.resolve("out"), more));
    }

    @Test
    void aMissingFolder() {
        Path missing = tmp.resolve("no/such/folder");
        assertOneLineError(finetune(missing), "--data " + missing + " does not exist; give a folder of class folders");
    }

    @Test
    void verbosePrintsTheStackAfterTheLine() {
        Path missing = tmp.resolve("missing");
        List<String> after = TinyImageFolders.quickFinetune(missing, tmp.resolve("out"));
        after.add("--verbose");
        GraftRun verbose = GraftRun.of(after);
        assertEquals(1, verbose.status(), verbose.transcript());
        assertTrue(verbose.err().startsWith("graft: --data " + missing + " does not exist"), verbose.err());
        assertTrue(verbose.err().contains("java.lang.IllegalArgumentException: --data " + missing), verbose.err());
        assertTrue(verbose.err().contains("\tat dev.graft.cli.ImageFolderData"), verbose.err());
        List<String> before = TinyImageFolders.quickFinetune(missing, tmp.resolve("out"));
        before.add(0, "--verbose");                    // graft --verbose finetune ...
        GraftRun global = GraftRun.of(before);
        assertEquals(1, global.status(), global.transcript());
        assertTrue(global.err().contains("\tat dev.graft.cli.ImageFolderData"), global.err());
    }

    @Test
    void aFileInsteadOfAFolder() throws IOException {
        Path file = Files.writeString(tmp.resolve("photos.zip"), "zip");
        assertOneLineError(finetune(file), "--data " + file + " is not a folder");
    }

    @Test
    void anEmptyFolder() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertOneLineError(finetune(empty), empty + " has no class folders; a classifier needs at least 2");
    }

    @Test
    void aFolderWithOneClass() {
        Path one = TinyImageFolders.classFolders(tmp.resolve("one"), 3, "cats");
        assertOneLineError(finetune(one), one + " has one class folder [cats]; a classifier needs at least 2");
    }

    @Test
    void classFoldersWithoutImages() throws IOException {
        Path data = tmp.resolve("texts");
        Files.createDirectories(data.resolve("cats"));
        Files.createDirectories(data.resolve("dogs"));
        Files.writeString(data.resolve("cats/cat.txt"), "meow");
        assertOneLineError(finetune(data), "No images in the class folders of " + data + " [cats, dogs]");
    }

    @Test
    void validationClassesThatDifferFromTraining() throws IOException {
        Path data = TinyImageFolders.trainAndValidation(tmp.resolve("data"), 2, 2);
        Files.createDirectories(data.resolve("validation/birds"));
        assertOneLineError(finetune(data), "The class folders of " + data.resolve("validation")
                + " [birds, cats, dogs] differ from those of " + data.resolve("train") + " [cats, dogs]");
    }

    @Test
    void anImageThatCannotBeDecoded() throws IOException {
        Path data = TinyImageFolders.trainAndValidation(tmp.resolve("data"), 2, 2);
        Files.writeString(data.resolve("train/cats/broken.jpg"), "not a JPEG");
        // The decoder's message, not the pipeline stages it passed through.
        assertOneLineError(finetune(data), "Cannot decode image " + data.resolve("train/cats/broken.jpg")
                + ": unknown image format");
    }

    @Test
    void badOptionValues() {
        Path data = TinyImageFolders.trainAndValidation(tmp.resolve("data"), 2, 2);
        assertOneLineError(finetune(data, "--base", "alexnet"), "Unknown application 'alexnet'; available: [xception");
        assertOneLineError(finetune(data, "--augment", "flip,blur:2"), "--augment flip,blur:2: unknown augmentation "
                + "'blur:2'; use flip, rotate:F, zoom:F, contrast:F, translate:F, or none");
        assertOneLineError(finetune(data, "--augment", "rotate"), "--augment rotate: rotate needs a factor, e.g. rotate:0.1");
        assertOneLineError(finetune(data, "--augment", "zoom:big"), "--augment zoom:big: the factor of zoom must be a number");
        assertOneLineError(finetune(data, "--unfreeze", "some"), "--unfreeze takes 'all' or a number of layers, received some");
        assertOneLineError(finetune(data, "--unfreeze", "1000"), "--unfreeze takes 'all' or a number of layers from 1 to "
                + "the base's 86, received 1000");
        assertOneLineError(finetune(data, "--mode", "fast"), "--mode must be finetune or features, received fast");
        assertOneLineError(finetune(data, "--epochs", "0"), "--epochs must be at least 1, received 0");
        assertOneLineError(finetune(data, "--weights", "/no/such.h5"), "--weights /no/such.h5: no such file");
        Path flat = TinyImageFolders.classFolders(tmp.resolve("flat"), 2, "cats", "dogs");
        assertOneLineError(finetune(flat, "--validation-split", "1.5"), flat + " has no validation folder, so part of "
                + "its images are kept for validation: --validation-split must lie in (0, 1), received 1.5");
    }

    @Test
    void evaluateNeedsASavedModelAndMatchingClasses() throws IOException {
        Path data = TinyImageFolders.trainAndValidation(tmp.resolve("data"), 2, 2);
        assertOneLineError(GraftRun.of("evaluate", "--model", tmp.resolve("none.keras").toString(), "--data",
                data.toString()), "--model " + tmp.resolve("none.keras") + ": no such file");
        Path out = tmp.resolve("out");
        GraftRun trained = finetune(data, "--fine-tune-epochs", "0");
        assertEquals(0, trained.status(), trained.transcript());
        Path three = TinyImageFolders.classFolders(tmp.resolve("three"), 1, "a", "b", "c");
        assertOneLineError(GraftRun.of("evaluate", "--model", out.resolve(Report.MODEL).toString(), "--data",
                three.toString()), "The model tells 2 classes apart, but " + three + " has 3 class folders: [a, b, c]");
        Path renamed = TinyImageFolders.classFolders(tmp.resolve("renamed"), 1, "kittens", "puppies");
        assertOneLineError(GraftRun.of("evaluate", "--model", out.resolve(Report.MODEL).toString(), "--data",
                renamed.toString()), "The model was trained on the classes [cats, dogs] (" + out.resolve(Report.CLASSES)
                + "), but the class folders of " + renamed + " are [kittens, puppies]");
    }
}
