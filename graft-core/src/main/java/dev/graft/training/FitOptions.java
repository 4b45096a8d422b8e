package dev.graft.training;

import dev.graft.callbacks.Callback;
import java.util.List;

/**
 * Options of {@code fit}, as Keras' arguments of the same names:
 * <pre>{@code
 * model.fit(trainData, FitOptions.builder()
 *         .optEpochs(20)
 *         .optValidationData(validationData)
 *         .optCallbacks(new EarlyStopping())
 *         .build());
 * }</pre>
 * {@code batchSize}, {@code shuffle}, {@code seed} and {@code validationSplit} apply to in-memory arrays;
 * a data set given as batches is used as it is (Keras does not reshuffle batched data either).
 */
public final class FitOptions {
    private final int epochs;
    private final int initialEpoch;
    private final int batchSize;
    private final int verbose;
    private final long stepsPerEpoch;
    private final Iterable<Batch> validationData;
    private final double validationSplit;
    private final long validationSteps;
    private final boolean shuffle;
    private final Long seed;
    private final List<Callback> callbacks;
    private final ProgressOutput output;

    private FitOptions(Builder b) {
        this.epochs = b.epochs;
        this.initialEpoch = b.initialEpoch;
        this.batchSize = b.batchSize;
        this.verbose = b.verbose;
        this.stepsPerEpoch = b.stepsPerEpoch;
        this.validationData = b.validationData;
        this.validationSplit = b.validationSplit;
        this.validationSteps = b.validationSteps;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.callbacks = List.copyOf(b.callbacks);
        this.output = b.output;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Train until this epoch (exclusive, counting from 0), as Keras' {@code epochs}. */
    public int epochs() {
        return epochs;
    }

    /** The epoch to start from, to resume a run. */
    public int initialEpoch() {
        return initialEpoch;
    }

    public int batchSize() {
        return batchSize;
    }

    /** 0 silent, 1 progress bar, 2 one line per epoch. */
    public int verbose() {
        return verbose;
    }

    /** Batches per epoch, or -1 for one pass over the data. */
    public long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** Batches evaluated at the end of each epoch, or null. */
    public Iterable<Batch> validationData() {
        return validationData;
    }

    /** The fraction of in-memory arrays held out (the last samples, before shuffling) for validation. */
    public double validationSplit() {
        return validationSplit;
    }

    /** Validation batches per epoch, or -1 for all. */
    public long validationSteps() {
        return validationSteps;
    }

    public boolean shuffle() {
        return shuffle;
    }

    /** The shuffling seed, or null to draw one from {@link dev.graft.utils.RandomSeed}. */
    public Long seed() {
        return seed;
    }

    public List<Callback> callbacks() {
        return callbacks;
    }

    public ProgressOutput output() {
        return output;
    }

    static void checkCommon(int batchSize, int verbose, long steps, String stepsName) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, received " + batchSize);
        }
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("verbose must be 0 (silent), 1 (progress bar) or 2 (one line), "
                    + "received " + verbose);
        }
        if (steps == 0 || steps < -1) {
            throw new IllegalArgumentException(stepsName + " must be positive (or -1 for all batches), received "
                    + steps);
        }
    }

    /** Builds {@link FitOptions}; every option has Keras' default. */
    public static final class Builder {
        private int epochs = 1;
        private int initialEpoch;
        private int batchSize = 32;
        private int verbose = 1;
        private long stepsPerEpoch = -1;
        private Iterable<Batch> validationData;
        private double validationSplit;
        private long validationSteps = -1;
        private boolean shuffle = true;
        private Long seed;
        private List<Callback> callbacks = List.of();
        private ProgressOutput output;

        private Builder() {
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optInitialEpoch(int initialEpoch) {
            this.initialEpoch = initialEpoch;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optVerbose(int verbose) {
            this.verbose = verbose;
            return this;
        }

        public Builder optStepsPerEpoch(long stepsPerEpoch) {
            this.stepsPerEpoch = stepsPerEpoch;
            return this;
        }

        public Builder optValidationData(Iterable<Batch> validationData) {
            this.validationData = validationData;
            return this;
        }

        public Builder optValidationSplit(double validationSplit) {
            this.validationSplit = validationSplit;
            return this;
        }

        public Builder optValidationSteps(long validationSteps) {
            this.validationSteps = validationSteps;
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

        public Builder optCallbacks(Callback... callbacks) {
            this.callbacks = List.of(callbacks);
            return this;
        }

        public Builder optCallbacks(List<? extends Callback> callbacks) {
            this.callbacks = List.copyOf(callbacks);
            return this;
        }

        public Builder optOutput(ProgressOutput output) {
            this.output = output;
            return this;
        }

        public FitOptions build() {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, received " + epochs);
            }
            if (initialEpoch < 0 || initialEpoch >= epochs) {
                throw new IllegalArgumentException("initialEpoch must lie in [0, epochs), received initialEpoch="
                        + initialEpoch + " with epochs=" + epochs);
            }
            checkCommon(batchSize, verbose, stepsPerEpoch, "stepsPerEpoch");
            checkCommon(batchSize, verbose, validationSteps, "validationSteps");
            if (!(validationSplit >= 0 && validationSplit < 1)) {
                throw new IllegalArgumentException("validationSplit must lie in [0, 1), received " + validationSplit);
            }
            if (validationSplit > 0 && validationData != null) {
                throw new IllegalArgumentException("Give either validationData or validationSplit, not both");
            }
            if (output == null) {
                output = ProgressOutput.standardOutput();
            }
            return new FitOptions(this);
        }
    }
}
