package dev.graft.engine.torch;

import dev.graft.tensor.DType;
import dev.graft.tensor.Device;
import dev.graft.tensor.Engine;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.Dispatcher;
import org.bytedeco.pytorch.GenericList;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.OperatorHandle;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorType;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Type;
import org.bytedeco.openblas.global.openblas_nolapack;
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
        if (data.length > 0) { // an empty tensor has no data pointer
            t.handle().data_ptr_float().put(data);
        }
        return onDefaultDevice(t);
    }

    @Override
    public dev.graft.tensor.Tensor fromArray(double[] data, long[] shape) {
        checkSize(data.length, shape);
        TorchTensor t = empty(shape, DType.FLOAT64);
        if (data.length > 0) { // an empty tensor has no data pointer
            t.handle().data_ptr_double().put(data);
        }
        return onDefaultDevice(t);
    }

    @Override
    public dev.graft.tensor.Tensor fromArray(long[] data, long[] shape) {
        checkSize(data.length, shape);
        TorchTensor t = empty(shape, DType.INT64);
        if (data.length > 0) { // an empty tensor has no data pointer
            t.handle().data_ptr_long().put(data);
        }
        return onDefaultDevice(t);
    }

    private static TorchTensor empty(long[] shape, DType dtype) {
        long[] dims = shape.clone();
        return new TorchTensor(Natives.call(() -> torch.empty(dims, options(dtype), new MemoryFormatOptional()), dims));
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
        return new TorchTensor(Natives.call(() -> torch.full(shape.dims(), new Scalar(value),
                options(dtype).device(new DeviceOptional(Natives.torchDevice(defaultDevice())))), shape));
    }

    @Override
    public dev.graft.tensor.Tensor randomUniform(Shape shape, double min, double max, DType dtype,
                                                 SeedGenerator generator) {
        return onDefaultDevice(new TorchTensor(Natives.call(() -> torch.empty(shape.dims(), options(dtype),
                new MemoryFormatOptional()).uniform_(min, max,
                        new GeneratorOptional(TorchSeedGenerator.unwrap(generator))), shape)));
    }

    @Override
    public dev.graft.tensor.Tensor randomNormal(Shape shape, double mean, double stddev, DType dtype,
                                                SeedGenerator generator) {
        return onDefaultDevice(new TorchTensor(Natives.call(() -> torch.empty(shape.dims(), options(dtype),
                new MemoryFormatOptional()).normal_(mean, stddev,
                        new GeneratorOptional(TorchSeedGenerator.unwrap(generator))), shape)));
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
        }, tensors));
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
        }, target);
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
        Device device = defaultDevice();
        TorchTensor storage = new TorchTensor(Natives.call(() -> {
            Tensor copy;
            if (memoryOrder.length == 0) {
                copy = Natives.to(src.detach(), device).clone().contiguous();
            } else {
                // A dense copy in the requested order, seen through the inverse permutation: the shape is the
                // caller's, the strides are those of the order. Elementwise results follow these strides.
                long[] order = new long[memoryOrder.length];
                long[] inverse = new long[memoryOrder.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = memoryOrder[i];
                    inverse[memoryOrder[i]] = i;
                }
                try (Tensor ordered = Natives.to(src.detach(), device).permute(order).clone().contiguous()) {
                    copy = ordered.permute(inverse);
                }
            }
            copy.requires_grad_(requiresGrad);
            return copy;
        }, initial));
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
        // libtorch's BLAS (OpenBLAS) keeps a pool of its own, sized to the machine, whose idle threads spin
        // waiting for work. With several processes on few cores (data-parallel workers, each given its share)
        // those spinning threads take the cores from the others' compute: 4 workers on 2 cores ran 14x slower.
        openblas_nolapack.blas_set_num_threads(threads);
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
        }, tensors));
    }

    // ---- added for image decoding ----

    @Override
    public dev.graft.tensor.Tensor fromUint8(byte[] data, long[] shape) {
        checkSize(data.length, shape);
        TorchTensor t = empty(shape, DType.UINT8);
        if (data.length > 0) { // an empty tensor has no data pointer
            t.handle().data_ptr_byte().put(data);
        }
        return onDefaultDevice(t);
    }

    // ---- added for devices ----

    /**
     * {@code t}, made on the CPU, on the default device: {@code t} itself when that is the CPU, else a copy
     * there ({@code t} is then closed). Random values are drawn on the CPU, so a seed gives the same values on
     * every device.
     */
    private TorchTensor onDefaultDevice(TorchTensor t) {
        Device device;
        try {
            device = defaultDevice();
        } catch (RuntimeException e) {
            t.close(); // the configured device cannot be used: nothing is returned
            throw e;
        }
        if (device.isCpu()) {
            return t;
        }
        try (t) {
            return new TorchTensor(Natives.call(() -> Natives.to(t.handle(), device), t));
        }
    }

    @Override
    protected void checkAvailable(Device device) {
        requireAvailable(device);
    }

    /** See {@link #checkAvailable}. */
    static void requireAvailable(Device device) {
        if (device.isCpu()) {
            return;
        }
        Natives.initThread();
        int visible = torch.cuda_is_available() ? torch.cuda_device_count() : 0;
        if (visible == 0) {
            throw new IllegalStateException("Device " + device + " was requested (" + Device.ENVIRONMENT
                    + " / --device) but this engine build has no CUDA support or no GPU is visible: build with "
                    + "./mvnw -Pcuda install -DskipTests (see the README's GPU section) and run on a machine with an "
                    + "NVIDIA GPU");
        }
        if (device.index() >= visible) {
            throw new IllegalStateException("Device " + device + " was requested (" + Device.ENVIRONMENT
                    + " / --device) but only " + visible + " GPU" + (visible == 1 ? " is" : "s are")
                    + " visible (cuda:0 to cuda:" + (visible - 1) + "); choose one of those, or check "
                    + "CUDA_VISIBLE_DEVICES");
        }
    }

    // ---- added for optimizers ----

    @Override
    public void addInPlace(dev.graft.tensor.Tensor target, dev.graft.tensor.Tensor other, double alpha) {
        checkOperand("addInPlace", target, other);
        boolean integral = !target.dtype().isFloating();
        if (integral && alpha != Math.rint(alpha)) {
            throw new IllegalArgumentException("addInPlace on a " + target.dtype() + " target needs a whole alpha, "
                    + "received " + alpha);
        }
        Tensor t = TorchTensor.unwrap(target);
        Tensor o = TorchTensor.unwrap(other);
        // libtorch refuses a floating alpha for integer tensors.
        inPlace(() -> t.add_(o, integral ? new Scalar((long) alpha) : new Scalar(alpha)), target, other);
    }

    @Override
    public void scaleInPlace(dev.graft.tensor.Tensor target, double factor) {
        requireFloating("scaleInPlace", target);
        Tensor t = TorchTensor.unwrap(target);
        inPlace(() -> t.mul_(new Scalar(factor)), target, null);
    }

    @Override
    public void addProductInPlace(dev.graft.tensor.Tensor target, dev.graft.tensor.Tensor a,
                                  dev.graft.tensor.Tensor b, double value) {
        addPairInPlace("addProductInPlace", target, a, b, value, Tensor::addcmul_);
    }

    @Override
    public void addQuotientInPlace(dev.graft.tensor.Tensor target, dev.graft.tensor.Tensor a,
                                   dev.graft.tensor.Tensor b, double value) {
        addPairInPlace("addQuotientInPlace", target, a, b, value, Tensor::addcdiv_);
    }

    /** libtorch's in-place {@code target += value * (a op b)}, such as {@code addcmul_}. */
    private interface PairUpdate {
        Tensor apply(Tensor target, Tensor a, Tensor b, Scalar value);
    }

    private void addPairInPlace(String op, dev.graft.tensor.Tensor target, dev.graft.tensor.Tensor a,
                                dev.graft.tensor.Tensor b, double value, PairUpdate update) {
        requireFloating(op, target);
        checkOperand(op, target, a);
        checkOperand(op, target, b);
        Tensor t = TorchTensor.unwrap(target);
        Tensor ta = TorchTensor.unwrap(a);
        Tensor tb = TorchTensor.unwrap(b);
        inPlace(() -> update.apply(t, ta, tb, new Scalar(value)), target, List.of(a, b));
    }

    @Override
    public void sqrtInPlace(dev.graft.tensor.Tensor target) {
        requireFloating("sqrtInPlace", target);
        Tensor t = TorchTensor.unwrap(target);
        inPlace(t::sqrt_, target, null);
    }

    private static void requireFloating(String op, dev.graft.tensor.Tensor target) {
        if (!target.dtype().isFloating()) {
            throw new IllegalArgumentException(op + " needs a floating target, received " + target.dtype()
                    + " of shape " + target.shape());
        }
    }

    /** An in-place op must keep its target's dtype and shape: the operand matches the dtype and broadcasts. */
    private static void checkOperand(String op, dev.graft.tensor.Tensor target, dev.graft.tensor.Tensor operand) {
        if (operand.dtype() != target.dtype()) {
            throw new IllegalArgumentException(op + " needs an operand of the target's dtype " + target.dtype()
                    + ", received " + operand.dtype() + "; convert it with toType() first");
        }
        long[] t = target.shape().dims();
        long[] o = operand.shape().dims();
        boolean broadcasts = o.length <= t.length;
        for (int i = 1; broadcasts && i <= o.length; i++) {
            long d = o[o.length - i];
            broadcasts = d == 1 || d == t[t.length - i];
        }
        if (!broadcasts) {
            throw new IllegalArgumentException(op + " cannot write an operand of shape " + operand.shape()
                    + " into a target of shape " + target.shape() + "; the operand must broadcast to the target");
        }
    }

    /**
     * Runs an in-place libtorch op unrecorded (a variable's storage is a leaf that may require grad); an engine
     * error describes {@code target} and {@code operands}.
     */
    private static void inPlace(Runnable op, dev.graft.tensor.Tensor target, Object operands) {
        Natives.initThread();
        boolean previous = GradMode.is_enabled();
        GradMode.set_enabled(false);
        try (PointerScope scope = new PointerScope()) {
            Natives.run(op, target, operands);
        } finally {
            GradMode.set_enabled(previous);
        }
    }

    @Override
    public void adamUpdate(List<dev.graft.tensor.Tensor> variables, List<dev.graft.tensor.Tensor> gradients,
                           List<dev.graft.tensor.Tensor> momentums, List<dev.graft.tensor.Tensor> velocities,
                           List<dev.graft.tensor.Tensor> velocityMaxima, long step, double learningRate,
                           double beta1, double beta2, double epsilon) {
        int n = variables.size();
        boolean amsgrad = velocityMaxima != null;
        if (gradients.size() != n || momentums.size() != n || velocities.size() != n
                || (amsgrad && velocityMaxima.size() != n)) {
            throw new IllegalArgumentException("adamUpdate needs one gradient, momentum and velocity"
                    + (amsgrad ? " and velocity maximum" : "") + " per variable, received " + n + " variables, "
                    + gradients.size() + " gradients, " + momentums.size() + " momentums, " + velocities.size()
                    + " velocities" + (amsgrad ? ", " + velocityMaxima.size() + " maxima" : ""));
        }
        if (step < 1) {
            throw new IllegalArgumentException("adamUpdate needs a step number >= 1, received " + step);
        }
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            dev.graft.tensor.Tensor variable = variables.get(i);
            if (!variable.dtype().isFloating()) {
                throw new IllegalArgumentException("adamUpdate needs floating variables, variable " + i + " is "
                        + variable.dtype());
            }
            checkAdamState(i, "gradient", variable, gradients.get(i), false);
            checkAdamState(i, "momentum", variable, momentums.get(i), true);
            checkAdamState(i, "velocity", variable, velocities.get(i), true);
            if (amsgrad) {
                checkAdamState(i, "velocity maximum", variable, velocityMaxima.get(i), true);
            }
            if (!isDense(TorchTensor.unwrap(variable))) {
                throw new IllegalArgumentException("adamUpdate needs dense variable storage (one block, any axis "
                        + "order), variable " + i + " of shape " + variable.shape() + " is a strided view");
            }
        }
        // The kernel reads the step as a float32 tensor; use the same number here.
        double t = (float) step;
        // PyTorch's kernel adds its epsilon to sqrt(v) / sqrt(1 - beta2^t), Keras adds epsilon to sqrt(v):
        // dividing Keras' epsilon by sqrt(1 - beta2^t) makes the two updates the same number.
        double kernelEpsilon = epsilon / Math.sqrt(1 - Math.pow(beta2, t));
        Natives.initThread();
        boolean previous = GradMode.is_enabled();
        GradMode.set_enabled(false);
        try (PointerScope scope = new PointerScope()) {
            Tensor[] steps = new Tensor[n];
            // new_full puts the step on the variables' device; every variable shares it.
            Arrays.fill(steps, TorchTensor.unwrap(variables.get(0)).new_full(new long[0], new Scalar(t),
                    new TensorOptions(torch.ScalarType.Float)));
            Tensor[] grads = new Tensor[n];
            for (int i = 0; i < n; i++) {
                // The kernel walks every tensor of a variable in memory order, so the gradient must be laid out
                // as the variable is; one that is not (a row-major gradient of a kernel kept in the
                // convolution's layout, say) is copied into that layout.
                Tensor variable = TorchTensor.unwrap(variables.get(i));
                Tensor gradient = TorchTensor.unwrap(gradients.get(i));
                grads[i] = sameStrides(gradient, variable) ? gradient : torch.empty_like(variable).copy_(gradient);
            }
            // The schema: params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, lr, beta1, beta2,
            // weight_decay, eps, amsgrad, maximize, grad_scale, found_inf.
            IValueVector stack = new IValueVector(tensorList(variables), FusedAdam.list(grads),
                    tensorList(momentums), tensorList(velocities),
                    amsgrad ? tensorList(velocityMaxima) : FusedAdam.list(), FusedAdam.list(steps),
                    new IValue(learningRate), new IValue(beta1), new IValue(beta2), new IValue(0.0),
                    new IValue(kernelEpsilon), new IValue(amsgrad), new IValue(false), new IValue(), new IValue());
            FusedAdam.OPERATOR.callBoxed(stack);
        } catch (RuntimeException e) {
            throw NativeErrors.translate(e, variables);
        } finally {
            GradMode.set_enabled(previous);
        }
    }

    private static void checkAdamState(int index, String what, dev.graft.tensor.Tensor variable,
                                       dev.graft.tensor.Tensor state, boolean storage) {
        if (!state.shape().equals(variable.shape()) || state.dtype() != variable.dtype()) {
            throw new IllegalArgumentException("adamUpdate: the " + what + " of variable " + index + " is "
                    + state.shape() + " " + state.dtype() + " but the variable is " + variable.shape() + " "
                    + variable.dtype() + "; they must match");
        }
        if (storage && !sameStrides(TorchTensor.unwrap(state), TorchTensor.unwrap(variable))) {
            throw new IllegalArgumentException("adamUpdate needs state laid out as its variable, the " + what
                    + " of variable " + index + " is not (create it with the variable's memory order)");
        }
    }

    /** Whether {@code t} covers one block of memory without gaps or overlaps, its axes in any order. */
    private static boolean isDense(Tensor t) {
        int rank = (int) t.dim();
        long[][] sizeStride = new long[rank][];
        for (int d = 0; d < rank; d++) {
            sizeStride[d] = new long[] {t.size(d), t.stride(d)};
        }
        Arrays.sort(sizeStride, (a, b) -> Long.compare(a[1], b[1]));
        long expected = 1;
        for (long[] ss : sizeStride) {
            if (ss[0] != 1 && ss[1] != expected) {
                return false;
            }
            expected *= ss[0];
        }
        return true;
    }

    private static boolean sameStrides(Tensor a, Tensor b) {
        for (int d = 0; d < b.dim(); d++) {
            if (b.size(d) != 1 && a.stride(d) != b.stride(d)) {
                return false;
            }
        }
        return isDense(b);
    }

    private static IValue tensorList(List<dev.graft.tensor.Tensor> tensors) {
        Tensor[] handles = new Tensor[tensors.size()];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = TorchTensor.unwrap(tensors.get(i));
        }
        return FusedAdam.list(handles);
    }

    /** libtorch's fused Adam kernel ({@code aten::_fused_adam_}), called through the dispatcher. */
    private static final class FusedAdam {
        static final OperatorHandle OPERATOR;
        /** The element type of a {@code Tensor[]} argument. */
        static final Type.TypePtr TENSOR_TYPE;

        static {
            // Created in a scope of their own and kept out of it, so that no enclosing scope frees them.
            try (PointerScope scope = new PointerScope()) {
                OPERATOR = Dispatcher.singleton().findSchemaOrThrow("aten::_fused_adam_", "");
                TENSOR_TYPE = new Type.TypePtr(TensorType.get());
                OPERATOR.retainReference();
                TENSOR_TYPE.retainReference();
                scope.detach(OPERATOR);
                scope.detach(TENSOR_TYPE);
            }
        }

        private FusedAdam() {
        }

        /** A {@code Tensor[]} argument for a boxed call. */
        static IValue list(Tensor... tensors) {
            GenericList list = new GenericList(TENSOR_TYPE);
            list.reserve(tensors.length);
            for (Tensor t : tensors) {
                list.push_back(new IValue(t));
            }
            return new IValue(list);
        }
    }

    // ---- added for distributed training ----

    @Override
    public dev.graft.distributed.ProcessGroup joinProcessGroup(dev.graft.distributed.Rendezvous rendezvous,
            dev.graft.tensor.Device device) {
        checkAvailable(device);
        return TorchProcessGroup.join(rendezvous, device);
    }
}
