package dev.graft.engine.torch;

import dev.graft.tensor.DType;
import dev.graft.tensor.FillMode;
import dev.graft.tensor.Interpolation;
import dev.graft.tensor.Padding2D;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.TensorScope;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.InterpolateFuncOptions;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.T_TensorTensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.kBilinear;
import org.bytedeco.pytorch.kNearestExact;

/**
 * A {@link dev.graft.tensor.Tensor} backed by a libtorch tensor. Images stay
 * {@code [batch, height, width, channels]} in memory; for convolutions, pooling and batch normalization
 * they are handed to libtorch as NCHW views with channels_last strides, which costs no copy and selects
 * libtorch's fast channels_last kernels.
 */
final class TorchTensor implements dev.graft.tensor.Tensor {
    private static final long[] NHWC_TO_NCHW = {0, 3, 1, 2};
    private static final long[] NCHW_TO_NHWC = {0, 2, 3, 1};

    private final Tensor handle;
    private final Shape shape;
    private final DType dtype;

    TorchTensor(Tensor handle) {
        this.handle = handle;
        long[] dims = new long[(int) handle.dim()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = handle.size(i);
        }
        this.shape = Shape.of(dims);
        this.dtype = Natives.dtype(handle.scalar_type());
        TensorScope.track(this);
    }

    /** The libtorch tensor behind {@code t}, which must be an open tensor of this engine. */
    static Tensor unwrap(dev.graft.tensor.Tensor t) {
        if (!(t instanceof TorchTensor tt)) {
            throw new IllegalArgumentException("Expected a tensor of the libtorch engine, received "
                    + (t == null ? "null" : t.getClass().getName()));
        }
        if (tt.handle.isNull()) {
            throw new IllegalStateException("Tensor of shape " + tt.shape + " was already closed "
                    + "(by its TensorScope or by close()); keep it with scope.keep(tensor) to use it later");
        }
        return tt.handle;
    }

    /** Runs {@code f} on this tensor; an engine error names the operation and this tensor's shape. */
    private TorchTensor op(Supplier<Tensor> f) {
        return new TorchTensor(Natives.call(f, this));
    }

    /** Like {@link #op(Supplier)}; an engine error also describes {@code other} (a tensor or a list of them). */
    private TorchTensor op(Object other, Supplier<Tensor> f) {
        return new TorchTensor(Natives.call(f, this, other));
    }

    private Tensor h() {
        return unwrap(this);
    }

    // ---- properties -----------------------------------------------------------------------------

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public dev.graft.tensor.Device device() {
        Natives.initThread();
        return Natives.device(h().device());
    }

    // ---- reading values -------------------------------------------------------------------------

