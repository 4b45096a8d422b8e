package dev.graft.tensor;

/**
 * A named, mutable tensor that outlives every {@link TensorScope}: a layer's weight. Trainable variables
 * are watched by {@link GradientTape}; non-trainable ones (such as BatchNormalization's moving statistics)
 * are updated by assignment. Closing a variable frees its storage.
 */
public final class Variable implements AutoCloseable {
    private final String name;
    private final Tensor storage;
    private boolean trainable;
    /** Bumped by every assignment, so that readers can tell cheaply whether the value changed. */
    private long version;

    /** A variable holding a copy of {@code initial}. */
    public Variable(String name, Tensor initial, boolean trainable) {
        this(name, initial, trainable, new int[0]);
    }

    /**
     * A variable holding a copy of {@code initial}, stored with its axes in {@code memoryOrder} (outermost
     * first) rather than row-major: a convolution kernel {@code [kh, kw, in, out]} stored as
     * {@code (3, 2, 0, 1)} is what the engine's convolutions read without a copy. Only the memory differs; the
     * value, its shape and everything done with it are the same.
     */
    public Variable(String name, Tensor initial, boolean trainable, int... memoryOrder) {
        if (memoryOrder.length != 0 && !isPermutation(memoryOrder, initial.rank())) {
            throw new IllegalArgumentException("Variable '" + name + "': memory order "
                    + java.util.Arrays.toString(memoryOrder) + " is not a permutation of the axes of shape "
                    + initial.shape());
        }
        this.name = name;
        this.trainable = trainable;
        this.storage = Engine.get().newVariableStorage(initial, trainable, memoryOrder.clone());
    }

    private static boolean isPermutation(int[] order, int rank) {
        boolean[] seen = new boolean[rank];
        for (int axis : order) {
            if (axis < 0 || axis >= rank || seen[axis]) {
                return false;
            }
            seen[axis] = true;
        }
        return order.length == rank;
    }

    /** The path-like name, e.g. {@code dense/kernel}. */
    public String name() {
        return name;
    }

    public Shape shape() {
        return storage.shape();
    }

    public DType dtype() {
        return storage.dtype();
    }

    /** The current value; it belongs to the variable and must not be closed. */
    public Tensor value() {
        checkOpen();
        return storage;
    }

    public boolean trainable() {
        return trainable;
    }

    /** Marks the variable trainable or not; gradients are recorded only for trainable variables. */
    public void setTrainable(boolean trainable) {
        checkOpen();
        this.trainable = trainable;
        Engine.get().setRequiresGrad(storage, trainable);
    }

    /** Replaces the value; {@code newValue} must have this variable's shape. */
    public void assign(Tensor newValue) {
        checkOpen();
        if (!newValue.shape().equals(shape())) {
            throw new IllegalArgumentException("Cannot assign a value of shape " + newValue.shape()
                    + " to variable '" + name + "' of shape " + shape());
        }
        storage.assign(newValue);
        version++;
    }

    /** Replaces the value with host data of this variable's shape. */
    public void assign(HostArray newValue) {
        if (!newValue.toShape().equals(shape())) {
            throw new IllegalArgumentException("Cannot assign a value of shape " + newValue.toShape()
                    + " to variable '" + name + "' of shape " + shape());
        }
        try (Tensor t = newValue.toTensor(); Tensor cast = t.toType(dtype())) {
            storage.assign(cast);
        }
        version++;
    }

    /**
     * A counter that every {@link #assign} increments: two equal readings mean the value did not change in
     * between (through this variable; writing into {@link #value()} directly bypasses it, so don't).
     */
    public long version() {
        return version;
    }

    /** A copy of the current value on the Java heap. */
    public HostArray toHostArray() {
        checkOpen();
        return HostArray.of(storage);
    }

    public long size() {
        return shape().size();
    }

    public boolean isClosed() {
        return storage.isClosed();
    }

    private void checkOpen() {
        if (storage.isClosed()) {
            throw new IllegalStateException("Variable '" + name + "' is closed (its model was closed)");
        }
    }

    @Override
    public void close() {
        storage.close();
    }

    @Override
    public String toString() {
        return "<Variable " + name + " shape=" + shape() + " dtype=" + dtype() + " trainable=" + trainable + ">";
    }
}
