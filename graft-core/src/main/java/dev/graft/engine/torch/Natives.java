package dev.graft.engine.torch;

import dev.graft.tensor.DType;
import dev.graft.tensor.Device;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Small helpers shared by the engine: running a native call so that its temporaries are freed at once and its
 * errors name the Graft operation.
 */
final class Natives {
    /** Threads that have switched libtorch's thread-local grad mode to Graft's default (off). */
    private static final ThreadLocal<Boolean> THREAD_READY = ThreadLocal.withInitial(() -> {
        GradMode.set_enabled(false);
        return Boolean.TRUE;
    });

    private Natives() {
    }

    /**
     * Libtorch records a graph by default on every thread; Graft records only inside a tape, so each thread
     * turns recording off the first time it uses the engine.
     */
    static void initThread() {
        THREAD_READY.get();
    }

    /**
     * Runs {@code op} with a pointer scope that frees every temporary it makes (scalars, optionals, lists)
     * and returns its result, which the caller owns. An engine error becomes a
     * {@link dev.graft.tensor.TensorOperationException} naming the operation and describing {@code input}
     * (a tensor, a shape, or a list of tensors).
     */
    static Tensor call(Supplier<Tensor> op, Object input) {
        return call(op, input, null);
    }

    /** Like {@link #call(Supplier, Object)}; an engine error describes both inputs. */
    static Tensor call(Supplier<Tensor> op, Object first, Object second) {
        initThread();
        try (PointerScope scope = new PointerScope()) {
            Tensor result = op.get();
            result.retainReference();
            scope.detach(result);
            return result;
        } catch (RuntimeException e) {
            throw NativeErrors.translate(e, first, second);
        }
    }

    /** Like {@link #call(Supplier, Object)} for an operation with several results. */
    static Tensor[] callMany(Supplier<Tensor[]> op, Object input) {
        initThread();
        try (PointerScope scope = new PointerScope()) {
            Tensor[] results = op.get();
            for (Tensor r : results) {
                r.retainReference();
                scope.detach(r);
            }
            return results;
        } catch (RuntimeException e) {
            throw NativeErrors.translate(e, input);
        }
    }

    /**
     * Runs {@code op}, whose results (if any) are not kept, such as an in-place update; an engine error
     * describes both inputs.
     */
    static void run(Runnable op, Object first, Object second) {
        initThread();
        try {
            op.run();
        } catch (RuntimeException e) {
            throw NativeErrors.translate(e, first, second);
        }
    }

    static torch.ScalarType scalarType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> torch.ScalarType.Float;
            case FLOAT64 -> torch.ScalarType.Double;
            case INT32 -> torch.ScalarType.Int;
            case INT64 -> torch.ScalarType.Long;
            case UINT8 -> torch.ScalarType.Byte;
            case BOOL -> torch.ScalarType.Bool;
        };
    }

    static DType dtype(torch.ScalarType type) {
        // JavaCPP hands back enum values by their native value on a shared constant; intern() finds the real one.
        return switch (type.intern()) {
            case Float -> DType.FLOAT32;
            case Double -> DType.FLOAT64;
            case Int -> DType.INT32;
            case Long -> DType.INT64;
            case Byte -> DType.UINT8;
            case Bool -> DType.BOOL;
            default -> throw new IllegalStateException("Unsupported libtorch dtype " + type);
        };
    }

    // ---- added for devices ----

    /** The libtorch device for {@code device}. */
    static org.bytedeco.pytorch.Device torchDevice(Device device) {
        return device.isCpu() ? new org.bytedeco.pytorch.Device(torch.DeviceType.CPU)
                : new org.bytedeco.pytorch.Device(torch.DeviceType.CUDA, (byte) device.index());
    }

    /** Graft's name for a libtorch device. */
    static Device device(org.bytedeco.pytorch.Device device) {
        if (device.is_cpu()) {
            return Device.CPU;
        }
        if (device.is_cuda()) {
            return Device.cuda(device.has_index() ? device.index() : 0);
        }
        throw new IllegalStateException("Graft knows the devices cpu and cuda, but a tensor lives on "
                + device.str().getString());
    }

    /** {@code t} on {@code device}: {@code t} itself (a new handle) when it is already there, else a copy. */
    static Tensor to(Tensor t, Device device) {
        return t.to(torchDevice(device), t.scalar_type().intern(), false, false, new MemoryFormatOptional());
    }
}
