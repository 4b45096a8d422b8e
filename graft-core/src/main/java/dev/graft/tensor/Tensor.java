package dev.graft.tensor;

import java.util.List;

/**
 * An n-dimensional array on a device, backed by the engine (libtorch). Images are
 * {@code [batch, height, width, channels]}; Dense kernels {@code [in, out]}; Conv2D kernels
 * {@code [kh, kw, in / groups, out]}, all as in Keras.
 *
 * <p>Every operation returns a new tensor. A tensor holds native memory: close it, or create it inside a
 * {@link TensorScope}, which closes every tensor created in it. Operations record a gradient graph only
 * inside a {@link GradientTape}.
 */
public interface Tensor extends AutoCloseable {

    // ---- creation -------------------------------------------------------------------------------

    /** A float32 tensor holding {@code data} in row-major order. */
    static Tensor of(float[] data, long... shape) {
        return Engine.get().fromArray(data, shape);
    }

    /** A float64 tensor holding {@code data} in row-major order. */
    static Tensor of(double[] data, long... shape) {
        return Engine.get().fromArray(data, shape);
    }

    /** An int64 tensor holding {@code data} in row-major order. */
    static Tensor of(long[] data, long... shape) {
        return Engine.get().fromArray(data, shape);
    }

    /** A float32 scalar. */
    static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    static Tensor zeros(Shape shape, DType dtype) {
        return Engine.get().full(shape, 0, dtype);
    }

    static Tensor ones(Shape shape, DType dtype) {
        return Engine.get().full(shape, 1, dtype);
    }

    static Tensor full(Shape shape, double value, DType dtype) {
        return Engine.get().full(shape, value, dtype);
    }

    /** Values drawn uniformly from {@code [min, max)}. */
    static Tensor randomUniform(Shape shape, double min, double max, DType dtype, SeedGenerator generator) {
        return Engine.get().randomUniform(shape, min, max, dtype, generator);
    }

    /** Values drawn from a normal distribution. */
    static Tensor randomNormal(Shape shape, double mean, double stddev, DType dtype, SeedGenerator generator) {
        return Engine.get().randomNormal(shape, mean, stddev, dtype, generator);
    }

    /** Joins tensors along {@code axis}; all other dimensions must match. */
    static Tensor concat(List<Tensor> tensors, int axis) {
        return Engine.get().concat(tensors, axis);
    }

    // ---- properties -----------------------------------------------------------------------------

    Shape shape();

    DType dtype();

    /** The device the data lives on, e.g. {@code cpu} or {@code cuda:0}. */
    Device device();

    default int rank() {
        return shape().rank();
    }

    /** The number of elements. */
    default long size() {
        return shape().size();
    }

    // ---- reading values -------------------------------------------------------------------------

    /** The values, converted to float, in row-major order. */
    float[] toFloatArray();

    /** The values, converted to double, in row-major order. */
    double[] toDoubleArray();

    /** The values, converted to long, in row-major order. */
    long[] toLongArray();

    /** The single value of a one-element tensor. */
    double item();

    /** A copy converted to {@code dtype} (gradients flow through floating conversions). */
    Tensor toType(DType dtype);

    // ---- elementwise ----------------------------------------------------------------------------

    Tensor add(Tensor other);

    Tensor add(double value);

    Tensor sub(Tensor other);

    Tensor sub(double value);

    Tensor mul(Tensor other);

    Tensor mul(double value);

    Tensor div(Tensor other);

    Tensor div(double value);

    Tensor neg();

    Tensor exp();

    Tensor log();

    /** {@code log(1 + x)}, accurate for small x. */
    Tensor log1p();

    Tensor sqrt();

    Tensor square();

    Tensor abs();

    Tensor pow(double exponent);

    Tensor maximum(Tensor other);

    Tensor minimum(Tensor other);

    Tensor clip(double min, double max);

    Tensor sign();

    Tensor relu();

    /** {@code min(max(x, 0), 6)}. */
    Tensor relu6();

    Tensor sigmoid();

    Tensor tanh();

    Tensor softmax(int axis);

    Tensor logSoftmax(int axis);

    /** 1 where {@code this > value}, else 0, as a bool tensor. */
    Tensor greaterThan(double value);

    /** 1 where {@code this > other} (broadcasting), else 0, as a bool tensor. */
    Tensor greaterThan(Tensor other);

    /** 1 where the elements are equal, else 0, as a bool tensor. */
    Tensor equal(Tensor other);

    /** Elementwise choice: {@code this} is a bool condition; picks {@code ifTrue} where it holds. */
    Tensor where(Tensor ifTrue, Tensor ifFalse);

    // ---- reductions -----------------------------------------------------------------------------

    /** The sum of all elements, as a scalar. */
    Tensor sum();

    Tensor sum(int[] axes, boolean keepDims);

    /** The mean of all elements, as a scalar. */
    Tensor mean();

    Tensor mean(int[] axes, boolean keepDims);

    Tensor max(int[] axes, boolean keepDims);

    Tensor min(int[] axes, boolean keepDims);

    /** Indices of the largest values along {@code axis}, as int64. */
    Tensor argmax(int axis);

    // ---- shape ----------------------------------------------------------------------------------

    /** The same data in a new shape; one dimension may be -1 to be inferred. */
    Tensor reshape(long... shape);

    /** Reorders the axes: output axis i is input axis {@code permutation[i]}. */
    Tensor transpose(int... permutation);

    /** Elements {@code [start, end)} along {@code axis}. */
    Tensor slice(int axis, long start, long end);

