package dev.graft.bench;

/** What a step does, as the peer's modes of the same names. */
enum Mode {
    /** Base and head forward in inference mode, no gradients, as {@code predict}. */
    INFERENCE("infer", "inference"),
    /** The guide's first phase: base frozen (and in inference mode), head trained with Adam(1e-3). */
    PHASE1("phase1", "phase 1"),
    /**
     * The guide's fine-tuning: everything trainable, the base still called with {@code training=false} (its
     * BatchNormalization statistics stay frozen), Adam(1e-5); forward, backward and update.
     */
    PHASE2("phase2", "phase 2");

    private final String key;
    private final String label;

    Mode(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The peer's name for the mode, also used on the child command line and in the JSON. */
    String key() {
        return key;
    }

    /** The name in the printed tables. */
    String label() {
        return label;
    }

    static Mode of(String key) {
        for (Mode mode : values()) {
            if (mode.key.equals(key)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown mode '" + key + "'; use infer, phase1 or phase2");
    }
}
