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

    /** A variable holding a copy of {@code initial}. */
    public Variable(String name, Tensor initial, boolean trainable) {
        this.name = name;
        this.trainable = trainable;
        this.storage = Engine.get().newVariableStorage(initial, trainable);
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
    }

    /**
     * Adds {@code delta} to the value in place, like Keras' {@code assign_add}: the storage (and everything
     * that refers to it) keeps its identity, and nothing is recorded for gradients. {@code delta} must have
     * this variable's shape or broadcast to it; another dtype is converted to the variable's first.
     */
    public void assignAdd(Tensor delta) {
        addScaled(delta, 1, "assignAdd");
    }

    /** Subtracts {@code delta} from the value in place, like Keras' {@code assign_sub}; see {@link #assignAdd}. */
    public void assignSub(Tensor delta) {
        addScaled(delta, -1, "assignSub");
    }

    private void addScaled(Tensor delta, double sign, String op) {
        checkOpen();
        try {
            if (delta.dtype() == dtype()) {
                Engine.get().addInPlace(storage, delta, sign);
            } else {
                try (Tensor cast = delta.toType(dtype())) {
                    Engine.get().addInPlace(storage, cast, sign);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + " on variable '" + name + "': " + e.getMessage(), e);
        }
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
