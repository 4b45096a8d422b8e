package dev.graft.cli;

import dev.graft.data.Dataset;
import dev.graft.data.DatasetIterator;
import dev.graft.data.Example;
import dev.graft.models.Model;
import dev.graft.optimizers.Adam;
import dev.graft.tensor.NoGrad;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.Batch;
import dev.graft.training.InferenceOptions;
import dev.graft.training.ProgressBar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The guide's lighter workflow: run the frozen base once over every image, keep the pooled features on disk
 * ({@code features/} in the output folder, a {@code Dataset} disk cache), and train the head
 * ({@code Dropout(0.2)} and {@code Dense}) on them. Augmentation cannot apply, since each image is seen by the
 * base once; nor can fine-tuning. The saved model is the whole image model, whose head holds the trained weights.
 */
final class FeatureExtraction {
    static final String FOLDER = "features";

    private final ImageFolderData folders;
    private final TransferModel transfer;
    private final int batchSize;
    private final int epochs;
    private final int patience;
    private final long seed;
    private final Path out;
    private final ProgressSink progress;

    FeatureExtraction(ImageFolderData folders, TransferModel transfer, int batchSize, int epochs, int patience,
            long seed, Path out, ProgressSink progress) {
        this.folders = folders;
        this.transfer = transfer;
        this.batchSize = batchSize;
        this.epochs = epochs;
        this.patience = patience;
        this.seed = seed;
        this.out = out;
        this.progress = progress;
    }

    void run(Report report) throws IOException {
        Classification classification = folders.classification();
        int size = Math.toIntExact(transfer.model().inputs().get(0).shape().get(1));
        Dataset<Example> trainExamples = folders.training();
        long trainCount = trainExamples.cardinality();
        LabelledFiles validationFiles = folders.validation();
        Path folder = out.resolve(FOLDER);
        Files.createDirectories(folder);
        long start = System.nanoTime();
        Dataset<Batch> trainFeatures = extract("training", trainExamples.batch(batchSize),
                folder.resolve("train.cache"));
        Dataset<Batch> validationFeatures = extract("validation",
                validationFiles.examples(classification, size, size).batch(batchSize), folder.resolve("validation.cache"));
        double extractionSeconds = (System.nanoTime() - start) / 1e9;

        Dataset<Batch> train = trainFeatures.unbatch().shuffle(Math.toIntExact(trainCount), seed).batch(batchSize);
        try {
            Model head = transfer.head();
            head.summary(progress::println);
            head.compile(new Adam(), classification.loss(), classification.accuracy());
            PhaseResult phase = TrainingPhase.run("head", head, train, validationFeatures, epochs, patience,
                    classification.accuracyName(), progress, out.resolve(FinetuneCommand.BACKUPS), null);
            float[] outputs;
            try (Tensor predicted = head.predict(validationFeatures,
                    InferenceOptions.builder().optOutput(progress.output()).build())) {
                outputs = predicted.toFloatArray();
            }
            Map<String, Object> extraction = new LinkedHashMap<>();
            extraction.put("seconds", Report.number(extractionSeconds));
            extraction.put("train_images", trainCount);
            extraction.put("validation_images", validationFiles.size());
            extraction.put("features_per_image", head.inputs().get(0).shape().get(1));
            extraction.put("folder", folder.toString());
            report.section("extraction", extraction);
            report.phase(phase, Map.of("epochs", epochs, "learning_rate", 1e-3));
            report.note(String.format(Locale.ROOT, "Feature extraction: the frozen base ran once over %d training and "
                            + "%d validation images in %.1f s. Head training on the stored features: %.1f s for %d "
                            + "epochs (%.3f s per epoch).", trainCount, validationFiles.size(), extractionSeconds,
                    phase.seconds(), phase.epochsRun(), phase.seconds() / phase.epochsRun()));
            report.note("Augmentation is not applied in the feature-extraction workflow, as in the guide: each image "
                    + "goes through the base once, so random transformations would be frozen into the features. "
                    + "Fine-tuning is not possible either; use --mode finetune for both.");
            report.write(transfer.model(), ValidationResults.score(validationFiles, outputs, classification));
        } finally {
            train.close();                                 // and the stored training features before it
            validationFeatures.close();
        }
    }

    /**
     * The pooled features of {@code images}, computed once with a progress bar and stored in {@code file}; the
     * returned dataset reads them from there. An earlier run's file is replaced.
     */
    private Dataset<Batch> extract(String what, Dataset<Batch> images, Path file) throws IOException {
        Files.deleteIfExists(file);
        Model features = transfer.features();
        Dataset<Batch> stored = images.map(b -> {
            try (NoGrad noGrad = NoGrad.open()) {
                return Batch.of(features.call(b.inputs().get(0), false), b.targets());
            }
        }).cache(file);
        long steps = stored.cardinality();
        progress.println("Extracting the features of the " + what + " images with the frozen base (" + steps
                + " batches)");
        ProgressBar bar = progress.bar(steps);
        long step = 0;
        try (DatasetIterator<Batch> batches = stored.iterator()) {
            while (batches.hasNext()) {
                try (TensorScope scope = TensorScope.open()) {
                    batches.next();
                }
                bar.update(++step, Map.of());
            }
        }
        bar.finish(step, Map.of());
        return stored;
    }
}
