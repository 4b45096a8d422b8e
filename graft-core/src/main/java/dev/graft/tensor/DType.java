package dev.graft.tensor;

/** Element types a {@link Tensor} can hold. */
public enum DType {
    FLOAT32("float32", 4),
    FLOAT64("float64", 8),
    INT32("int32", 4),
    INT64("int64", 8),
    UINT8("uint8", 1),
    BOOL("bool", 1);

    private final String kerasName;
    private final int byteSize;

    DType(String kerasName, int byteSize) {
        this.kerasName = kerasName;
        this.byteSize = byteSize;
    }

    /** The name Keras and NumPy use for this type, e.g. {@code float32}. */
    public String kerasName() {
        return kerasName;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether this is a floating-point type (the only types that carry gradients). */
    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** Whether this is an integer type (bool excluded). */
    public boolean isInteger() {
        return this == INT32 || this == INT64 || this == UINT8;
    }

    @Override
    public String toString() {
        return kerasName;
    }
}
