package dev.graft.applications;

import dev.graft.tensor.DType;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;

/**
 * The input preprocessing modes of Keras' {@code imagenet_utils.preprocess_input}, for images
 * {@code [batch, height, width, 3]} or {@code [height, width, 3]} with RGB values in {@code [0, 255]}. Integer
 * inputs are converted to float32 first; floating inputs keep their type. Each application names its mode
 * (Xception and MobileNet use {@link #TF}).
 */
public enum PreprocessMode {
    /** RGB to BGR, then minus the ImageNet mean pixel (B 103.939, G 116.779, R 123.68), without scaling. */
    CAFFE,
    /** {@code x / 127.5 - 1}: pixels scaled to {@code [-1, 1]}. */
    TF,
    /** {@code x / 255}, then per channel minus mean (0.485, 0.456, 0.406) and divided by std (0.229, 0.224, 0.225). */
    TORCH;

    private static final double[] CAFFE_MEAN_BGR = {103.939, 116.779, 123.68};
    private static final double[] TORCH_MEAN = {0.485, 0.456, 0.406};
    private static final double[] TORCH_STD = {0.229, 0.224, 0.225};

    /** The preprocessed images, a new tensor of the same shape (the input is left as it is). */
    public Tensor apply(Tensor images) {
        if (this != TF && (images.rank() < 1 || images.shape().last() != 3)) {
            throw new IllegalArgumentException("preprocess_input (mode " + this + ") expects images [batch, height, "
                    + "width, 3] or [height, width, 3] with RGB channels last, received shape " + images.shape());
        }
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = images.dtype().isFloating() ? images : images.toType(DType.FLOAT32);
            Tensor out = switch (this) {
                case TF -> x.div(127.5).sub(1.0);
                case TORCH -> x.div(255.0).add(channels(negated(TORCH_MEAN), x)).div(channels(TORCH_STD, x));
                case CAFFE -> x.take(Tensor.of(new long[] {2, 1, 0}, 3), x.rank() - 1)
                        .add(channels(negated(CAFFE_MEAN_BGR), x));
            };
            return scope.keep(out);
        }
    }

    /** A per-channel constant in the input's type, broadcast over the last axis. */
    private static Tensor channels(double[] values, Tensor like) {
        return Tensor.of(values, values.length).toType(like.dtype());
    }

    private static double[] negated(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = -values[i];
        }
        return out;
    }
}
