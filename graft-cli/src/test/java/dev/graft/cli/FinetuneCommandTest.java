package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.models.Model;
import dev.graft.models.Models;
import dev.graft.tensor.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft finetune} end to end on tiny image folders, and the commands that read its saved model:
 * {@code evaluate}, {@code predict} and {@code summary}.
 */
class FinetuneCommandTest {
    /** A validation image whose name needs escaping in HTML. */
    private static final String ODD_NAME = "odd <i>name & \"quote's\".jpg";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    private static Path data;
    private static Path out;
    private static GraftRun run;

    @BeforeAll
    static void fineTuneOnce() throws IOException {
        data = TinyImageFolders.trainAndValidation(shared.resolve("data"), 6, 3);
        TinyImageFolders.shrink(SharedDataPhotos.cat(), data.resolve("validation/cats").resolve(ODD_NAME));
        out = shared.resolve("out");
        run = GraftRun.of(TinyImageFolders.quickFinetune(data, out));
    }

    @Test
    void writesEveryFileOfTheReport() throws IOException {
        assertEquals(0, run.status(), run.transcript());
        for (String file : List.of(Report.MODEL, Report.CLASSES, Report.HISTORY, Report.SUMMARY, Report.HTML)) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        for (String png : List.of(Report.CURVES, Report.CONFUSION, Report.WORST)) {
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertNotNull(image, png + " is a PNG");
            assertTrue(image.getWidth() > 100 && image.getHeight() > 100, png);
        }
        assertEquals(List.of("cats", "dogs"), List.of(JSON.readValue(out.resolve(Report.CLASSES).toFile(), String[].class)));
    }

    @Test
    void showsProgressBarsAndBothPhases() {
        assertTrue(run.out().contains("Found 12 files belonging to 2 classes."), run.out());
        assertTrue(run.out().contains("Found 7 files belonging to 2 classes."), run.out());
        assertTrue(run.out().contains("Epoch 1/1"), run.out());
        assertTrue(run.out().contains("3/3 [==============================]"), "a bar per epoch:\n" + run.out());
        assertTrue(run.out().contains("Fine-tuning the whole base (86 layers) with Adam(1.0E-5)"), run.out());
        assertTrue(run.out().contains("Trainable params: 257"), "head training: only the Dense layer\n" + run.out());
    }

    @Test
    void historyHoldsEveryEpochOfBothPhases() throws IOException {
        JsonNode history = JSON.readTree(out.resolve(Report.HISTORY).toFile());
        for (String phase : List.of("head", "finetune")) {
            assertEquals(1, history.get(phase).size(), phase);
            JsonNode epoch = history.get(phase).get(0);
            assertEquals(1, epoch.get("epoch").asInt());
            for (String log : List.of("loss", "binary_accuracy", "val_loss", "val_binary_accuracy")) {
                assertTrue(epoch.get(log).isNumber(), phase + " " + log + ": " + epoch);
            }
        }
    }

    @Test
    void summaryGivesEachPhasesBestValidationAccuracyAndWallTime() throws IOException {
        JsonNode summary = JSON.readTree(out.resolve(Report.SUMMARY).toFile());
        JsonNode history = JSON.readTree(out.resolve(Report.HISTORY).toFile());
        assertEquals("finetune", summary.get("mode").asText());
        assertEquals("binary_accuracy", summary.get("metric").asText());
        for (String phase : List.of("head", "finetune")) {
            JsonNode entry = summary.get(phase);
            int best = entry.get("best_epoch").asInt();
            assertEquals(history.get(phase).get(best - 1).get("val_binary_accuracy").asDouble(),
                    entry.get("val_accuracy").asDouble(), phase);
            assertTrue(entry.get("seconds").asDouble() > 0, phase);
        }
        assertEquals("the whole base (86 layers)", summary.get("finetune").get("unfrozen").asText());
        assertEquals(1e-5, summary.get("finetune").get("learning_rate").asDouble());
        // The saved model holds the restored best epoch's weights: scoring it again gives that epoch's accuracy.
        JsonNode saved = summary.get("saved_model_validation");
        assertEquals(summary.get("finetune").get("val_accuracy").asDouble(), saved.get("accuracy").asDouble(), 1e-9);
        assertEquals(summary.get("finetune").get("val_loss").asDouble(), saved.get("loss").asDouble(), 1e-5);
        long total = 0;
        for (JsonNode row : saved.get("confusion_matrix")) {
            for (JsonNode count : row) {
                total += count.asLong();
            }
        }
        assertEquals(7, total, "every validation image in the confusion matrix");
    }