    @Override
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(shape.size())];
        if (out.length == 0) {
            h(); // a closed tensor still reports that; an empty one has no data pointer to read
            return out;
        }
        try (TorchTensor c = op(() -> h().detach().to(torch.ScalarType.Float).cpu().contiguous())) {
            c.handle.data_ptr_float().get(out);
        }
        return out;
    }

    @Override
    public double[] toDoubleArray() {
        double[] out = new double[Math.toIntExact(shape.size())];
        if (out.length == 0) {
            h(); // a closed tensor still reports that; an empty one has no data pointer to read
            return out;
        }
        try (TorchTensor c = op(() -> h().detach().to(torch.ScalarType.Double).cpu().contiguous())) {
            c.handle.data_ptr_double().get(out);
        }
        return out;
    }

    @Override
    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(shape.size())];
        if (out.length == 0) {
            h(); // a closed tensor still reports that; an empty one has no data pointer to read
            return out;
        }
        try (TorchTensor c = op(() -> h().detach().to(torch.ScalarType.Long).cpu().contiguous())) {
            c.handle.data_ptr_long().get(out);
        }
        return out;
    }

    @Override
    public double item() {
        Tensor t = h(); // a closed tensor reports that first
        if (shape.size() != 1) {
            throw new IllegalStateException("item() needs a tensor with one element, this one has shape " + shape);
        }
        Natives.initThread();
        try {
            return t.item_double();
        } catch (RuntimeException e) {
            throw NativeErrors.translate(e, this);
        }
    }

    @Override
    public dev.graft.tensor.Tensor toType(DType type) {
        // copy=true: libtorch's to() returns the tensor itself when the type already matches, and the
        // contract promises a copy (writing into the result must not change this tensor).
        return op(() -> h().to(Natives.scalarType(type), false, true, new MemoryFormatOptional()));
    }

    // ---- elementwise ----------------------------------------------------------------------------

    @Override
    public dev.graft.tensor.Tensor add(dev.graft.tensor.Tensor other) {
        return op(other, () -> h().add(unwrap(other)));
    }

    @Override
    public dev.graft.tensor.Tensor add(double value) {
        return op(() -> h().add(new Scalar(value)));
    }

    @Override
    public dev.graft.tensor.Tensor sub(dev.graft.tensor.Tensor other) {
        return op(other, () -> h().sub(unwrap(other)));
    }

    @Override
    public dev.graft.tensor.Tensor sub(double value) {
        return op(() -> h().sub(new Scalar(value)));
    }

    @Override
    public dev.graft.tensor.Tensor mul(dev.graft.tensor.Tensor other) {
        return op(other, () -> h().mul(unwrap(other)));
    }

    @Override
    public dev.graft.tensor.Tensor mul(double value) {
        return op(() -> h().mul(new Scalar(value)));
    }

    @Override
    public dev.graft.tensor.Tensor div(dev.graft.tensor.Tensor other) {
        return op(other, () -> h().div(unwrap(other)));
    }

    @Override
    public dev.graft.tensor.Tensor div(double value) {
        return op(() -> h().div(new Scalar(value)));
    }

    @Override
    public dev.graft.tensor.Tensor neg() {
        return op(() -> h().neg());
    }

    @Override
    public dev.graft.tensor.Tensor exp() {
        return op(() -> h().exp());
    }

    @Override
    public dev.graft.tensor.Tensor log() {
        return op(() -> h().log());
    }

    @Override
    public dev.graft.tensor.Tensor log1p() {
        return op(() -> h().log1p());
    }

    @Override
    public dev.graft.tensor.Tensor sqrt() {
        return op(() -> h().sqrt());
    }

    @Override
    public dev.graft.tensor.Tensor square() {
        return op(() -> h().square());
    }

    @Override
    public dev.graft.tensor.Tensor abs() {
        return op(() -> h().abs());
    }

    @Override
    public dev.graft.tensor.Tensor pow(double exponent) {
        return op(() -> h().pow(new Scalar(exponent)));
    }

    @Override
    public dev.graft.tensor.Tensor maximum(dev.graft.tensor.Tensor other) {
        return op(other, () -> h().maximum(unwrap(other)));
    }

    @Override
    public dev.graft.tensor.Tensor minimum(dev.graft.tensor.Tensor other) {
        return op(other, () -> h().minimum(unwrap(other)));
    }

    @Override
    public dev.graft.tensor.Tensor clip(double min, double max) {
        return op(() -> h().clamp(new ScalarOptional(new Scalar(min)), new ScalarOptional(new Scalar(max))));
    }

    @Override
    public dev.graft.tensor.Tensor sign() {
        return op(() -> h().sign());
    }

    @Override
    public dev.graft.tensor.Tensor relu() {
        return op(() -> h().relu());
    }

    @Override
    public dev.graft.tensor.Tensor relu6() {
        return op(() -> torch.hardtanh(h(), new Scalar(0.0), new Scalar(6.0)));
    }

    @Override
    public dev.graft.tensor.Tensor sigmoid() {
        return op(() -> h().sigmoid());
    }

    @Override
    public dev.graft.tensor.Tensor tanh() {
        return op(() -> h().tanh());
    }

    @Override
    public dev.graft.tensor.Tensor softmax(int axis) {
        return op(() -> h().softmax(shape.normalizeAxis(axis)));
    }

    @Override
    public dev.graft.tensor.Tensor logSoftmax(int axis) {
        return op(() -> h().log_softmax(shape.normalizeAxis(axis)));
    }

    @Override
    public dev.graft.tensor.Tensor greaterThan(double value) {
        return op(() -> h().gt(new Scalar(value)));
    }

    @Override
    public dev.graft.tensor.Tensor greaterThan(dev.graft.tensor.Tensor other) {
        return op(other, () -> h().gt(unwrap(other)));
    }

    @Override
    public dev.graft.tensor.Tensor equal(dev.graft.tensor.Tensor other) {
        return op(other, () -> h().eq(unwrap(other)));
    }

    @Override
    public dev.graft.tensor.Tensor where(dev.graft.tensor.Tensor ifTrue, dev.graft.tensor.Tensor ifFalse) {
        return op(List.of(ifTrue, ifFalse), () -> torch.where(h(), unwrap(ifTrue), unwrap(ifFalse)));
    }

    // ---- reductions -----------------------------------------------------------------------------

    @Override
    public dev.graft.tensor.Tensor sum() {
        return op(() -> h().sum());
    }

    @Override
    public dev.graft.tensor.Tensor sum(int[] axes, boolean keepDims) {
        return op(() -> h().sum(dims(axes), keepDims, new ScalarTypeOptional()));
    }

    @Override
    public dev.graft.tensor.Tensor mean() {
        return op(() -> h().mean());
    }

    @Override
    public dev.graft.tensor.Tensor mean(int[] axes, boolean keepDims) {
        return op(() -> h().mean(dims(axes), keepDims, new ScalarTypeOptional()));
    }

    @Override
    public dev.graft.tensor.Tensor max(int[] axes, boolean keepDims) {
        return op(() -> h().amax(dims(axes), keepDims));
    }

    @Override
    public dev.graft.tensor.Tensor min(int[] axes, boolean keepDims) {
        return op(() -> h().amin(dims(axes), keepDims));
    }

    @Override
    public dev.graft.tensor.Tensor argmax(int axis) {
        return op(() -> h().argmax(new LongOptional(shape.normalizeAxis(axis)), false));
    }

    private long[] dims(int[] axes) {
        long[] d = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            d[i] = shape.normalizeAxis(axes[i]);
        }
        return d;
    }

    // ---- shape ----------------------------------------------------------------------------------

    @Override
    public dev.graft.tensor.Tensor reshape(long... newShape) {
        return op(() -> h().reshape(newShape));
    }

    @Override
    public dev.graft.tensor.Tensor transpose(int... permutation) {
        if (permutation.length != shape.rank()) {
            throw new IllegalArgumentException("transpose needs one axis per dimension of " + shape
                    + ", received " + Arrays.toString(permutation));
        }
        return op(() -> h().permute(dims(permutation)));
    }

    @Override
    public dev.graft.tensor.Tensor take(dev.graft.tensor.Tensor indices, int axis) {
        if (indices.rank() != 1 || indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException("take() needs an int64 vector of indices, received "
                    + indices.dtype() + " of shape " + indices.shape());
        }
        int a = shape.normalizeAxis(axis);
        return op(indices, () -> h().index_select(a, unwrap(indices)));
    }

    @Override
    public dev.graft.tensor.Tensor oneHot(int depth, DType type) {
        if (!dtype.isInteger()) {
            throw new IllegalArgumentException("oneHot() needs integer class indices, received " + dtype
                    + " of shape " + shape);
        }
        if (depth <= 0) {
            throw new IllegalArgumentException("oneHot() needs a positive depth, received " + depth);
        }
        if (size() > 0) {
            long lo;
            long hi;
            try (TorchTensor min = op(() -> h().min()); TorchTensor max = op(() -> h().max())) {
                lo = (long) min.item();
                hi = (long) max.item();
            }
            if (lo < 0 || hi >= depth) {
                throw new IllegalArgumentException("Class indices must lie in [0, " + depth + "), received values in ["
                        + lo + ", " + hi + "] (shape " + shape + ")");
            }
        }
        return op(() -> torch.one_hot(h().to(torch.ScalarType.Long), depth).to(Natives.scalarType(type)));
    }

    @Override
    public dev.graft.tensor.Tensor slice(int axis, long start, long end) {
        int a = shape.normalizeAxis(axis);
        if (start < 0 || end > shape.get(a) || start > end) {
            throw new IndexOutOfBoundsException("Slice [" + start + ", " + end + ") is out of range for axis "
                    + axis + " of shape " + shape);
        }
        return op(() -> h().narrow(a, start, end - start));
    }

    @Override
    public dev.graft.tensor.Tensor pad(long[][] paddings, double value) {
        if (paddings.length != shape.rank()) {
            throw new IllegalArgumentException("pad needs one (before, after) pair per dimension of " + shape
                    + ", received " + paddings.length);
        }
        // libtorch lists pads from the last dimension backwards.
        long[] pads = new long[2 * paddings.length];
        for (int i = 0; i < paddings.length; i++) {
            int from = paddings.length - 1 - i;
            pads[2 * i] = paddings[from][0];
            pads[2 * i + 1] = paddings[from][1];
        }
        return op(() -> torch.constant_pad_nd(h(), pads, new Scalar(value)));
    }

    @Override
    public dev.graft.tensor.Tensor expandDims(int axis) {
        int a = axis < 0 ? axis + shape.rank() + 1 : axis;
        return op(() -> h().unsqueeze(a));
    }

    // ---- neural-network ops ---------------------------------------------------------------------

    @Override
    public dev.graft.tensor.Tensor matmul(dev.graft.tensor.Tensor other) {
        return op(other, () -> h().matmul(unwrap(other)));
    }

    @Override
    public dev.graft.tensor.Tensor conv2d(dev.graft.tensor.Tensor kernel, dev.graft.tensor.Tensor bias,
                                          int[] strides, Padding2D padding, int[] dilation, int groups) {
        requireRank(4, "conv2d input");
        if (kernel.rank() != 4) {
            throw new IllegalArgumentException("conv2d needs a [kh, kw, in, out] kernel, received " + kernel.shape());
        }
        return op(kernel, () -> {
            Tensor x = spatialPad(h().permute(NHWC_TO_NCHW), padding, 0.0);
            long[] symmetric = padding.isSymmetric() ? new long[] {padding.top(), padding.left()} : new long[2];
            Tensor w = unwrap(kernel).permute(3, 2, 0, 1);
            TensorOptional b = bias == null ? new TensorOptional() : new TensorOptional(unwrap(bias));
            return torch.conv2d(x, w, b, longs(strides), symmetric, longs(dilation), groups).permute(NCHW_TO_NHWC);
        });
    }

    @Override
    public dev.graft.tensor.Tensor maxPool2d(int[] poolSize, int[] strides, Padding2D padding) {
        requireRank(4, "maxPool2d input");
        long[] k = longs(poolSize);
        long[] s = longs(strides);
        return op(() -> {
            Tensor x = h().permute(NHWC_TO_NCHW);
            long[] p = {padding.top(), padding.left()};
            boolean withinWindow = 2 * p[0] <= k[0] && 2 * p[1] <= k[1];
            // libtorch pads implicitly (no copy) when its windows are TensorFlow's: symmetric padding, or one
            // extra row and column at the end, which is ceil_mode's last window.
            if (withinWindow && padding.isSymmetric()) {
                return torch.max_pool2d(x, k, s, p, new long[] {1, 1}, false).permute(NCHW_TO_NHWC);
            }
            if (withinWindow && padding.bottom() == p[0] + 1 && padding.right() == p[1] + 1
                    && ceilModeKeepsSize(shape.get(1), k[0], s[0], p[0])
                    && ceilModeKeepsSize(shape.get(2), k[1], s[1], p[1])) {
                return torch.max_pool2d(x, k, s, p, new long[] {1, 1}, true).permute(NCHW_TO_NHWC);
            }
            return torch.max_pool2d(spatialPad(x, padding, Double.NEGATIVE_INFINITY), k, s, new long[2],
                    new long[] {1, 1}, false).permute(NCHW_TO_NHWC);
        });
    }

    @Override
    public dev.graft.tensor.Tensor avgPool2d(int[] poolSize, int[] strides, Padding2D padding) {
        requireRank(4, "avgPool2d input");
        return op(() -> {
            Tensor x = h().permute(NHWC_TO_NCHW);
            long[] k = longs(poolSize);
            long[] s = longs(strides);
            if (padding.isSymmetric()) {
                long[] p = {padding.top(), padding.left()};
                return torch.avg_pool2d(x, k, s, p, false, false, new LongOptional()).permute(NCHW_TO_NHWC);
            }
            // Asymmetric (TensorFlow "same") padding: divide the window sums by the count of real pixels.
            Tensor sums = torch.avg_pool2d(spatialPad(x, padding, 0.0), k, s, new long[2], false, true,
                    new LongOptional());
            // Ones like one channel of one image: same dtype and device as the input.
            Tensor ones = torch.ones_like(x.narrow(0, 0, 1).narrow(1, 0, 1).detach());
            Tensor counts = torch.avg_pool2d(spatialPad(ones, padding, 0.0), k, s, new long[2], false, true,
                    new LongOptional());
            return sums.div(counts).permute(NCHW_TO_NHWC);
        });
    }

    @Override
    public dev.graft.tensor.Tensor batchNorm(dev.graft.tensor.Tensor mean, dev.graft.tensor.Tensor variance,
                                             dev.graft.tensor.Tensor gamma, dev.graft.tensor.Tensor beta,
                                             double epsilon) {
        if (unwrap(mean).requires_grad() || unwrap(variance).requires_grad()) {
            // libtorch's fused batch_norm has no derivative for the running statistics and refuses statistics
            // that require a gradient; the same formula in elementwise ops (channels are the last axis, so the
            // [channels] vectors broadcast) differentiates with respect to all five inputs.
            return op(mean, () -> {
                Tensor scale = unwrap(variance).add(new Scalar(epsilon)).rsqrt();
                if (gamma != null) {
                    scale = scale.mul(unwrap(gamma));
                }
                Tensor y = h().sub(unwrap(mean)).mul(scale);
                return beta == null ? y : y.add(unwrap(beta));
            });
        }
        return op(mean, () -> {
            Tensor y = torch.batch_norm(channelsFirst(), optional(gamma), optional(beta), optional(mean),
                    optional(variance), false, 0.0, epsilon, true);
            return channelsLast(y);
        });
    }

    @Override
    public List<dev.graft.tensor.Tensor> batchNormTraining(dev.graft.tensor.Tensor gamma,
                                                           dev.graft.tensor.Tensor beta, double epsilon) {
        Tensor[] r = Natives.callMany(() -> {
            T_TensorTensorTensor_T out = torch.native_batch_norm(channelsFirst(), optional(gamma), optional(beta),
                    new TensorOptional(), new TensorOptional(), true, 0.0, epsilon);
            Tensor invStd = out.get2().detach().to(torch.ScalarType.Double);
            // libtorch returns 1 / sqrt(var + eps); recover the biased variance in float64.
            Tensor variance = invStd.pow(new Scalar(-2.0)).sub(new Scalar(epsilon)).to(h().scalar_type().intern());
            return new Tensor[] {channelsLast(out.get0()), out.get1().detach(), variance};
        }, this);
        return List.of(new TorchTensor(r[0]), new TorchTensor(r[1]), new TorchTensor(r[2]));
    }

    @Override
    public dev.graft.tensor.Tensor dropout(double rate, SeedGenerator generator) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("Dropout rate must be in [0, 1), received " + rate);
        }
        return op(() -> {
            Tensor mask = torch.empty_like(h()).bernoulli_(1.0 - rate,
                    new GeneratorOptional(TorchSeedGenerator.unwrap(generator, h().device())));
            return h().mul(mask).div(new Scalar(1.0 - rate));
        });
    }

    /** Moves the channel axis (last) to position 1, as libtorch's normalization expects. */
    private Tensor channelsFirst() {
        int r = shape.rank();
        if (r < 2) {
            throw new IllegalArgumentException("Batch normalization needs a batch and a channel axis, received "
                    + shape);
        }
        long[] perm = new long[r];
        perm[1] = r - 1;
        for (int i = 2; i < r; i++) {
            perm[i] = i - 1;
        }
        return h().permute(perm);
    }

    private static Tensor channelsLast(Tensor channelsFirst) {
        int r = (int) channelsFirst.dim();
        long[] perm = new long[r];
        for (int i = 1; i < r - 1; i++) {
            perm[i] = i + 1;
        }
        perm[r - 1] = 1;
        return channelsFirst.permute(perm);
    }

    private static TensorOptional optional(dev.graft.tensor.Tensor t) {
        return t == null ? new TensorOptional() : new TensorOptional(unwrap(t));
    }

    /**
     * Whether libtorch's ceil_mode pooling over {@code size} pixels with {@code pad} on both sides gives as many
     * windows as explicit padding {@code pad} before and {@code pad + 1} after.
     */
    private static boolean ceilModeKeepsSize(long size, long kernel, long stride, long pad) {
        long padded = (size + 2 * pad + 1 - kernel) / stride + 1;
        long ceil = Math.floorDiv(size + 2 * pad - kernel + stride - 1, stride) + 1;
        if ((ceil - 1) * stride >= size + pad) {
            ceil--; // libtorch drops a last window that would start in the padding
        }
        return ceil == padded;
    }

    private static Tensor spatialPad(Tensor nchw, Padding2D p, double value) {
        if (p.isZero() || (p.isSymmetric() && value == 0.0)) {
            return nchw;
        }
        return torch.constant_pad_nd(nchw, new long[] {p.left(), p.right(), p.top(), p.bottom()}, new Scalar(value));
    }

    private static long[] longs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }

    private void requireRank(int rank, String what) {
        if (shape.rank() != rank) {
            throw new IllegalArgumentException(what + " must have rank " + rank
                    + " ([batch, height, width, channels]), received shape " + shape);
        }
    }

    // ---- autograd and memory --------------------------------------------------------------------

    @Override
    public dev.graft.tensor.Tensor detach() {
        return op(() -> h().detach());
    }

    @Override
    public void assign(dev.graft.tensor.Tensor source) {
        if (!source.shape().equals(shape)) {
            throw new IllegalArgumentException("Cannot assign shape " + source.shape() + " to a tensor of shape "
                    + shape);
        }
        Natives.initThread();
        boolean previous = GradMode.is_enabled();
        GradMode.set_enabled(false);
        try {
            Natives.run(() -> h().copy_(unwrap(source)), this, source);
        } finally {
            GradMode.set_enabled(previous);
        }
    }

    @Override
    public boolean isClosed() {
        return handle.isNull();
    }

    @Override
    public void close() {
        if (!handle.isNull()) {
            handle.close();
        }
    }

    Tensor handle() {
        return handle;
    }

    @Override
    public String toString() {
        if (isClosed()) {
            return "Tensor(closed, shape=" + shape + ", dtype=" + dtype + ")";
        }
        String values = shape.size() <= 8 ? ", values=" + Arrays.toString(toDoubleArray()) : "";
        return "Tensor(shape=" + shape + ", dtype=" + dtype + values + ")";
    }

    // ---- added for augmentation layers ----

    @Override
    public dev.graft.tensor.Tensor flip(int... axes) {
        return op(() -> h().flip(dims(axes)));
    }

    @Override
    public dev.graft.tensor.Tensor affineTransform(dev.graft.tensor.Tensor transforms, Interpolation interpolation,
                                                   FillMode fillMode, double fillValue) {
        requireFloatingImages("affineTransform");
        long batch = shape.get(0);
        if (transforms.rank() != 2 || transforms.shape().get(0) != batch || transforms.shape().get(1) != 8
                || !transforms.dtype().isFloating()) {
            throw new IllegalArgumentException("affineTransform needs floating transforms of shape [" + batch
                    + ", 8] (one [a0, a1, a2, b0, b1, b2, c0, c1] row per image of " + shape + "), received "
                    + transforms.dtype() + " of shape " + transforms.shape());
        }
        long height = shape.get(1);
        long width = shape.get(2);
        return op(transforms, () -> {
            TensorOptions options = new TensorOptions(Natives.scalarType(dtype))
                    .device(new DeviceOptional(h().device()));
            Tensor t = unwrap(transforms).detach().to(Natives.scalarType(dtype));
            Tensor x = torch.arange(new Scalar(width), options).view(1, 1, width);
            Tensor y = torch.arange(new Scalar(height), options).view(1, height, 1);
            Tensor[] c = new Tensor[8];
            for (int i = 0; i < 8; i++) {
                c[i] = t.select(1, i).view(batch, 1, 1);
            }
            Tensor k = c[6].mul(x).add(c[7].mul(y)).add(new Scalar(1.0));
            Tensor xIn = c[0].mul(x).add(c[1].mul(y)).add(c[2]).div(k);
            Tensor yIn = c[3].mul(x).add(c[4].mul(y)).add(c[5]).div(k);
            if (interpolation == Interpolation.NEAREST) {
                // Rounding first makes every fill mode act on whole pixels, as the extension is defined.
                xIn = xIn.round();
                yIn = yIn.round();
            }
            Tensor image = h().permute(NHWC_TO_NCHW);
            long mode = interpolation == Interpolation.BILINEAR ? 0 : 1;
            Tensor out = switch (fillMode) {
                // libtorch's reflection about the outer pixel edges, then clamping, equals bilinear
                // interpolation of the input mirrored as (d c b a | a b c d | d c b a).
                case REFLECT -> sample(image, xIn, yIn, mode, GRID_REFLECTION);
                case NEAREST -> sample(image, xIn, yIn, mode, GRID_BORDER);
                // Zero padding of (image - k), plus k, weighs the fill value in as if it were pixels.
                case CONSTANT -> sample(image.sub(new Scalar(fillValue)), xIn, yIn, mode, GRID_ZEROS)
                        .add(new Scalar(fillValue));
                // Points are brought into [0, size); a copy of the first row and column after the last lets
                // bilinear interpolation cross the seam between the last pixel and the first.
                case WRAP -> {
                    Tensor rows = torch.cat(new TensorVector(image, image.narrow(2, 0, 1)), 2);
                    Tensor wrapped = torch.cat(new TensorVector(rows, rows.narrow(3, 0, 1)), 3);
                    yield sample(wrapped, xIn.remainder(new Scalar(width)), yIn.remainder(new Scalar(height)),
                            mode, GRID_BORDER);
                }
            };
            return out.permute(NCHW_TO_NHWC);
        });
    }

    private static final long GRID_ZEROS = 0;
    private static final long GRID_BORDER = 1;
    private static final long GRID_REFLECTION = 2;

    /** grid_sample of an NCHW image at pixel coordinates {@code x}, {@code y} ({@code [batch, h, w]}). */
    private static Tensor sample(Tensor nchw, Tensor x, Tensor y, long mode, long padding) {
        // With align_corners=false libtorch puts the center of pixel i at (2i + 1) / size - 1.
        Tensor gx = x.mul(new Scalar(2.0)).add(new Scalar(1.0)).div(new Scalar((double) nchw.size(3)))
                .sub(new Scalar(1.0));
        Tensor gy = y.mul(new Scalar(2.0)).add(new Scalar(1.0)).div(new Scalar((double) nchw.size(2)))
                .sub(new Scalar(1.0));
        Tensor grid = torch.stack(new TensorVector(gx, gy), 3);
        return torch.grid_sampler_2d(nchw, grid, mode, padding, false);
    }

    private void requireFloatingImages(String what) {
        requireRank(4, what + " input");
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(what + " needs floating images, received " + dtype + " of shape "
                    + shape + "; convert them with toType(DType.FLOAT32) first");
        }
    }

    // ---- added for image resizing ----

    @Override
    public dev.graft.tensor.Tensor resizeImages(long height, long width, Interpolation interpolation) {
        int rank = shape.rank();
        if (rank != 3 && rank != 4) {
            throw new IllegalArgumentException("resizeImages needs [batch, height, width, channels] or "
                    + "[height, width, channels] images, received shape " + shape);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("resizeImages needs a positive target size, received " + height
                    + " x " + width + " for images of shape " + shape);
        }
        if (shape.get(rank - 3) == 0 || shape.get(rank - 2) == 0) {
            throw new IllegalArgumentException("Cannot resize images of shape " + shape
                    + ": their height or width is 0");
        }
        if (dtype == DType.BOOL) {
            throw new IllegalArgumentException("resizeImages needs numeric images, received bool of shape " + shape);
        }
        return op(() -> {
            // Integer images become float32, as tf.image.resize returns; floating images keep their type.
            Tensor x = dtype.isFloating() ? h() : h().to(torch.ScalarType.Float);
            Tensor batch = rank == 3 ? x.unsqueeze(0) : x;
            InterpolateFuncOptions options = new InterpolateFuncOptions();
            options.size().put(new LongVector(height, width));
            if (interpolation == Interpolation.BILINEAR) {
                options.mode().put(new kBilinear());
            } else {
                // "nearest-exact" picks floor((i + 0.5) * in / out), TensorFlow 2's rule; plain "nearest" does not.
                options.mode().put(new kNearestExact());
            }
            // align_corners=false is TensorFlow 2's half-pixel centers (set explicitly: libtorch warns on every
            // call otherwise); antialias stays off, as in tf.image.resize.
            options.align_corners().put(false);
            Tensor resized = torch.interpolate(batch.permute(NHWC_TO_NCHW), options).permute(NCHW_TO_NHWC);
            return rank == 3 ? resized.squeeze(0) : resized;
        });
    }

    // ---- added for devices ----

    @Override
    public dev.graft.tensor.Tensor to(dev.graft.tensor.Device device) {
        TorchEngine.requireAvailable(device);
        return op(() -> Natives.to(h(), device));
    }
}
