package dev.graft.data.datasets;

/** Which part of a {@code validationSplit} to return, as Keras' {@code subset}. */
public enum Subset {
    /** The first {@code 1 - validationSplit} of the files. */
    TRAINING,
    /** The last {@code validationSplit} of the files. */
    VALIDATION
}
