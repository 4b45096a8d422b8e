package dev.graft.tensor;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The service-provider interface behind {@link Tensor}: an engine creates tensors and computes gradients.
 * Graft ships one, on libtorch; {@link #get()} finds it with {@link ServiceLoader}. User code does not call
 * this class directly.
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
}
