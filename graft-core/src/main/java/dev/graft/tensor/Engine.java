package dev.graft.tensor;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The service-provider interface behind {@link Tensor}: an engine creates tensors and computes gradients.
 * Graft ships one, on libtorch; {@link #get()} finds it with {@link ServiceLoader}. User code calls it only for
 * settings: the device ({@link #setDefaultDevice}) and the number of threads.
 */
public abstract class Engine {
    private static volatile Engine instance;

    /** The engine in use, loaded on first call. */
    public static Engine get() {
        Engine e = instance;
        if (e == null) {
            synchronized (Engine.class) {
                e = instance;
                if (e == null) {
                    e = ServiceLoader.load(Engine.class).findFirst().orElseThrow(() -> new IllegalStateException(
                            "No Graft engine found on the class path: add graft-core with its libtorch natives"));
                    instance = e;
                }
            }
        }
        return e;
    }

    /** A short name, e.g. {@code "PyTorch 2.10.0"}. */
    public abstract String name();

    public abstract Tensor fromArray(float[] data, long[] shape);

    public abstract Tensor fromArray(double[] data, long[] shape);

    public abstract Tensor fromArray(long[] data, long[] shape);

    public abstract Tensor full(Shape shape, double value, DType dtype);

    public abstract Tensor randomUniform(Shape shape, double min, double max, DType dtype, SeedGenerator generator);

    public abstract Tensor randomNormal(Shape shape, double mean, double stddev, DType dtype, SeedGenerator generator);

    public abstract Tensor concat(List<Tensor> tensors, int axis);

    public abstract SeedGenerator seedGenerator(long seed);

    /**
     * Gradients of the scalar {@code target} with respect to each of {@code sources}; null for a source the
     * target does not depend on. Frees the recorded graph unless {@code retainGraph}.
     */
    public abstract List<Tensor> gradient(Tensor target, List<Tensor> sources, boolean retainGraph);

    /** Turns gradient recording on or off for the calling thread and returns the previous setting. */
    public abstract boolean setGradEnabled(boolean enabled);

    /**
     * A copy of {@code initial} that lives outside every {@link TensorScope}, as a variable's storage, laid out
     * in memory with the axes {@code memoryOrder} from outermost to innermost (empty: row-major). The value
     * keeps {@code initial}'s shape whatever the order.
     */
    public abstract Tensor newVariableStorage(Tensor initial, boolean requiresGrad, int[] memoryOrder);

    /** Sets whether operations on {@code storage} are recorded for gradients. */
    public abstract void setRequiresGrad(Tensor storage, boolean requiresGrad);

    /** The number of threads the engine's kernels use. */
    public abstract int numThreads();

    /**
     * Sets the number of threads the engine's kernels use (libtorch's intra-op parallelism), like
     * {@code tf.config.threading.set_intra_op_parallelism_threads}. Small models on a busy machine often run
     * faster on one thread.
     */
    public void setNumThreads(int threads) {
        throw new UnsupportedOperationException(name() + " does not support setting the number of threads");
    }

    // ---- added for the Dataset pipeline ----

    /** See {@link Tensor#stack(List, int)}. */
    public abstract Tensor stack(List<Tensor> tensors, int axis);

    // ---- added for image decoding ----

    /** A uint8 tensor of {@code data}, each byte read as unsigned; see {@link Tensor#ofUint8}. */
    public abstract Tensor fromUint8(byte[] data, long[] shape);

    // ---- added for devices ----

    /** The default device, once set or read from the configuration; null until then. */
    private volatile Device defaultDevice;

    /**
     * The device new tensors are created on by this thread: that of an open {@link DeviceScope}, else the
     * default set with {@link #setDefaultDevice}, else the one {@link Device#fromConfiguration()} names (read on
     * the first call), else the CPU.
     *
     * @throws IllegalStateException if the configured device cannot be used (a GPU without a CUDA build)
     */
    public Device defaultDevice() {
        Device scoped = DeviceScope.current();
        if (scoped != null) {
            return scoped;
        }
        Device device = defaultDevice;
        return device != null ? device : configuredDevice();
    }

    private synchronized Device configuredDevice() {
        if (defaultDevice == null) {
            Device configured = Device.fromConfiguration();
            checkAvailable(configured);
            defaultDevice = configured;
        }
        return defaultDevice;
    }

    /**
     * Creates new tensors, variables included, on {@code device} from now on, in every thread (a
     * {@link DeviceScope} still overrides it). Tensors made before stay where they are; move one with
     * {@link Tensor#to(Device)}.
     *
     * @throws IllegalStateException if this engine cannot use {@code device}; the default is then unchanged
     */
    public synchronized void setDefaultDevice(Device device) {
        if (device == null) {
            throw new IllegalArgumentException("The default device must not be null; use Device.CPU for the CPU");
        }
        checkAvailable(device);
        defaultDevice = device;
    }

    /**
     * Checks that tensors can be created on {@code device}.
     *
     * @throws IllegalStateException saying why not and how to fix it
     */
    protected abstract void checkAvailable(Device device);

    // ---- added for optimizers ----

    /**
     * {@code target += alpha * other}, in place and never recorded for gradients. Only for a variable's
     * storage ({@link Variable#assignAdd}, optimizers) or a temporary that nothing else reads: every other
     * tensor is an immutable value. {@code other} has {@code target}'s dtype and a shape that broadcasts to
     * {@code target}'s; for an integer target, {@code alpha} is a whole number.
     */
    public abstract void addInPlace(Tensor target, Tensor other, double alpha);

    /** {@code target *= factor} for a floating target, in place and never recorded; see {@link #addInPlace}. */
    public abstract void scaleInPlace(Tensor target, double factor);

    /**
     * {@code target += value * a * b} (elementwise) for a floating target, in place and never recorded; see
     * {@link #addInPlace}. {@code a} and {@code b} have {@code target}'s dtype and broadcast to its shape.
     */
    public abstract void addProductInPlace(Tensor target, Tensor a, Tensor b, double value);

    /**
     * {@code target += value * a / b} (elementwise) for a floating target, in place and never recorded; see
     * {@link #addInPlace}. {@code a} and {@code b} have {@code target}'s dtype and broadcast to its shape.
     */
    public abstract void addQuotientInPlace(Tensor target, Tensor a, Tensor b, double value);

    /** {@code target = sqrt(target)} for a floating target, in place and never recorded; see {@link #addInPlace}. */
    public abstract void sqrtInPlace(Tensor target);

    /**
     * One Adam step with Keras' update rule for every {@code i}, in place on the variable and its state and
     * never recorded. With {@code t = step}, {@code g} the gradient, {@code m} the momentum and {@code v} the
     * velocity:
     * <pre>
     * m += (g - m) * (1 - beta1)
     * v += (g^2 - v) * (1 - beta2)
     * vMax = max(vMax, v)                          (AMSGrad only; vMax then replaces v below)
     * var -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)
     * </pre>
     * Epsilon is added to {@code sqrt(v)}, as in Keras, not to the bias-corrected {@code sqrt(v / (1 - beta2^t))}
     * as in PyTorch. The tensors of one index share the variable's shape and floating dtype; the variable and
     * its state are variable storages (contiguous, as every variable's storage is), the gradient may have any
     * layout.
     *
     * @param velocityMaxima AMSGrad's running maxima of the velocity, or null without AMSGrad
     * @param step           the 1-based step number {@code t}
     */
    public abstract void adamUpdate(List<Tensor> variables, List<Tensor> gradients, List<Tensor> momentums,
                                    List<Tensor> velocities, List<Tensor> velocityMaxima, long step,
                                    double learningRate, double beta1, double beta2, double epsilon);

    // ---- added for distributed training ----

    /**
     * Joins the processes of {@code rendezvous} into a group whose collectives run on {@code device}'s kind
     * (Gloo for the CPU, NCCL for GPUs); blocks until all have joined or the timeout passes.
     */
    public abstract dev.graft.distributed.ProcessGroup joinProcessGroup(dev.graft.distributed.Rendezvous rendezvous,
            Device device);
}
