package dev.graft.saving;

import java.util.function.Consumer;

/**
 * How {@code Model.loadWeights} matches a file to a model, like the arguments of Keras'
 * {@code load_weights}:
 * <pre>{@code
 * model.loadWeights(path, LoadOptions.builder().optByName(true).optSkipMismatch(true).build());
 * }</pre>
 */
public final class LoadOptions {
    private static final LoadOptions DEFAULTS = builder().build();

    private final boolean byName;
    private final boolean skipMismatch;
    private final Consumer<String> warnings;

    private LoadOptions(Builder b) {
        this.byName = b.byName;
        this.skipMismatch = b.skipMismatch;
        this.warnings = b.warnings;
    }

    /** Keras' defaults: by position, mismatches are errors, warnings to standard error. */
    public static LoadOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether layers are matched by name rather than by position. */
    public boolean byName() {
        return byName;
    }

    /** Whether mismatched weights (and, by name, mismatched layers) are skipped with a warning. */
    public boolean skipMismatch() {
        return skipMismatch;
    }

    /** Where the warnings about skipped weights go. */
    public Consumer<String> warnings() {
        return warnings;
    }

    /** Builds {@link LoadOptions}; every setting is optional. */
    public static final class Builder {
        private boolean byName;
        private boolean skipMismatch;
        private Consumer<String> warnings = message -> System.err.println("WARNING: " + message);

        private Builder() {
        }

        /**
         * Match each layer of the file to the model's layer of the same name (default false: the i-th layer
         * with weights in the file goes to the i-th layer with weights in the model, as Keras does).
         */
        public Builder optByName(boolean byName) {
            this.byName = byName;
            return this;
        }

        /**
         * Skip, with a warning, each weight whose shape differs (default false: an error). By name, also skip
         * layers whose weight count differs and layers present on one side only. By position, a different
         * number of layers or weights stays an error, as in Keras.
         */
        public Builder optSkipMismatch(boolean skipMismatch) {
            this.skipMismatch = skipMismatch;
            return this;
        }

        /** Where warnings about skipped weights go (default: standard error, prefixed {@code WARNING: }). */
        public Builder optWarnings(Consumer<String> warnings) {
            this.warnings = warnings;
            return this;
        }

        public LoadOptions build() {
            if (warnings == null) {
                throw new IllegalArgumentException("LoadOptions needs a warnings consumer (optWarnings), received null");
            }
            return new LoadOptions(this);
        }
    }
}
