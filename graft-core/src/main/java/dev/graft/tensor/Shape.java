package dev.graft.tensor;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An immutable tensor shape. A dimension of {@link #UNKNOWN} stands for a size known only at run time,
 * as Keras' {@code None} (usually the batch). Images use {@code [batch, height, width, channels]}.
 */
public final class Shape {
    /** Marks a dimension whose size is not known until the tensor exists. */
    public static final long UNKNOWN = -1;

    private final long[] dims;

    private Shape(long[] dims) {
        for (long d : dims) {
            if (d < 0 && d != UNKNOWN) {
                throw new IllegalArgumentException("Shape dimensions must be >= 0 or UNKNOWN, received "
                        + Arrays.toString(dims));
            }
        }
        this.dims = dims;
    }

    /** A shape with the given dimensions; use {@link #UNKNOWN} for a dimension known only at run time. */
    public static Shape of(long... dims) {
        return new Shape(dims.clone());
    }

    /** A shape with a leading unknown batch dimension followed by {@code dims}. */
    public static Shape batchOf(long... dims) {
        long[] all = new long[dims.length + 1];
        all[0] = UNKNOWN;
        System.arraycopy(dims, 0, all, 1, dims.length);
        return new Shape(all);
    }

    public int rank() {
        return dims.length;
    }

    /** The size of dimension {@code axis}; a negative axis counts from the end. */
    public long get(int axis) {
        return dims[normalizeAxis(axis)];
    }

    /** The last dimension. */
    public long last() {
        return get(-1);
    }

    public long[] dims() {
        return dims.clone();
    }

    /** Whether every dimension is known. */
    public boolean isFullyDefined() {
        for (long d : dims) {
            if (d == UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /** The number of elements; fails if a dimension is unknown. */
    public long size() {
        long n = 1;
        for (long d : dims) {
            if (d == UNKNOWN) {
                throw new IllegalStateException("Shape " + this + " has an unknown dimension; it has no size");
            }
            n *= d;
        }
        return n;
    }

    /** The number of elements, ignoring the first (batch) dimension. */
    public long sizeWithoutBatch() {
        return dropFirst().size();
    }

    /** This shape with the first dimension replaced by {@code batch}. */
    public Shape withBatch(long batch) {
        long[] copy = dims.clone();
        copy[0] = batch;
        return new Shape(copy);
    }

    /** This shape with dimension {@code axis} replaced. */
    public Shape with(int axis, long value) {
        long[] copy = dims.clone();
        copy[normalizeAxis(axis)] = value;
        return new Shape(copy);
    }

    /** Every dimension after the first. */
    public Shape dropFirst() {
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /** This shape followed by {@code more}. */
    public Shape append(long... more) {
        long[] all = Arrays.copyOf(dims, dims.length + more.length);
        System.arraycopy(more, 0, all, dims.length, more.length);
        return new Shape(all);
    }

    /** Whether {@code other} could describe the same tensor: same rank, and equal where both are known. */
    public boolean isCompatibleWith(Shape other) {
        if (other.rank() != rank()) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != UNKNOWN && other.dims[i] != UNKNOWN && dims[i] != other.dims[i]) {
                return false;
            }
        }
        return true;
    }

    /** Converts a possibly negative axis into an index in {@code [0, rank)}. */
    public int normalizeAxis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("Axis " + axis + " is out of range for shape " + this);
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Keras' notation: {@code (None, 150, 150, 3)}. */
    @Override
    public String toString() {
        if (dims.length == 1) {
            return "(" + dimString(dims[0]) + ",)";
        }
        return Arrays.stream(dims).mapToObj(Shape::dimString).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String dimString(long d) {
        return d == UNKNOWN ? "None" : Long.toString(d);
    }
}
