package dev.graft.tensor;

/**
 * Creates new tensors on another device inside its block, on the calling thread, like TensorFlow's
 * {@code with tf.device(...)} or PyTorch's {@code with torch.device(...)}. Threads started inside the block
 * inherit its device, so a data pipeline started there decodes into tensors on that device too; the training
 * loops use this to make batches on the CPU before moving them to the model's device.
 * <pre>{@code
 * try (var cpu = DeviceScope.open(Device.CPU)) {
 *     Tensor pixels = Tensor.ofUint8(bytes, height, width, 3); // on the CPU whatever the default device
 * }
 * }</pre>
 */
public final class DeviceScope implements AutoCloseable {
    private static final InheritableThreadLocal<Device> CURRENT = new InheritableThreadLocal<>();

    private final Device previous;
    private final Thread owner;
    private boolean closed;

    private DeviceScope(Device device) {
        this.previous = CURRENT.get();
        this.owner = Thread.currentThread();
        CURRENT.set(device);
    }

    /**
     * Makes {@code device} the calling thread's device for new tensors until {@link #close()}.
     *
     * @throws IllegalStateException if the engine cannot use {@code device} (a GPU without a CUDA build)
     */
    public static DeviceScope open(Device device) {
        Engine.get().checkAvailable(device);
        return new DeviceScope(device);
    }

    /** The device of the innermost open scope on this thread (or inherited by it), or null. */
    static Device current() {
        return CURRENT.get();
    }

    /** Restores the device that was in force when this scope opened. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("A DeviceScope must be closed by the thread that opened it ("
                    + owner.getName() + "), not by " + Thread.currentThread().getName());
        }
        closed = true;
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
