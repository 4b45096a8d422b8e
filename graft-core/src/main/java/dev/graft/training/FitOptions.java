package dev.graft.training;

import dev.graft.callbacks.Callback;
import dev.graft.distributed.DistributedStrategy;
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
 *
 * <p>Unlike Keras, which recomputes every layer every epoch, {@code fit} reuses the outputs of a frozen
 * prefix across epochs; see {@link Builder#optReuseFrozenPrefix}.
 */
public final class FitOptions {
    /** The default of {@link Builder#optFrozenPrefixMemory}: 1 GiB. */
    public static final long DEFAULT_FROZEN_PREFIX_MEMORY = 1L << 30;

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
    private final boolean reuseFrozenPrefix;
    private final long frozenPrefixMemory;
    private final DistributedStrategy strategy;

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
        this.reuseFrozenPrefix = b.reuseFrozenPrefix;
        this.frozenPrefixMemory = b.frozenPrefixMemory;
        this.strategy = b.strategy;
    }

    /** The data-parallel strategy this fit is one worker of, or null to train in this process alone. */
    public DistributedStrategy strategy() {
        return strategy;
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

    /** Whether {@code fit} reuses the frozen prefix's outputs across epochs (default true). */
    public boolean reuseFrozenPrefix() {
        return reuseFrozenPrefix;
    }

    /** The most bytes of native memory the reused prefix outputs may take. */
    public long frozenPrefixMemory() {
        return frozenPrefixMemory;
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
        private boolean reuseFrozenPrefix = true;
        private long frozenPrefixMemory = DEFAULT_FROZEN_PREFIX_MEMORY;
        private DistributedStrategy strategy;

        private Builder() {
        }

        /**
         * Trains as one worker of {@code strategy} (Keras' {@code MultiWorkerMirroredStrategy}): the data given
         * to fit is this worker's shard (e.g. {@code dataset.shard(worldSize, rank)}) in local batches; gradients
         * are averaged over the workers after each step, epoch logs are those of all workers together, and only
         * rank 0 shows progress and writes files. Every worker runs the same number of steps per epoch: the
         * smallest shard's.
         */
        public Builder optStrategy(DistributedStrategy strategy) {
            this.strategy = strategy;
            return this;
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

        /**
         * Whether to reuse the outputs of the model's frozen prefix across epochs (default true). The prefix is
         * what the model computes from its inputs with layers that are frozen functions in training (see
         * {@link dev.graft.models.FrozenPrefix}): in the fine-tuning guide's first phase,
         * {@code Rescaling -> base(training=false) -> GlobalAveragePooling2D} with the base frozen. Keras
         * recomputes it every epoch; {@code fit} stores its output per sample (keyed by the SHA-256 of the
         * sample's inputs) in native memory and, when a batch's samples all come again, runs only the rest
         * of the model, so epochs after the first skip the base. Results are identical: a batch with a sample
         * not stored is computed as without reuse.
         *
         * <p>Validation during {@code fit} uses the same store. The store lives for one {@code fit} call; it is
         * emptied when a prefix weight is assigned (by a callback, say), and reuse stops for the run when an
         * epoch finds no batch stored, as when the data is augmented before it reaches the model. A random
         * layer before the base (augmentation in the model) means no prefix, and nothing changes. Turn it off
         * to measure Keras' cost per epoch, or for a custom layer that is random or stateful without saying
         * so ({@link dev.graft.layers.Layer#isFrozenFunction}).
         */
        public Builder optReuseFrozenPrefix(boolean reuseFrozenPrefix) {
            this.reuseFrozenPrefix = reuseFrozenPrefix;
            return this;
        }

        /**
         * The most native memory, in bytes, the reused prefix outputs may take (default
         * {@link FitOptions#DEFAULT_FROZEN_PREFIX_MEMORY}, 1 GiB; the guide's 3,000 photos take 24 MiB as Xception's
         * 2,048 pooled features). Samples beyond it are not stored, and a batch holding one is recomputed.
         */
        public Builder optFrozenPrefixMemory(long bytes) {
            this.frozenPrefixMemory = bytes;
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
            if (frozenPrefixMemory < 0) {
                throw new IllegalArgumentException("frozenPrefixMemory must be a number of bytes >= 0, received "
                        + frozenPrefixMemory);
            }
            if (output == null) {
                output = ProgressOutput.standardOutput();
            }
            return new FitOptions(this);
        }
    }
}
