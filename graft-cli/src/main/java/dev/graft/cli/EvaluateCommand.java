package dev.graft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.data.Dataset;
import dev.graft.models.Model;
import dev.graft.models.Models;
import dev.graft.optimizers.Adam;
import dev.graft.tensor.Shape;
import dev.graft.training.Batch;
import dev.graft.training.InferenceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code graft evaluate}: Keras' {@code model.evaluate} of a saved classifier on a folder of labelled images.
 * The loss and accuracy follow from the model's output: one unit is a two-class model (binary cross-entropy
 * and accuracy), more units one class each (sparse categorical); logits unless the last layer applies a
 * sigmoid or softmax.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Prints the loss and accuracy of a saved .keras classifier on labelled images.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE.keras",
            description = "A classifier saved by graft finetune or model.save(...).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "One folder of images per class, or a folder with train/ and validation/ (the validation "
                    + "images are used).")
    Path data;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Default 32.")
    int batchSize;

    @Option(names = "--image-size", paramLabel = "N",
            description = "Image height and width, for a model that takes any size (default: the model's input size).")
    Integer imageSize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!model.toString().endsWith(".keras") || !Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--model " + model + (Files.isRegularFile(model)
                    ? " is not a .keras file" : ": no such file") + "; give a model saved by graft finetune");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, received " + batchSize);
        }
        ProgressSink progress = GraftCli.progress(spec);
        Path folder = ImageFolderData.evaluationFolder(data);
        try (Model loaded = Models.load(model)) {
            Classification classification = Classification.of(loaded);
            long[] size = imageSize(loaded);
            progress.println("Evaluating " + model + " on " + folder);
            LabelledFiles files = ImageFolderData.allImages(folder, classification, progress.stream());
            checkClassNames(files.classNames());
            loaded.compile(new Adam(), classification.loss(), classification.accuracy());
            Map<String, Double> scores;
            try (Dataset<Batch> batches = files.examples(classification, size[0], size[1]).batch(batchSize)
                    .prefetch(2)) {
                scores = loaded.evaluate(batches, InferenceOptions.builder().optOutput(progress.output()).build());
            }
            String accuracy = classification.accuracyName();
            progress.println(String.format(Locale.ROOT, "loss: %.4f - %s: %.4f (%d images, classes %s)",
                    scores.get("loss"), accuracy, scores.get(accuracy), files.size(), files.classNames()));
        }
        return 0;
    }

    private long[] imageSize(Model loaded) {
        Shape input = loaded.inputs().get(0).shape();
        if (input.rank() != 4 || input.get(3) != 3) {
            throw new IllegalArgumentException(model + " takes inputs " + input + ", not RGB images [batch, height, "
                    + "width, 3]");
        }
        if (imageSize != null) {
            return new long[] {imageSize, imageSize};
        }
        if (input.get(1) == Shape.UNKNOWN || input.get(2) == Shape.UNKNOWN) {
            throw new IllegalArgumentException(model + " takes images of any size " + input + "; give --image-size");
        }
        return new long[] {input.get(1), input.get(2)};
    }

    /** The class names saved beside the model by graft finetune, if any, must be the folder's. */
    private void checkClassNames(List<String> folderClasses) throws IOException {
        Path saved = model.resolveSibling(Report.CLASSES);
        if (!Files.isRegularFile(saved)) {
            return;
        }
        List<String> modelClasses = Arrays.asList(new ObjectMapper().readValue(saved.toFile(), String[].class));
        if (!modelClasses.equals(folderClasses)) {
            throw new IllegalArgumentException("The model was trained on the classes " + modelClasses + " (" + saved
                    + "), but the class folders of " + data + " are " + folderClasses);
        }
    }
}
