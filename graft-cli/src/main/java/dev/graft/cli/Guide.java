package dev.graft.cli;

import dev.graft.data.Dataset;
import dev.graft.data.Example;
import dev.graft.data.datasets.Datasets;
import dev.graft.data.datasets.DirectoryOptions;
import dev.graft.data.image.ImageResizer;
import dev.graft.data.plot.ImageGrid;
import dev.graft.data.plot.TrainingCurves;
import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SymbolicTensor;
import dev.graft.layers.preprocessing.RandomFlip;
import dev.graft.layers.preprocessing.RandomRotation;
import dev.graft.losses.BinaryCrossentropy;
import dev.graft.metrics.BinaryAccuracy;
import dev.graft.models.Model;
import dev.graft.models.Sequential;
import dev.graft.optimizers.Adam;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.Batch;
import dev.graft.training.FitOptions;
import dev.graft.training.History;
import dev.graft.training.InferenceOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Keras guide "Transfer learning &amp; fine-tuning", end to end, in the guide's order: the data, the
 * frozen base, training the new head, fine-tuning the whole model with a low learning rate, and the test score.
 */
final class Guide {
    private final GuideOptions o;
    private final PrintStream out;

    Guide(GuideOptions options, PrintStream out) {
        this.o = options;
        this.out = out;
    }

    void run() throws Exception {
        Files.createDirectories(o.out);
        // Load the data: cats_vs_dogs, 40% of it for training, 10% for validation and 10% for testing.
        List<Dataset<Example>> splits = o.data == null
                ? Datasets.load("cats_vs_dogs", "train[:40%]", "train[40%:50%]", "train[50%:60%]")
                : localSplits(o.data);
        Dataset<Example> trainDs = splits.get(0);
        Dataset<Example> validationDs = splits.get(1);
        Dataset<Example> testDs = splits.get(2);
        out.printf("Number of training samples: %d%n", trainDs.cardinality());
        out.printf("Number of validation samples: %d%n", validationDs.cardinality());
        out.printf("Number of test samples: %d%n", testDs.cardinality());
        picture("training-images.png", trainDs.take(9), null);

        // Standardize the data: one image size, then batches, cached and prefetched.
        ImageResizer resize = new ImageResizer(o.imageSize, o.imageSize);
        Dataset<Batch> train = trainDs.map(e -> e.mapX(resize)).cache().batch(o.batchSize).prefetch(10);
        Dataset<Batch> validation = validationDs.map(e -> e.mapX(resize)).cache().batch(o.batchSize).prefetch(10);
        Dataset<Batch> test = testDs.map(e -> e.mapX(resize)).cache().batch(o.batchSize).prefetch(10);

        // Random data augmentation, and what it does to the first training image.
        Sequential dataAugmentation = new Sequential(new RandomFlip("horizontal"), new RandomRotation(0.1));
        picture("augmentation.png", trainDs.take(1).map(e -> e.mapX(resize)), dataAugmentation);

        // The base model with pre-trained weights, frozen, and a new head on top.
        Model baseModel = o.application().builder(o.alpha == null ? Double.NaN : o.alpha).optIncludeTop(false)
                .optWeights(o.weights()).optInputShape(o.imageSize, o.imageSize, 3).build();
        baseModel.setTrainable(false);
        SymbolicTensor inputs = Input.of(o.imageSize, o.imageSize, 3);
        SymbolicTensor x = dataAugmentation.call(inputs);
        x = new Rescaling(1 / 127.5, -1).call(x);      // the base expects pixels in [-1, 1]
        x = baseModel.call(x, false);                  // inference mode: BatchNormalization stays frozen
        x = new GlobalAveragePooling2D().call(x);
        x = new Dropout(0.2).call(x);
        Model model = new Model(inputs, new Dense(1).call(x));
        model.summary(out::println);

        // Train the top layer.
        model.compile(new Adam(), new BinaryCrossentropy(true), new BinaryAccuracy());
        History head = model.fit(train, fitOptions(o.epochs, validation));

        // Fine-tune: unfreeze the base, recompile with a very low learning rate, train end to end.
        baseModel.setTrainable(true);
        model.summary(out::println);
        model.compile(new Adam(o.fineTuneLearningRate), new BinaryCrossentropy(true), new BinaryAccuracy());
        History fineTuning = model.fit(train, fitOptions(o.fineTuneEpochs, validation));

        Map<String, Double> scores = model.evaluate(test, InferenceOptions.builder().optOutput(o.progress()).build());
        out.printf("Test loss %.4f, test binary accuracy %.4f%n", scores.get("loss"), scores.get("binary_accuracy"));
        TrainingCurves.builder().optFineTuningStart(o.epochs).build().write(o.out.resolve("training-curves.png"),
                head, fineTuning);
        out.println("Pictures written to " + o.out.toAbsolutePath());
        model.close();
    }

    private FitOptions fitOptions(int epochs, Dataset<Batch> validation) {
        return FitOptions.builder().optEpochs(epochs).optValidationData(validation).optOutput(o.progress()).build();
    }

    /** A 3x3 grid: the first nine images, or one image under nine random augmentations. */
    private void picture(String file, Dataset<Example> images, Sequential augmentation) {
        List<Tensor> cells = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        try (TensorScope scope = TensorScope.open()) {
            for (Example e : images) {
                for (int i = 0; i < (augmentation == null ? 1 : 9); i++) {
                    cells.add(augmentation == null ? e.x()
                            : augmentation.call(e.x().expandDims(0), true).reshape(e.x().shape().dims()));
                    titles.add(augmentation == null ? String.valueOf((long) e.y().item()) : "");
                }
            }
            new ImageGrid(3, 3).write(o.out.resolve(file), cells, augmentation == null ? titles : List.of());
        }
    }

    /** The guide's three splits from a folder: {@code train} and {@code validation} sub-folders; test = validation. */
    private List<Dataset<Example>> localSplits(Path data) {
        List<Dataset<Example>> splits = new ArrayList<>();
        for (String part : List.of("train", "validation", "validation")) {
            splits.add(Datasets.imageExamplesFromDirectory(data.resolve(part), DirectoryOptions.builder()
                    .optImageSize(o.imageSize, o.imageSize).optSeed(o.seed).optOutput(out).build()));
        }
        return splits;
    }
}
