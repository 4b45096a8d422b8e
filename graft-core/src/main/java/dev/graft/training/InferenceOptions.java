package dev.graft.training;

import dev.graft.callbacks.Callback;
import java.util.List;

/**
 * Options of {@code evaluate} and {@code predict}, as Keras' arguments of the same names:
 * <pre>{@code
 * model.evaluate(testData, InferenceOptions.builder().optVerbose(0).build());
 * }</pre>
 */
public final class InferenceOptions {
    private final int batchSize;
    private final int verbose;
    private final long steps;
    private final List<Callback> callbacks;
    private final ProgressOutput output;

    private InferenceOptions(Builder b) {
        this.batchSize = b.batchSize;
        this.verbose = b.verbose;
        this.steps = b.steps;
        this.callbacks = List.copyOf(b.callbacks);
        this.output = b.output;
    }

    /** Defaults: batch size 32 for arrays, verbose 1, every batch, no callbacks, standard output. */
    public static InferenceOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Examples per batch when the data are in-memory arrays. */
    public int batchSize() {
        return batchSize;
    }

    /** 0 silent, 1 progress bar, 2 one line. */
    public int verbose() {
        return verbose;
    }

    /** The number of batches to run, or -1 for all. */
    public long steps() {
        return steps;
    }

    public List<Callback> callbacks() {
        return callbacks;
    }

    public ProgressOutput output() {
        return output;
    }

    /** Builds {@link InferenceOptions}; every option has Keras' default. */
    public static final class Builder {
        private int batchSize = 32;
        private int verbose = 1;
        private long steps = -1;
        private List<Callback> callbacks = List.of();
        private ProgressOutput output;

        private Builder() {
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optVerbose(int verbose) {
            this.verbose = verbose;
            return this;
        }

        public Builder optSteps(long steps) {
            this.steps = steps;
            return this;
        }

        public Builder optCallbacks(Callback... callbacks) {
            this.callbacks = List.of(callbacks);
            return this;
        }

        public Builder optOutput(ProgressOutput output) {
            this.output = output;
            return this;
        }

        public InferenceOptions build() {
            FitOptions.checkCommon(batchSize, verbose, steps, "steps");
            if (output == null) {
                output = ProgressOutput.standardOutput();
            }
            return new InferenceOptions(this);
        }
    }
}
