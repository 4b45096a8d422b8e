package dev.graft.data.datasets;

import dev.graft.data.Dataset;
import dev.graft.data.Example;
import dev.graft.data.LabelledDataset;
import dev.graft.data.image.ImageDecodeException;
import dev.graft.data.image.ImageDecoder;
import dev.graft.data.image.ImageResizer;
import dev.graft.tensor.DType;
import dev.graft.tensor.Tensor;
import dev.graft.training.Batch;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Ready-made data sets: image folders as Keras' {@code image_dataset_from_directory}, and public data sets as
 * {@code tfds.load}.
 * <pre>{@code
 * LabelledDataset<Batch> train = Datasets.imageDatasetFromDirectory(dir, DirectoryOptions.builder()
 *         .optImageSize(150, 150).optValidationSplit(0.2).optSubset(Subset.TRAINING).optSeed(1337).build());
 * List<Dataset<Example>> splits = Datasets.load("cats_vs_dogs", "train[:40%]", "train[40%:50%]", "train[50%:60%]");
 * }</pre>
 */
public final class Datasets {
    private Datasets() {
    }

    // ---- image folders ----------------------------------------------------------------------------

    /**
     * Batches of images {@code [batch, height, width, 3]} (float32, values 0..255) with their labels from
     * {@code directory}, which holds one sub-folder per class, as Keras' {@code image_dataset_from_directory}:
     * classes are the sorted sub-folder names, files are found recursively and sorted, shuffled once
     * with the seed before the validation split (the last {@code validationSplit} of the files), and batches
     * are shuffled again each pass in a buffer of 8 batches. Prints {@code Found N files belonging to K
     * classes.} as Keras does.
     */
    public static LabelledDataset<Batch> imageDatasetFromDirectory(Path directory, DirectoryOptions options) {
        if (options.batchSize() == 0) {
            throw new IllegalArgumentException("imageDatasetFromDirectory batches its examples; for single examples "
                    + "use imageExamplesFromDirectory, or give a positive batchSize");
        }
        LabelledDataset<Example> examples = examples(directory, options, options.batchSize() * 8);
        return new LabelledDataset<>(examples.batch(options.batchSize()).prefetch(Dataset.AUTOTUNE),
                examples.classNames(), examples.filePaths());
    }

    /** Like {@link #imageDatasetFromDirectory} without batching (Keras' {@code batch_size=None}). */
    public static LabelledDataset<Example> imageExamplesFromDirectory(Path directory, DirectoryOptions options) {
        return examples(directory, options, 1024);
    }

