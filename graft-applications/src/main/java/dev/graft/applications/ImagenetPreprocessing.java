package dev.graft.applications;

import dev.graft.tensor.DType;
import dev.graft.tensor.Tensor;

/**
 * Keras' {@code imagenet_utils.preprocess_input}: turns RGB pixel values in {@code [0, 255]}, channels last
 * ({@code [batch, height, width, 3]} or {@code [height, width, 3]}), into what an ImageNet model was trained on.
 * Integer inputs become float32 first; floating inputs keep their type. The input is left unchanged and the
 * caller owns the result.
 */
public final class ImagenetPreprocessing {
    /** The ImageNet mean of each channel in BGR order, on the {@code [0, 255]} scale ('caffe'). */
    private static final double[] CAFFE_MEAN_BGR = {103.939, 116.779, 123.68};
    /** The ImageNet mean and standard deviation of each RGB channel on the {@code [0, 1]} scale ('torch'). */
    private static final double[] TORCH_MEAN = {0.485, 0.456, 0.406};
    private static final double[] TORCH_STD = {0.229, 0.224, 0.225};

    /** Keras' preprocessing modes. */
    public enum Mode {
        /** RGB to BGR, then each channel minus its ImageNet mean (ResNet50, VGG). No scaling. */
        CAFFE,
        /** {@code x / 127.5 - 1}: values in {@code [-1, 1]} (MobileNet, MobileNetV2, Xception). */
        TF,
        /** {@code x / 255}, then each channel minus its ImageNet mean and divided by its standard deviation. */
        TORCH
    }

    private ImagenetPreprocessing() {
    }

    /** The preprocessed images; see {@link Mode}. CAFFE and TORCH need 3 channels (the last axis). */
    public static Tensor preprocessInput(Tensor x, Mode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("preprocessInput needs a mode: CAFFE, TF or TORCH, received null");
        }
        if (mode != Mode.TF && (x.shape().rank() < 1 || x.shape().last() != 3)) {
            throw new IllegalArgumentException("preprocessInput in " + mode + " mode needs RGB images with 3 "
                    + "channels last, such as [batch, height, width, 3]; received shape " + x.shape());
        }
        if (!x.dtype().isFloating()) {
            try (Tensor cast = x.toType(DType.FLOAT32)) {
                return preprocessFloating(cast, mode);
            }
        }
        return preprocessFloating(x, mode);
    }

    private static Tensor preprocessFloating(Tensor x, Mode mode) {
        return switch (mode) {
            case CAFFE -> caffe(x);
            case TF -> tf(x);
            case TORCH -> torch(x);
        };
    }

    private static Tensor caffe(Tensor x) {
        try (Tensor order = Tensor.of(new long[] {2, 1, 0}, 3);
                Tensor bgr = x.take(order, x.shape().rank() - 1);
                Tensor mean = channelVector(CAFFE_MEAN_BGR, x.dtype())) {
            return bgr.sub(mean);
        }
    }

    private static Tensor tf(Tensor x) {
        try (Tensor scaled = x.div(127.5)) {
            return scaled.sub(1.0);
        }
    }

    private static Tensor torch(Tensor x) {
        try (Tensor scaled = x.div(255.0);
                Tensor mean = channelVector(TORCH_MEAN, x.dtype());
                Tensor std = channelVector(TORCH_STD, x.dtype());
                Tensor centered = scaled.sub(mean)) {
            return centered.div(std);
        }
    }

    private static Tensor channelVector(double[] values, DType dtype) {
        try (Tensor t = Tensor.of(values, values.length)) {
            return t.toType(dtype);
        }
    }
}
