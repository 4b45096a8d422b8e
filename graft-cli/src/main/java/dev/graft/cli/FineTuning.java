package dev.graft.cli;

import dev.graft.data.Dataset;
import dev.graft.data.Example;
import dev.graft.distributed.DistributedStrategy;
import dev.graft.models.Model;
import dev.graft.optimizers.Adam;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.Batch;
import dev.graft.training.InferenceOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The guide's workflow: train the new head on the frozen base with {@code Adam()}, then unfreeze the base and
 * train end to end with a low learning rate. Each phase stops early when {@code val_loss} stops improving and
 * ends with its best epoch's weights. The resized images are kept in memory after the first epoch, as the
 * guide's {@code cache()}; the training images are reshuffled every epoch.
 */
final class FineTuning {
    private final ImageFolderData folders;
    private final TransferModel transfer;
    private final int batchSize;
    private final int epochs;
    private final int patience;
    private final long seed;
    private final ProgressSink progress;
    private final Path backups;
    private final DistributedStrategy strategy;

    /**
     * @param backups the folder of each phase's backup, for {@code --resume}
     * @param strategy the data-parallel run this process is a worker of, or null; {@code batchSize} is then the
     *     global batch, which the workers split evenly
     */
    FineTuning(ImageFolderData folders, TransferModel transfer, int batchSize, int epochs, int patience, long seed,
            ProgressSink progress, Path backups, DistributedStrategy strategy) {
        this.folders = folders;
        this.transfer = transfer;
        this.batchSize = batchSize;
        this.epochs = epochs;
        this.patience = patience;
        this.seed = seed;
        this.progress = progress;
        this.backups = backups;
        this.strategy = strategy;
    }

    /**
     * Runs both phases and writes the report.
     *
     * @param unfreezeLayers the number of the base's last layers to fine-tune, or null for all of it
     */
    void run(Report report, int fineTuneEpochs, double learningRate, Integer unfreezeLayers) throws IOException {
        Classification classification = folders.classification();
        int size = imageSize();
        // A worker reads and caches only its shard of the images (tf.data's FILE auto-shard) in local batches.
        int workers = strategy == null ? 1 : strategy.worldSize();
        int rank = strategy == null ? 0 : strategy.rank();
        int localBatch = batchSize / workers;
        Dataset<Example> trainExamples = folders.training().shard(workers, rank).cache();
        LabelledFiles validationFiles = folders.validation();
        Dataset<Batch> validation = validationFiles.examples(classification, size, size).shard(workers, rank)
                .batch(localBatch).cache().prefetch(2);
        Dataset<Batch> train = trainExamples.shuffle(Math.toIntExact(trainExamples.cardinality()), seed)
                .batch(localBatch).prefetch(2);
        try {
            Model model = transfer.model();
            model.summary(progress::println);
            model.compile(new Adam(), classification.loss(), classification.accuracy());
            PhaseResult head = TrainingPhase.run("head", model, train, validation, epochs, patience,
                    classification.accuracyName(), progress, backups, strategy);
            report.phase(head, Map.of("epochs", epochs, "learning_rate", 1e-3));
            if (fineTuneEpochs > 0) {
                String unfrozen = transfer.unfreeze(unfreezeLayers);
                progress.println("Fine-tuning " + unfrozen + " with Adam(" + learningRate + ")");
                model.summary(progress::println);
                model.compile(new Adam(learningRate), classification.loss(), classification.accuracy());
                PhaseResult fineTuning = TrainingPhase.run("finetune", model, train, validation, fineTuneEpochs,
                        patience, classification.accuracyName(), progress, backups, strategy);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("epochs", fineTuneEpochs);
                details.put("learning_rate", learningRate);
                details.put("unfrozen", unfrozen);
                report.phase(fineTuning, details);
            }
            // Each worker scores its cached shard; the chief puts the shards back in the files' order.
            progress.println("Scoring the " + validationFiles.size() + " validation images with the final model");
            float[] outputs;
            try (TensorScope scope = TensorScope.open()) {
                Tensor predicted = model.predict(validation,
                        InferenceOptions.builder().optOutput(progress.output()).build());
                outputs = (strategy == null ? predicted : strategy.gatherShards(predicted, validationFiles.size()))
                        .toFloatArray();
            }
            if (strategy == null || strategy.isChief()) {
                report.write(model, ValidationResults.score(validationFiles, outputs, classification));
            }
        } finally {
            train.close();
            validation.close();
        }
    }

    private int imageSize() {
        return Math.toIntExact(transfer.model().inputs().get(0).shape().get(1));
    }
}
