package dev.graft.cli;

import dev.graft.data.Example;
import dev.graft.data.LabelledDataset;
import dev.graft.data.datasets.Datasets;
import dev.graft.data.datasets.DirectoryOptions;
import dev.graft.data.datasets.Subset;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder of labelled images, in one of the two layouts Keras users keep: {@code DIR/train/<class>/...} with
 * {@code DIR/validation/<class>/...}, or {@code DIR/<class>/...} split into training and validation files by
 * {@code imageDatasetFromDirectory}'s {@code validation_split} (a seeded shuffle, the last part for validation).
 * Classes are the sorted sub-folder names; only files with an image extension are read, as in Keras, and the
 * others are counted and reported.
 */
final class ImageFolderData {
    static final String TRAIN = "train";
    static final String VALIDATION = "validation";

    private final Path trainRoot;
    private final Path validationRoot;
    private final double validationSplit;
    private final List<String> classNames;
    private final Classification classification;
    private final int imageSize;
    private final long seed;
    private final PrintStream out;

    private ImageFolderData(Path trainRoot, Path validationRoot, double validationSplit, List<String> classNames,
            int imageSize, long seed, PrintStream out) {
        this.trainRoot = trainRoot;
        this.validationRoot = validationRoot;
        this.validationSplit = validationSplit;
        this.classNames = classNames;
        this.classification = Classification.forClasses(classNames.size());
        this.imageSize = imageSize;
        this.seed = seed;
        this.out = out;
    }

    /**
     * The data in {@code dir}, checked: at least two class folders, images in them, and the same classes for
     * training and validation.
     *
     * @param validationSplit the fraction of the files kept for validation when {@code dir} has no validation folder
     */
    static ImageFolderData open(Path dir, int imageSize, double validationSplit, long seed, PrintStream out) {
        requireFolder(dir, "--data");
        if (Files.isDirectory(dir.resolve(VALIDATION))) {
            Path train = dir.resolve(TRAIN);
            if (!Files.isDirectory(train)) {
                throw new IllegalArgumentException(dir + " has a " + VALIDATION + " folder but no " + TRAIN
                        + " folder beside it; put the training images in " + train);
            }
            List<String> classes = classFolders(train, out);
            List<String> validationClasses = classFolders(dir.resolve(VALIDATION), out);
            if (!classes.equals(validationClasses)) {
                throw new IllegalArgumentException("The class folders of " + dir.resolve(VALIDATION) + " "
                        + validationClasses + " differ from those of " + train + " " + classes);
            }
            return new ImageFolderData(train, dir.resolve(VALIDATION), 0, classes, imageSize, seed, out);
        }
        if (!(validationSplit > 0 && validationSplit < 1)) {
            throw new IllegalArgumentException(dir + " has no " + VALIDATION + " folder, so part of its images are "
                    + "kept for validation: --validation-split must lie in (0, 1), received " + validationSplit);
        }
        return new ImageFolderData(dir, dir, validationSplit, classFolders(dir, out), imageSize, seed, out);
    }

    /**
     * The class folders of {@code dir} to evaluate on: {@code dir/validation} when {@code dir} holds
     * {@code train} and {@code validation} folders, else {@code dir} itself.
     */
    static Path evaluationFolder(Path dir) {
        requireFolder(dir, "--data");
        boolean split = Files.isDirectory(dir.resolve(TRAIN)) && Files.isDirectory(dir.resolve(VALIDATION));
        return split ? dir.resolve(VALIDATION) : dir;
    }

    /** Every image of the class folders of {@code root}, in Keras' sorted order, labelled for {@code classification}. */
    static LabelledFiles allImages(Path root, Classification classification, PrintStream out) {
        List<String> classes = classFolders(root, out);
        if (classes.size() != classification.numClasses()) {
            throw new IllegalArgumentException("The model tells " + classification.numClasses() + " classes apart, but "
                    + root + " has " + classes.size() + " class folders: " + classes);
        }
        DirectoryOptions options = DirectoryOptions.builder().optLabelMode(classification.labelMode())
                .optShuffle(false).optOutput(out).build();
        return LabelledFiles.of(Datasets.imageExamplesFromDirectory(root, options), root);
    }

    List<String> classNames() {
        return classNames;
    }

    Classification classification() {
        return classification;
    }

    /** Where the validation images come from, in words. */
    String validationSource() {
        return validationSplit == 0 ? "the folder " + validationRoot
                : String.format(Locale.ROOT, "%.0f%% of %s (validation split, seed %d)", validationSplit * 100,
                        trainRoot, seed);
    }

    /** The training examples, shuffled once with the seed, images {@code [size, size, 3]} 0..255. */
    LabelledDataset<Example> training() {
        DirectoryOptions.Builder options = options().optShuffle(true).optSeed(seed);
        if (validationSplit > 0) {
            options.optValidationSplit(validationSplit).optSubset(Subset.TRAINING);
        }
        return Datasets.imageExamplesFromDirectory(trainRoot, options.build());
    }

    /** The validation files in a fixed order, with their labels. */
    LabelledFiles validation() {
        DirectoryOptions.Builder options = options();
        if (validationSplit > 0) {
            options.optShuffle(true).optSeed(seed).optValidationSplit(validationSplit).optSubset(Subset.VALIDATION);
        } else {
            options.optShuffle(false);
        }
        return LabelledFiles.of(Datasets.imageExamplesFromDirectory(validationRoot, options.build()), validationRoot);
    }

    private DirectoryOptions.Builder options() {
        return DirectoryOptions.builder().optImageSize(imageSize, imageSize).optLabelMode(classification.labelMode())
                .optClassNames(classNames).optOutput(out);
    }

    private static void requireFolder(Path dir, String option) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + (Files.exists(dir) ? " is not a folder"
                    : " does not exist") + "; give a folder of class folders (DIR/cats/*.jpg, DIR/dogs/*.jpg) or of "
                    + "train/ and validation/ folders of them");
        }
    }

    /**
     * The sorted class folders of {@code root}, checked to be at least two and to hold images; reports the files
     * that are skipped for lack of an image extension.
     */
    private static List<String> classFolders(Path root, PrintStream out) {
        List<String> classes;
        try (Stream<Path> children = Files.list(root)) {
            classes = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
        }
        if (classes.size() < 2) {
            throw new IllegalArgumentException(root + " has " + (classes.isEmpty() ? "no class folders"
                    : "one class folder " + classes) + "; a classifier needs at least 2, one sub-folder of images "
                    + "per class (" + root.resolve("cats") + "/..., " + root.resolve("dogs") + "/...)");
        }
        long images = 0;
        long others = 0;
        for (String name : classes) {
            try (Stream<Path> walk = Files.walk(root.resolve(name))) {
                for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                    if (isImage(file)) {
                        images++;
                    } else {
                        others++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + root.resolve(name) + ": " + e.getMessage(), e);
            }
        }
        if (images == 0) {
            throw new IllegalArgumentException("No images in the class folders of " + root + " " + classes
                    + " (image files end in " + extensions() + ")");
        }
        if (others > 0) {
            out.println("Skipped " + others + " file" + (others == 1 ? "" : "s") + " in " + root + " without an image "
                    + "extension (" + extensions() + "), as Keras does.");
        }
        return classes;
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && DirectoryOptions.DEFAULT_FORMATS.contains(name.substring(dot));
    }

    private static String extensions() {
        return String.join(" ", DirectoryOptions.DEFAULT_FORMATS.stream().sorted().toList());
    }
}