    private static LabelledDataset<Example> examples(Path directory, DirectoryOptions options, int shuffleBuffer) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("imageDatasetFromDirectory needs a folder with one sub-folder per "
                    + "class, but " + directory + " is not a folder");
        }
        List<String> classes = classNames(directory, options);
        if (options.labelMode() == LabelMode.BINARY && classes.size() != 2) {
            throw new IllegalArgumentException("labelMode BINARY needs exactly 2 classes, but " + directory + " has "
                    + classes.size() + ": " + classes);
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            for (Path file : imageFiles(directory.resolve(classes.get(label)), options)) {
                files.add(file);
                labels.add(label);
            }
        }
        say(options, "Found " + files.size() + " files belonging to " + classes.size() + " classes.");
        long seed = options.seed() != null ? options.seed() : new Random().nextLong();
        if (options.shuffle()) {
            shuffleTogether(files, labels, seed);
        }
        int[] range = subsetRange(files.size(), options);
        List<Path> chosen = files.subList(range[0], range[1]);
        List<Integer> chosenLabels = labels.subList(range[0], range[1]);
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("No images in " + directory + " (" + describe(options) + ")");
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            indices.add(i);
        }
        ImageDecoder decoder = new ImageDecoder();
        ImageResizer resizer = ImageResizer.builder().size(options.imageHeight(), options.imageWidth())
                .optInterpolation(options.interpolation()).optCropToAspectRatio(options.cropToAspectRatio()).build();
        List<Path> paths = List.copyOf(chosen);
        List<Integer> pathLabels = List.copyOf(chosenLabels);
        AtomicLong skipped = new AtomicLong();
        Dataset<Example> dataset;
        if (options.skipBadFiles()) {
            dataset = Dataset.fromList(indices)
                    .map(i -> readOrSkip(paths.get(i), label(pathLabels.get(i), classes.size(), options), decoder,
                            resizer, options, skipped), Dataset.AUTOTUNE)
                    .filter(Optional::isPresent).map(Optional::get);
        } else {
            dataset = Dataset.fromList(indices).map(i -> read(paths.get(i), label(pathLabels.get(i), classes.size(),
                    options), decoder, resizer), Dataset.AUTOTUNE);
        }
        if (options.shuffle()) {
            dataset = dataset.shuffle(shuffleBuffer, seed);
        }
        return new LabelledDataset<>(dataset, classes, paths.stream().map(Path::toString).toList());
    }

    private static Example read(Path file, Tensor label, ImageDecoder decoder, ImageResizer resizer) {
        return new Example(resizer.apply(decoder.decode(file)), label);
    }

    private static Optional<Example> readOrSkip(Path file, Tensor label, ImageDecoder decoder, ImageResizer resizer,
            DirectoryOptions options, AtomicLong skipped) {
        try {
            return Optional.of(read(file, label, decoder, resizer));
        } catch (ImageDecodeException e) {
            long n = skipped.incrementAndGet();
            say(options, "Skipped an image that cannot be decoded (" + n + " so far): " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The label in Keras' encoding for {@code options.labelMode()}, or null for {@code NONE}. */
    private static Tensor label(int label, int numClasses, DirectoryOptions options) {
        return switch (options.labelMode()) {
            case INT -> Tensor.of(new long[] {label}).toType(DType.INT32);
            case BINARY -> Tensor.of(new float[] {label}, 1);
            case CATEGORICAL -> {
                float[] oneHot = new float[numClasses];
                oneHot[label] = 1;
                yield Tensor.of(oneHot, numClasses);
            }
            case NONE -> null;
        };
    }

    /** Sorted visible sub-folders, or the given class names (each must be a sub-folder). */
    private static List<String> classNames(Path directory, DirectoryOptions options) {
        List<String> folders;
        try (Stream<Path> children = Files.list(directory)) {
            folders = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
        if (options.classNames() == null) {
            return folders;
        }
        if (!new java.util.HashSet<>(folders).equals(new java.util.HashSet<>(options.classNames()))) {
            throw new IllegalArgumentException("The classNames passed " + options.classNames() + " do not match the "
                    + "sub-folders of " + directory + ": " + folders);
        }
        return options.classNames();
    }

    /** Image files below {@code folder} in Keras' order: folders sorted by path, then names sorted. */
    private static List<Path> imageFiles(Path folder, DirectoryOptions options) {
        FileVisitOption[] visit = options.followLinks() ? new FileVisitOption[] {FileVisitOption.FOLLOW_LINKS}
                : new FileVisitOption[0];
        try (Stream<Path> walk = Files.walk(folder, visit)) {
            return walk.filter(Files::isRegularFile).filter(p -> hasFormat(p, options))
                    .sorted((a, b) -> {
                        int byFolder = a.getParent().toString().compareTo(b.getParent().toString());
                        return byFolder != 0 ? byFolder : a.getFileName().toString().compareTo(b.getFileName().toString());
                    }).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the images in " + folder, e);
        }
    }

    private static boolean hasFormat(Path file, DirectoryOptions options) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && options.formats().contains(name.substring(dot));
    }

    /** One permutation applied to both lists, drawn from {@code seed}. */
    private static void shuffleTogether(List<Path> files, List<Integer> labels, long seed) {
        Random random = new Random(seed);
        for (int i = files.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            java.util.Collections.swap(files, i, j);
            java.util.Collections.swap(labels, i, j);
        }
    }

    /** [start, end) of the chosen subset: Keras keeps the last {@code int(split * n)} files for validation. */
    private static int[] subsetRange(int n, DirectoryOptions options) {
        if (options.subset() == null) {
            return new int[] {0, n};
        }
        int validation = (int) (options.validationSplit() * n);
        if (options.subset() == Subset.TRAINING) {
            say(options, "Using " + (n - validation) + " files for training.");
            return new int[] {0, n - validation};
        }
        say(options, "Using " + validation + " files for validation.");
        return new int[] {n - validation, n};
    }

    private static String describe(DirectoryOptions options) {
        return "formats " + options.formats().stream().sorted().toList()
                + (options.subset() == null ? "" : ", subset " + options.subset());
    }

    private static void say(DirectoryOptions options, String message) {
        PrintStream out = options.output();
        if (out != null) {
            out.println(message);
        }
    }

    // ---- public data sets ---------------------------------------------------------------------------

    /**
     * The splits of a public data set, as {@code tfds.load(name, split=[...], as_supervised=True)}: each
     * element is an {@link Example} of an image {@code [height, width, 3]} uint8 and its int64 label. The data
     * is downloaded and prepared on first use (see {@link CatsVsDogs}). Supported: {@code cats_vs_dogs}.
     */
    public static List<Dataset<Example>> load(String name, String... splits) {
        if (!"cats_vs_dogs".equals(name)) {
            throw new IllegalArgumentException("Unknown data set '" + name + "'; Graft provides: [cats_vs_dogs]");
        }
        return load(CatsVsDogs.builder().build(), splits);
    }

    /** The splits of cats_vs_dogs prepared by {@code source} (cache folder, offline mode, mirror). */
    public static List<Dataset<Example>> load(CatsVsDogs source, String... splits) {
        if (splits.length == 0) {
            throw new IllegalArgumentException("Name at least one split, e.g. \"train[:40%]\"");
        }
        PreparedDataset prepared = source.prepare();
        ImageDecoder decoder = new ImageDecoder();
        List<Dataset<Example>> datasets = new ArrayList<>();
        for (String split : splits) {
            List<LabelledFile> files = prepared.examples(split);
            datasets.add(Dataset.fromList(files).map(f -> new Example(decoder.decode(f.path()),
                    Tensor.of(new long[] {f.label()})), Dataset.AUTOTUNE));
        }
        return datasets;
    }
}