    @Test
    void savedModelLoadsAndEvaluateReproducesTheValidationAccuracy() throws IOException {
        try (Model model = Models.load(out.resolve(Report.MODEL))) {
            assertEquals(Shape.of(Shape.UNKNOWN, 96, 96, 3), model.inputs().get(0).shape());
            assertEquals(Shape.of(Shape.UNKNOWN, 1), model.outputs().get(0).shape());
        }
        GraftRun evaluate = GraftRun.of("evaluate", "--model", out.resolve(Report.MODEL).toString(), "--data",
                data.toString());
        assertEquals(0, evaluate.status(), evaluate.transcript());
        double accuracy = JSON.readTree(out.resolve(Report.SUMMARY).toFile()).get("saved_model_validation")
                .get("accuracy").asDouble();
        assertTrue(evaluate.out().contains("Evaluating " + out.resolve(Report.MODEL) + " on "
                + data.resolve("validation")), evaluate.out());
        assertTrue(evaluate.out().contains(String.format(Locale.ROOT, "binary_accuracy: %.4f (7 images, classes "
                + "[cats, dogs])", accuracy)), evaluate.out());
    }

    @Test
    void summaryAndPredictAcceptTheSavedModel() {
        GraftRun summary = GraftRun.of("summary", "--model", out.resolve(Report.MODEL).toString());
        assertEquals(0, summary.status(), summary.transcript());
        assertTrue(summary.out().contains("Total params: 218,801"), summary.out());   // 218,544 base + 256 + 1 head
        Path cat = data.resolve("validation/cats").resolve(ODD_NAME);
        GraftRun predict = GraftRun.of("predict", "--model", out.resolve(Report.MODEL).toString(), cat.toString());
        assertEquals(0, predict.status(), predict.transcript());
        String[] lines = predict.out().split("\\R");
        assertEquals(cat.toString(), lines[0]);
        // Both classes, named from classes.json, with probabilities sigmoid(z) and 1 - sigmoid(z).
        double first = Double.parseDouble(lines[1].substring(lines[1].lastIndexOf(' ') + 1));
        double second = Double.parseDouble(lines[2].substring(lines[2].lastIndexOf(' ') + 1));
        assertTrue(lines[1].contains("cats") != lines[2].contains("cats"), predict.out());
        assertTrue(lines[1].contains("dogs") != lines[2].contains("dogs"), predict.out());
        assertEquals(1.0, first + second, 2e-4);
        assertTrue(first >= second, predict.out());
    }

    @Test
    void reportPageIsSelfContainedAndEscapesFileNames() throws IOException {
        String html = Files.readString(out.resolve(Report.HTML));
        for (String png : List.of(Report.CURVES, Report.CONFUSION, Report.WORST)) {
            assertTrue(html.contains("<img src=\"" + png + "\""), png);
        }
        assertFalse(html.contains("http:") || html.contains("https:") || html.contains("<script")
                || html.contains("<link"), "nothing fetched, nothing run");
        assertTrue(html.contains("odd &lt;i&gt;name &amp; &quot;quote&#39;s&quot;.jpg"), html);
        assertFalse(html.contains("<i>name"), "file names are escaped");
        assertTrue(html.contains("<th>true \\ predicted</th><th>cats</th><th>dogs</th>"), "confusion table:\n" + html);
    }