    /** Pads each axis i by {@code paddings[i][0]} before and {@code paddings[i][1]} after, with {@code value}. */
    Tensor pad(long[][] paddings, double value);

    /** A new axis of size 1 at {@code axis}. */
    Tensor expandDims(int axis);

    /** The slices at {@code indices} (an int64 vector) along {@code axis}, in that order. */
    Tensor take(Tensor indices, int axis);

    /**
     * This integer tensor of class indices as one-hot vectors: a new last axis of size {@code depth},
     * in {@code dtype}. Indices outside {@code [0, depth)} are an error.
     */
    Tensor oneHot(int depth, DType dtype);

    // ---- neural-network ops ---------------------------------------------------------------------

    /** Matrix product over the last axis of this and the first (or second-to-last) of {@code other}. */
    Tensor matmul(Tensor other);

    /**
     * 2D convolution of a {@code [batch, height, width, in]} input with a {@code [kh, kw, in / groups, out]}
     * kernel; {@code bias} ({@code [out]}) may be null.
     */
    Tensor conv2d(Tensor kernel, Tensor bias, int[] strides, Padding2D padding, int[] dilation, int groups);

    /** Max pooling of a {@code [batch, height, width, channels]} tensor; padded cells never win. */
    Tensor maxPool2d(int[] poolSize, int[] strides, Padding2D padding);

    /** Average pooling of a {@code [batch, height, width, channels]} tensor; padded cells are not counted. */
    Tensor avgPool2d(int[] poolSize, int[] strides, Padding2D padding);

    /**
     * Normalizes over every axis but the last with the given statistics (inference mode):
     * {@code (x - mean) / sqrt(variance + epsilon) * gamma + beta}. {@code gamma} and {@code beta} may be null.
     */
    Tensor batchNorm(Tensor mean, Tensor variance, Tensor gamma, Tensor beta, double epsilon);

    /**
     * Normalizes over every axis but the last with the statistics of this batch (training mode).
     *
     * @return the output, then the batch mean and the (biased) batch variance, both detached
     */
    List<Tensor> batchNormTraining(Tensor gamma, Tensor beta, double epsilon);

    /** Zeroes each element with probability {@code rate} and scales the rest by {@code 1 / (1 - rate)}. */
    Tensor dropout(double rate, SeedGenerator generator);

    // ---- autograd and memory --------------------------------------------------------------------

    /** The same values, cut off from the gradient graph. */
    Tensor detach();

    /** Overwrites this tensor's values with {@code source} (same shape), outside any gradient graph. */
    void assign(Tensor source);

    /** Whether {@link #close()} has freed the native memory. */
    boolean isClosed();

    /** Frees the native memory now. Closing twice is harmless. */
    @Override
    void close();

    // ---- added for augmentation layers ----

    /** The elements in reverse order along each of {@code axes}: {@code flip(2)} mirrors images left to right. */
    Tensor flip(int... axes);

    /**
     * Keras' {@code ops.image.affine_transform}: each output pixel of this {@code [batch, height, width,
     * channels]} floating image batch is sampled at a transformed point of its input image. Row {@code i} of
     * {@code transforms} ({@code [batch, 8]}), {@code [a0, a1, a2, b0, b1, b2, c0, c1]}, maps output pixel
     * {@code (x, y)} (column, row; pixel centers at integers) to the input point
     * {@code ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)} with {@code k = c0 x + c1 y + 1}, so it is the
     * inverse of the motion seen in the output.
     *
     * <p>The input is first extended beyond its edges by {@code fillMode} ({@code fillValue} is used by
     * {@link FillMode#CONSTANT} only), then sampled with {@code interpolation}. Gradients flow to the images,
     * not to the transforms. The output has this tensor's shape and dtype.
     */
    Tensor affineTransform(Tensor transforms, Interpolation interpolation, FillMode fillMode, double fillValue);


    // ---- added for the Dataset pipeline ----

    /**
     * Joins tensors of one shape and dtype along a new axis at {@code axis}: n tensors {@code [height, width]}
     * stacked at axis 0 give {@code [n, height, width]}, and n scalars give a vector {@code [n]}. A negative
     * axis counts from the end of the result's axes.
     */
    static Tensor stack(List<Tensor> tensors, int axis) {
        return Engine.get().stack(tensors, axis);
    }

    // ---- added for image decoding ----

    /**
     * A uint8 tensor holding {@code data} in row-major order, each byte read as unsigned (0 to 255), as
     * decoded image pixels are.
     */
    static Tensor ofUint8(byte[] data, long... shape) {
        return Engine.get().fromUint8(data, shape);
    }

    // ---- added for image resizing ----

    /**
     * These images resized to {@code height x width}, as {@code tf.image.resize(images, (height, width),
     * method, antialias=False)}: this tensor is {@code [batch, height, width, channels]} or
     * {@code [height, width, channels]} of any numeric type, and the result has the same rank, the new
     * height and width, and type float32 for integer images (as TensorFlow's resize returns), this tensor's
     * type for floating ones. Nearest values are exact copies of input pixels.
     *
     * @throws IllegalArgumentException if this is not rank 3 or 4, has an empty height or width, or the
     *     target size is not positive
     */
    Tensor resizeImages(long height, long width, Interpolation interpolation);

    // ---- added for devices ----

    /**
     * This tensor on {@code device}: a copy there, or, when it is already there, a new tensor that shares its
     * data (no copy). Gradients flow through the move. Ops need their tensors on one device, and
     * their results stay there.
     *
     * @throws IllegalStateException if the engine cannot use {@code device}
     */
    Tensor to(Device device);
}
