package dev.graft.cli;

import dev.graft.applications.Application;
import dev.graft.applications.Weights;
import dev.graft.training.ProgressOutput;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of {@code graft guide}: the guide's values by default, each one overridable. */
final class GuideOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "A folder with train/ and validation/ class folders, instead of downloading cats_vs_dogs.")
    Path data;

    @Option(names = "--base", paramLabel = "NAME", defaultValue = "xception",
            description = "The pretrained base (default xception).")
    String base;

    @Option(names = "--alpha", paramLabel = "A", description = "The base's width multiplier (MobileNet).")
    Double alpha;

    @Option(names = "--weights", paramLabel = "imagenet|PATH", defaultValue = "imagenet",
            description = "The base's weights: imagenet (downloaded once) or an h5 file without top.")
    String weights;

    @Option(names = "--image-size", paramLabel = "N", defaultValue = "150", description = "Image height and width.")
    int imageSize;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32")
    int batchSize;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20", description = "Epochs of head training.")
    int epochs;

    @Option(names = "--fine-tune-epochs", paramLabel = "N", defaultValue = "10")
    int fineTuneEpochs;

    @Option(names = "--fine-tune-lr", paramLabel = "LR", defaultValue = "1e-5")
    double fineTuneLearningRate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1337")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "graft-guide",
            description = "Where the pictures go (default ./graft-guide).")
    Path out;

    Application application() {
        return Application.fromName(base);
    }

    Weights weights() {
        return "imagenet".equals(weights) ? Weights.imagenet() : Weights.file(Path.of(weights));
    }

    ProgressOutput progress() {
        return ProgressOutput.standardOutput();
    }
}