    @Test
    void featuresModeTrainsTheHeadOnStoredFeaturesAndTimesEachPart(@TempDir Path tmp) throws IOException {
        Path featuresOut = tmp.resolve("features-out");
        GraftRun features = GraftRun.of(TinyImageFolders.quickFinetune(data, featuresOut, "--mode", "features",
                "--epochs", "3"));
        assertEquals(0, features.status(), features.transcript());
        assertTrue(features.out().contains("Extracting the features of the training images with the frozen base "
                + "(3 batches)"), features.out());
        assertTrue(Files.size(featuresOut.resolve("features/train.cache")) > 0);
        assertTrue(Files.size(featuresOut.resolve("features/validation.cache")) > 0);
        JsonNode summary = JSON.readTree(featuresOut.resolve(Report.SUMMARY).toFile());
        assertEquals("features", summary.get("mode").asText());
        assertEquals("none", summary.get("augmentation").asText());
        assertTrue(summary.get("extraction").get("seconds").asDouble() > 0);
        assertEquals(256, summary.get("extraction").get("features_per_image").asInt());
        assertTrue(summary.get("head").get("seconds").asDouble() > 0);
        assertTrue(summary.get("head").get("val_accuracy").isNumber());
        assertFalse(summary.has("finetune"));
        String html = Files.readString(featuresOut.resolve(Report.HTML));
        assertTrue(html.contains("Feature extraction: the frozen base ran once over 12 training and 7 validation "
                + "images in "), html);
        assertTrue(html.contains("Augmentation is not applied in the feature-extraction workflow"), html);
        // The saved model is the whole image model without augmentation, and evaluate reads it.
        try (Model model = Models.load(featuresOut.resolve(Report.MODEL))) {
            assertTrue(model.layers().stream().noneMatch(l -> l.name().startsWith("sequential")),
                    model.summaryText());
        }
        GraftRun evaluate = GraftRun.of("evaluate", "--model", featuresOut.resolve(Report.MODEL).toString(), "--data",
                data.toString());
        assertEquals(0, evaluate.status(), evaluate.transcript());
        assertTrue(evaluate.out().contains("binary_accuracy: "), evaluate.out());
    }

    @Test
    void moreThanTwoClassesUseSparseCategoricalAndAValidationSplit(@TempDir Path tmp) throws IOException {
        Path classes = TinyImageFolders.classFolders(tmp.resolve("three"), 5, "cats", "dogs", "kittens");
        Path threeOut = tmp.resolve("three-out");
        GraftRun three = GraftRun.of(TinyImageFolders.quickFinetune(classes, threeOut, "--unfreeze", "10",
                "--augment", "flip,zoom:0.1,contrast:0.2,translate:0.1"));
        assertEquals(0, three.status(), three.transcript());
        assertTrue(three.out().contains("Using 12 files for training."), three.out());
        assertTrue(three.out().contains("Using 3 files for validation."), three.out());
        JsonNode summary = JSON.readTree(threeOut.resolve(Report.SUMMARY).toFile());
        assertEquals("sparse_categorical_accuracy", summary.get("metric").asText());
        assertEquals("20% of " + classes + " (validation split, seed 1337)", summary.get("validation_source").asText());
        assertTrue(summary.get("finetune").get("unfrozen").asText().startsWith("the last 10 layers of the base"),
                summary.toString());
        assertEquals(3, summary.get("saved_model_validation").get("confusion_matrix").size());
        JsonNode epoch = JSON.readTree(threeOut.resolve(Report.HISTORY).toFile()).get("finetune").get(0);
        assertTrue(epoch.get("val_sparse_categorical_accuracy").isNumber(), epoch.toString());
        try (Model model = Models.load(threeOut.resolve(Report.MODEL))) {
            assertEquals(Shape.of(Shape.UNKNOWN, 3), model.outputs().get(0).shape());
        }
        GraftRun evaluate = GraftRun.of("evaluate", "--model", threeOut.resolve(Report.MODEL).toString(), "--data",
                classes.toString());
        assertEquals(0, evaluate.status(), evaluate.transcript());
        assertTrue(evaluate.out().contains("sparse_categorical_accuracy: "), evaluate.out());
        assertTrue(evaluate.out().contains("(15 images, classes [cats, dogs, kittens])"), evaluate.out());
    }

    @Test
    void nonImageFilesAreSkippedAndCounted(@TempDir Path tmp) throws IOException {
        Path folders = TinyImageFolders.trainAndValidation(tmp.resolve("data"), 3, 2);
        Files.writeString(folders.resolve("train/cats/notes.txt"), "not an image");
        Files.writeString(folders.resolve("train/dogs/README"), "not an image either");
        GraftRun skipping = GraftRun.of(TinyImageFolders.quickFinetune(folders, tmp.resolve("out"),
                "--fine-tune-epochs", "0"));
        assertEquals(0, skipping.status(), skipping.transcript());
        assertTrue(skipping.out().contains("Skipped 2 files in " + folders.resolve("train") + " without an image "
                + "extension (.bmp .gif .jpeg .jpg .png), as Keras does."), skipping.out());
        assertTrue(skipping.out().contains("Found 6 files belonging to 2 classes."), skipping.out());
        JsonNode summary = JSON.readTree(tmp.resolve("out").resolve(Report.SUMMARY).toFile());
        assertFalse(summary.has("finetune"), "--fine-tune-epochs 0 skips fine-tuning");
    }
}
