package dev.graft.data.datasets;

import dev.graft.tensor.Interpolation;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Options of {@link Datasets#imageDatasetFromDirectory}, with Keras' names and defaults:
 * <pre>{@code
 * DirectoryOptions.builder().optImageSize(150, 150).optValidationSplit(0.2).optSubset(Subset.TRAINING)
 *         .optSeed(1337).build();
 * }</pre>
 */
public final class DirectoryOptions {
    /** The file extensions Keras reads by default. */
    public static final Set<String> DEFAULT_FORMATS = Set.of(".bmp", ".gif", ".jpeg", ".jpg", ".png");

    private final LabelMode labelMode;
    private final List<String> classNames;
    private final int batchSize;
    private final long imageHeight;
    private final long imageWidth;
    private final boolean shuffle;
    private final Long seed;
    private final double validationSplit;
    private final Subset subset;
    private final Interpolation interpolation;
    private final boolean cropToAspectRatio;
    private final boolean followLinks;
    private final Set<String> formats;
    private final boolean skipBadFiles;
    private final PrintStream output;

    private DirectoryOptions(Builder b) {
        this.labelMode = b.labelMode;
        this.classNames = b.classNames;
        this.batchSize = b.batchSize;
        this.imageHeight = b.imageHeight;
        this.imageWidth = b.imageWidth;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.validationSplit = b.validationSplit;
        this.subset = b.subset;
        this.interpolation = b.interpolation;
        this.cropToAspectRatio = b.cropToAspectRatio;
        this.followLinks = b.followLinks;
        this.formats = b.formats;
        this.skipBadFiles = b.skipBadFiles;
        this.output = b.output;
    }

    /** Keras' defaults: int labels, 256x256, batches of 32, shuffled, every file. */
    public static DirectoryOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public LabelMode labelMode() {
        return labelMode;
    }

    /** The classes in label order, or null to use the sorted sub-folder names. */
    public List<String> classNames() {
        return classNames;
    }

    /** Examples per batch, or 0 for a data set of single examples (Keras' {@code batch_size=None}). */
    public int batchSize() {
        return batchSize;
    }

    public long imageHeight() {
        return imageHeight;
    }

    public long imageWidth() {
        return imageWidth;
    }

    public boolean shuffle() {
        return shuffle;
    }

    /** The shuffling seed, or null for a random one. */
    public Long seed() {
        return seed;
    }

    public double validationSplit() {
        return validationSplit;
    }

    /** The part of the split to return, or null for all files. */
    public Subset subset() {
        return subset;
    }

    public Interpolation interpolation() {
        return interpolation;
    }

    public boolean cropToAspectRatio() {
        return cropToAspectRatio;
    }

    public boolean followLinks() {
        return followLinks;
    }

    /** Lower-case file extensions with their dot, e.g. {@code .jpg}. */
    public Set<String> formats() {
        return formats;
    }

    /** Whether files that cannot be decoded are left out (and reported) rather than failing the pass. */
    public boolean skipBadFiles() {
        return skipBadFiles;
    }

    /** Where Keras' messages ("Found 2000 files belonging to 2 classes.") go, or null for none. */
    public PrintStream output() {
        return output;
    }

    /** Builds {@link DirectoryOptions}; every option has Keras' default. */
    public static final class Builder {
        private LabelMode labelMode = LabelMode.INT;
        private List<String> classNames;
        private int batchSize = 32;
        private long imageHeight = 256;
        private long imageWidth = 256;
        private boolean shuffle = true;
        private Long seed;
        private double validationSplit;
        private Subset subset;
        private Interpolation interpolation = Interpolation.BILINEAR;
        private boolean cropToAspectRatio;
        private boolean followLinks;
        private Set<String> formats = DEFAULT_FORMATS;
        private boolean skipBadFiles;
        private PrintStream output = System.out;

        private Builder() {
        }

        public Builder optLabelMode(LabelMode labelMode) {
            this.labelMode = labelMode;
            return this;
        }

        /** Uses these sub-folders, in this order, as the classes (Keras' {@code class_names}). */
        public Builder optClassNames(List<String> classNames) {
            this.classNames = List.copyOf(classNames);
            return this;
        }

        /** Examples per batch; 0 gives single examples. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optImageSize(long height, long width) {
            this.imageHeight = height;
            this.imageWidth = width;
            return this;
        }

        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optValidationSplit(double validationSplit) {
            this.validationSplit = validationSplit;
            return this;
        }

        public Builder optSubset(Subset subset) {
            this.subset = subset;
            return this;
        }

        public Builder optInterpolation(Interpolation interpolation) {
            this.interpolation = interpolation;
            return this;
        }

        /** Crops the largest centered window of the target aspect ratio before resizing (no distortion). */
        public Builder optCropToAspectRatio(boolean cropToAspectRatio) {
            this.cropToAspectRatio = cropToAspectRatio;
            return this;
        }

        public Builder optFollowLinks(boolean followLinks) {
            this.followLinks = followLinks;
            return this;
        }

        /** The file extensions to read, e.g. {@code ".jpg", ".png"} (case does not matter). */
        public Builder optFormats(String... extensions) {
            this.formats = Set.of(extensions).stream().map(e -> e.toLowerCase(Locale.ROOT)).collect(
                    java.util.stream.Collectors.toUnmodifiableSet());
            return this;
        }

        public Builder optSkipBadFiles(boolean skipBadFiles) {
            this.skipBadFiles = skipBadFiles;
            return this;
        }

        /** Where messages go; null for silence. */
        public Builder optOutput(PrintStream output) {
            this.output = output;
            return this;
        }

        public DirectoryOptions build() {
            if (batchSize < 0) {
                throw new IllegalArgumentException("batchSize must be positive, or 0 for single examples, received "
                        + batchSize);
            }
            if (imageHeight < 1 || imageWidth < 1) {
                throw new IllegalArgumentException("imageSize must be positive, received " + imageHeight + " x "
                        + imageWidth);
            }
            if (!(validationSplit >= 0 && validationSplit < 1)) {
                throw new IllegalArgumentException("validationSplit must lie in [0, 1), received " + validationSplit);
            }
            if ((subset != null) != (validationSplit > 0)) {
                throw new IllegalArgumentException("Give validationSplit and subset together (received validationSplit="
                        + validationSplit + ", subset=" + subset + "), as Keras requires");
            }
            if (validationSplit > 0 && shuffle && seed == null) {
                throw new IllegalArgumentException("With validationSplit and shuffling, give a seed (optSeed) so the "
                        + "training and validation subsets do not overlap, as Keras requires");
            }
            for (String format : formats) {
                if (!format.startsWith(".")) {
                    throw new IllegalArgumentException("Formats are file extensions with their dot, e.g. \".jpg\", "
                            + "received \"" + format + "\"");
                }
            }
            return new DirectoryOptions(this);
        }
    }
}
