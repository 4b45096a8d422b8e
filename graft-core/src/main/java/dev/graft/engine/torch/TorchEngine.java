package dev.graft.engine.torch;

import dev.graft.tensor.DType;
import dev.graft.tensor.Engine;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** The libtorch engine, found through {@code META-INF/services/dev.graft.tensor.Engine}. */
public final class TorchEngine extends Engine {
    static {
        // Graft frees native memory itself (TensorScope, close()). JavaCPP's own guard would otherwise refuse
        // allocations once the process uses a few times -Xmx, which image models exceed with a small heap.
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        }
        // libtorch backs CPU tensors of 2 MiB and more with transparent huge pages when this is set before its
        // first allocation. Activations of image models are tens of MiB, allocated and freed every step; with
        // 4 KiB pages each one costs thousands of page faults. A value the user set in the environment wins.
        torch.set_env("THP_MEM_ALLOC_ENABLE", "1", false);
    }

    @Override
    public String name() {
        return "PyTorch (libtorch) via bytedeco";
    }

    @Override
    public dev.graft.tensor.Tensor fromArray(float[] data, long[] shape) {
        checkSize(data.length, shape);
        TorchTensor t = empty(shape, DType.FLOAT32);
        t.handle().data_ptr_float().put(data);
        return t;
    }

    @Override
    public dev.graft.tensor.Tensor fromArray(double[] data, long[] shape) {
        checkSize(data.length, shape);
        TorchTensor t = empty(shape, DType.FLOAT64);
        t.handle().data_ptr_double().put(data);
        return t;
    }

    @Override
    public dev.graft.tensor.Tensor fromArray(long[] data, long[] shape) {
        checkSize(data.length, shape);
        TorchTensor t = empty(shape, DType.INT64);
        t.handle().data_ptr_long().put(data);
        return t;
    }

    private static TorchTensor empty(long[] shape, DType dtype) {
        long[] dims = shape.clone();
        return new TorchTensor(Natives.call(() -> torch.empty(dims, options(dtype), new MemoryFormatOptional())));
    }

    private static void checkSize(int length, long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Tensor dimensions must be >= 0, received " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(shape) + " needs " + n
                    + " values, received " + length);
        }
    }

    private static TensorOptions options(DType dtype) {
        return new TensorOptions(Natives.scalarType(dtype));
    }

    @Override
    public dev.graft.tensor.Tensor full(Shape shape, double value, DType dtype) {
        return new TorchTensor(Natives.call(() -> torch.full(shape.dims(), new Scalar(value), options(dtype))));
    }

    @Override
    public dev.graft.tensor.Tensor randomUniform(Shape shape, double min, double max, DType dtype,
                                                 SeedGenerator generator) {
        return new TorchTensor(Natives.call(() -> torch.empty(shape.dims(), options(dtype), new MemoryFormatOptional())
                .uniform_(min, max, new GeneratorOptional(TorchSeedGenerator.unwrap(generator)))));
    }

    @Override
    public dev.graft.tensor.Tensor randomNormal(Shape shape, double mean, double stddev, DType dtype,
                                                SeedGenerator generator) {
        return new TorchTensor(Natives.call(() -> torch.empty(shape.dims(), options(dtype), new MemoryFormatOptional())
                .normal_(mean, stddev, new GeneratorOptional(TorchSeedGenerator.unwrap(generator)))));
    }

    @Override
    public dev.graft.tensor.Tensor concat(List<dev.graft.tensor.Tensor> tensors, int axis) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        int a = tensors.get(0).shape().normalizeAxis(axis);
        return new TorchTensor(Natives.call(() -> {
            TensorVector v = new TensorVector();
            for (dev.graft.tensor.Tensor t : tensors) {
                v.push_back(TorchTensor.unwrap(t));
            }
            return torch.cat(v, a);
        }));
    }

    @Override
    public SeedGenerator seedGenerator(long seed) {
        return new TorchSeedGenerator(seed);
    }

    @Override
    public List<dev.graft.tensor.Tensor> gradient(dev.graft.tensor.Tensor target,
                                                  List<dev.graft.tensor.Tensor> sources, boolean retainGraph) {
        Natives.initThread();
        Tensor out = TorchTensor.unwrap(target);
        List<Integer> asked = new ArrayList<>();
        List<dev.graft.tensor.Tensor> result = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            dev.graft.tensor.Tensor s = sources.get(i);
            result.add(null);
            if (s != null && TorchTensor.unwrap(s).requires_grad()) {
                asked.add(i);
            }
        }
        if (asked.isEmpty()) {
            // No source records gradients (all frozen or absent): each gradient is null, as in Keras, even
            // though the target then carries no graph.
            return result;
        }
        if (!out.requires_grad()) {
            throw new IllegalStateException("The target was not computed inside a GradientTape from trainable "
                    + "variables, so it has no gradient; compute it inside the tape's block");
        }
        Tensor[] grads = Natives.callMany(() -> {
            TensorVector inputs = new TensorVector();
            for (int i : asked) {
                inputs.push_back(TorchTensor.unwrap(sources.get(i)));
            }
            TensorVector g = torch.grad(new TensorVector(out), inputs, new TensorVector(),
                    new BoolOptional(retainGraph), false, true);
            Tensor[] arr = new Tensor[asked.size()];
            for (int k = 0; k < arr.length; k++) {
                // The vector holds the results; copy each handle out before the vector is freed.
                Tensor gk = g.get(k);
                arr[k] = gk.defined() ? gk.detach() : new Tensor();
            }
            return arr;
        });
        for (int k = 0; k < grads.length; k++) {
            if (grads[k].defined()) {
                result.set(asked.get(k), new TorchTensor(grads[k]));
            } else {
                grads[k].close();
            }
        }
        return result;
    }

    @Override
    public boolean setGradEnabled(boolean enabled) {
        Natives.initThread();
        boolean previous = GradMode.is_enabled();
        GradMode.set_enabled(enabled);
        return previous;
    }

    @Override
    public dev.graft.tensor.Tensor newVariableStorage(dev.graft.tensor.Tensor initial, boolean requiresGrad,
                                                      int[] memoryOrder) {
        Tensor src = TorchTensor.unwrap(initial);
        TorchTensor storage = new TorchTensor(Natives.call(() -> {
            Tensor copy;
            if (memoryOrder.length == 0) {
                copy = src.detach().clone().contiguous();
            } else {
                // A dense copy in the requested order, seen through the inverse permutation: the shape is the
                // caller's, the strides are those of the order. Elementwise results follow these strides.
                long[] order = new long[memoryOrder.length];
                long[] inverse = new long[memoryOrder.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = memoryOrder[i];
                    inverse[memoryOrder[i]] = i;
                }
                try (Tensor ordered = src.detach().permute(order).clone().contiguous()) {
                    copy = ordered.permute(inverse);
                }
            }
            copy.requires_grad_(requiresGrad);
            return copy;
        }));
        return TensorScope.detach(storage);
    }

    @Override
    public void setRequiresGrad(dev.graft.tensor.Tensor storage, boolean requiresGrad) {
        Natives.initThread();
        TorchTensor.unwrap(storage).requires_grad_(requiresGrad);
    }

    @Override
    public int numThreads() {
        Natives.initThread();
        return torch.get_num_threads();
    }

    @Override
    public void setNumThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("The number of threads must be >= 1, received " + threads);
        }
        Natives.initThread();
        torch.set_num_threads(threads);
    }

    // ---- added for the Dataset pipeline ----

    @Override
    public dev.graft.tensor.Tensor stack(List<dev.graft.tensor.Tensor> tensors, int axis) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack needs at least one tensor, received an empty list");
        }
        dev.graft.tensor.Tensor first = tensors.get(0);
        for (int i = 1; i < tensors.size(); i++) {
            dev.graft.tensor.Tensor t = tensors.get(i);
            if (!t.shape().equals(first.shape()) || t.dtype() != first.dtype()) {
                throw new IllegalArgumentException("stack needs tensors of one shape and dtype: tensor 0 is "
                        + first.shape() + " " + first.dtype() + " but tensor " + i + " is " + t.shape() + " "
                        + t.dtype());
            }
        }
        int rank = first.rank() + 1;
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException("stack axis " + axis + " is out of range for a result of rank "
                    + rank + " (tensors of shape " + first.shape() + "); use an axis in [" + -rank + ", "
                    + (rank - 1) + "]");
        }
        long a = axis < 0 ? axis + rank : axis;
        return new TorchTensor(Natives.call(() -> {
            TensorVector v = new TensorVector();
            for (dev.graft.tensor.Tensor t : tensors) {
                v.push_back(TorchTensor.unwrap(t));
            }
            return torch.stack(v, a);
        }));
    }

    // ---- added for image decoding ----

    @Override
    public dev.graft.tensor.Tensor fromUint8(byte[] data, long[] shape) {
        checkSize(data.length, shape);
        TorchTensor t = empty(shape, DType.UINT8);
        t.handle().data_ptr_byte().put(data);
        return t;
    }
}
