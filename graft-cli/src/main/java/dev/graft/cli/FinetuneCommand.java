package dev.graft.cli;

import dev.graft.applications.Application;
import dev.graft.distributed.DistributedStrategy;
import dev.graft.models.Sequential;
import dev.graft.utils.RandomSeed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code graft finetune}: the Keras guide's transfer-learning workflow on your own image folders, with a report.
 * See {@link FineTuning} (the default mode) and {@link FeatureExtraction} ({@code --mode features}).
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = {"Trains a classifier on your image folders with a pretrained base; saves it with a report.",
                "As the Keras transfer-learning guide: the head on the frozen base, then fine-tuning with a low "
                        + "learning rate; early stopping keeps each phase's best epoch. Writes the model, its logs "
                        + "and an HTML report to --out.",
                "DIR holds one folder of images per class (DIR/cats/*.jpg, DIR/dogs/*.jpg), or train/ and "
                        + "validation/ folders of such class folders."})
final class FinetuneCommand implements Callable<Integer> {
    /** Where {@code --workers} puts the logs of ranks 1 and up, in {@code --out}. */
    static final String WORKER_LOGS = "workers";
    /** The folder in --out of each phase's backup, which --resume continues from. */
    static final String BACKUPS = "backup";

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The image folders.")
    Path data;

    @Option(names = "--base", required = true, paramLabel = "NAME",
            description = "The pretrained base: xception, mobilenet, mobilenet_v2, resnet50, efficientnetb0.")
    String base;

    @Option(names = "--alpha", paramLabel = "A", description = "The base's width multiplier (MobileNet, MobileNetV2).")
    Double alpha;

    @Option(names = "--weights", paramLabel = "imagenet|none|PATH", defaultValue = "imagenet",
            description = "The base's weights: imagenet (downloaded once), none, or an h5 file without top.")
    String weights;

    @Option(names = "--image-size", paramLabel = "N", description = "Image height and width (default: the base's).")
    Integer imageSize;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Default 32.")
    int batchSize;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20", description = "Epochs of head training (default 20).")
    int epochs;

    @Option(names = "--fine-tune-epochs", paramLabel = "N", defaultValue = "10",
            description = "Epochs of fine-tuning (default 10; 0 skips it).")
    int fineTuneEpochs;

    @Option(names = "--fine-tune-lr", paramLabel = "LR", defaultValue = "1e-5",
            description = "Adam's learning rate for fine-tuning (default 1e-5).")
    double fineTuneLearningRate;

    @Option(names = "--unfreeze", paramLabel = "all|N", defaultValue = "all",
            description = "What fine-tuning trains: the whole base (default), or its last N layers "
                    + "(BatchNormalization layers stay frozen).")
    String unfreeze;

    @Option(names = "--augment", paramLabel = "LIST", defaultValue = "flip,rotate:0.1",
            description = "Random augmentation: flip, rotate:F, zoom:F, contrast:F, translate:F, comma-separated, "
                    + "or none (default flip,rotate:0.1).")
    String augment;

    @Option(names = "--mode", paramLabel = "finetune|features", defaultValue = "finetune",
            description = "finetune (default) runs the base every step; features runs it once, keeps the pooled "
                    + "features on disk and trains the head on them (no augmentation, no fine-tuning).")
    String mode;

    @Option(names = "--validation-split", paramLabel = "F", defaultValue = "0.2",
            description = "Without a validation/ folder, the fraction of the images kept for validation (default 0.2).")
    double validationSplit;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "5",
            description = "Early stopping: epochs without a lower val_loss before a phase stops (default 5).")
    int patience;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1337",
            description = "Seeds the split, the shuffling, the augmentation and the initial weights (default 1337).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "graft-finetune",
            description = "Where the model and the report go (default graft-finetune).")
    Path out;

    @Option(names = "--resume",
            description = "Continue an interrupted run with the same options from its backup in --out (backup/): "
                    + "a finished phase is replayed from it at once, an unfinished one goes on from its last epoch. "
                    + "Without it, a backup left in --out is deleted and training starts afresh.")
    boolean resume;

    @Mixin
    WorkerOptions workerOptions = new WorkerOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean features = switch (mode.toLowerCase(Locale.ROOT)) {
            case "finetune" -> false;
            case "features" -> true;
            default -> throw new IllegalArgumentException("--mode must be finetune or features, received " + mode);
        };
        requireAtLeast("--batch-size", batchSize, 1);
        requireAtLeast("--epochs", epochs, 1);
        requireAtLeast("--fine-tune-epochs", fineTuneEpochs, 0);
        requireAtLeast("--patience", patience, 0);
        if (!(fineTuneLearningRate > 0)) {
            throw new IllegalArgumentException("--fine-tune-lr must be positive, received " + fineTuneLearningRate);
        }
        Integer unfreezeLayers = unfreezeLayers();
        Application application = Application.fromName(base);
        int size = imageSize != null ? imageSize : application.defaultSize();
        requireAtLeast("--image-size", size, 32);
        RandomSeed.set(seed);                          // before any layer draws its seed
        Sequential augmentation = Augmentation.parse(augment);
        ProgressSink progress = GraftCli.progress(spec);
        Files.createDirectories(out);
        if (workerOptions.launchesWorkers()) {
            checkDistributable(features, workerOptions.workers);
            return LocalWorkers.run(spec.root().commandLine().getParseResult().originalArgs().toArray(String[]::new),
                    workerOptions.workers, workerOptions.timeoutSeconds, out.resolve(WORKER_LOGS), progress);
        }
        try (DistributedStrategy strategy = workerOptions.strategy()) {
            if (strategy != null) {
                checkDistributable(features, strategy.worldSize());
            }
            train(features, unfreezeLayers, application, size, augmentation, progress, strategy);
        }
        return 0;
    }

    /** Trains alone, or as one worker of {@code strategy}; only rank 0 writes the model, report and backups. */
    private void train(boolean features, Integer unfreezeLayers, Application application, int size,
            Sequential augmentation, ProgressSink progress, DistributedStrategy strategy) throws IOException {
        boolean chief = strategy == null || strategy.isChief();
        Path backups = out.resolve(BACKUPS);
        if (resume && Files.isDirectory(backups)) {
            progress.println("Resuming from the backup in " + backups.toAbsolutePath());
        } else if (chief) {
            deleteBackups(backups);
        }
        if (strategy != null) {
            strategy.barrier();                        // no worker reads a backup the chief is deleting
        }
        ImageFolderData folders = ImageFolderData.open(data, size, validationSplit, seed, progress.stream());

        Report report = new Report(out);
        report.setting("mode", features ? "features" : "finetune");
        report.setting("base", application.kerasName());
        report.setting("alpha", alpha);
        report.setting("weights", weights);
        report.setting("image_size", size);
        report.setting("batch_size", batchSize);
        report.setting("seed", seed);
        report.setting("data", data.toString());
        report.setting("validation_source", folders.validationSource());
        report.setting("classes", folders.classNames());
        report.setting("metric", folders.classification().accuracyName());
        report.setting("preprocessing", BasePreprocessing.describe(application));
        report.setting("augmentation", features ? Augmentation.NONE : augment);
        TransferModel model = TransferModel.build(application, alpha, WeightsOption.parse(weights), size,
                features ? null : augmentation, folders.classification());
        try (model) {
            model.checkUnfreeze(unfreezeLayers);
            if (features) {
                new FeatureExtraction(folders, model, batchSize, epochs, patience, seed, out, progress).run(report);
            } else {
                new FineTuning(folders, model, batchSize, epochs, patience, seed, progress, backups, strategy)
                        .run(report, fineTuneEpochs, fineTuneLearningRate, unfreezeLayers);
            }
        }
        if (strategy != null) {
            strategy.barrier();                        // every worker is done with the backups
        }
        if (chief) {
            deleteBackups(backups);                    // finished: nothing is left to resume
            progress.println("Model, logs and report written to " + out.toAbsolutePath() + " (open " + Report.HTML
                    + ")");
        }
    }

    /** Data-parallel training covers the guide's fine-tuning, on global batches the workers split evenly. */
    private void checkDistributable(boolean features, int workers) {
        if (features) {
            throw new IllegalArgumentException("--mode features trains in one process (its head trains in "
                    + "seconds); drop --workers/--world-size, or use --mode finetune");
        }
        if (batchSize % workers != 0) {
            throw new IllegalArgumentException("--batch-size " + batchSize + " is the global batch, split evenly "
                    + "over " + workers + " workers; give a multiple of " + workers);
        }
    }

    /** Deletes each phase's backup and the folder that holds them. */
    private static void deleteBackups(Path backups) throws IOException {
        if (!Files.isDirectory(backups)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(backups)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** null for {@code all}, else the number of layers. */
    private Integer unfreezeLayers() {
        if (unfreeze.equalsIgnoreCase("all")) {
            return null;
        }
        try {
            return Integer.parseInt(unfreeze);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--unfreeze takes 'all' or a number of layers, received " + unfreeze);
        }
    }

    private static void requireAtLeast(String option, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(option + " must be at least " + minimum + ", received " + value);
        }
    }
}
