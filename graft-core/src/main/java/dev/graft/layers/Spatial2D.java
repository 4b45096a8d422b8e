package dev.graft.layers;

import dev.graft.tensor.Padding2D;
import dev.graft.tensor.Shape;
import java.util.Arrays;

/** Shape arithmetic and option checks shared by the 2D convolution and pooling layers (package-private). */
final class Spatial2D {
    private Spatial2D() {
    }

    /** {@code (v, v)} from one value or {@code (h, w)} from two, each at least {@code min}. */
    static int[] pair(String layer, String option, int min, int... values) {
        if (values == null || (values.length != 1 && values.length != 2)) {
            throw new IllegalArgumentException(layer + " needs " + option + " as one int or two (height, width), "
                    + "received " + Arrays.toString(values));
        }
        int[] p = values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
        if (p[0] < min || p[1] < min) {
            throw new IllegalArgumentException(layer + " needs " + option + " >= " + min + ", received "
                    + Arrays.toString(values));
        }
        return p;
    }

    /** Keras refuses strides and dilation both above 1 (TensorFlow has no kernel for it). */
    static void checkStridesWithDilation(String layer, int[] strides, int[] dilation) {
        if (Math.max(strides[0], strides[1]) > 1 && Math.max(dilation[0], dilation[1]) > 1) {
            throw new IllegalArgumentException(layer + ": strides > 1 are not supported together with "
                    + "dilationRate > 1, received strides=" + Arrays.toString(strides) + " and dilationRate="
                    + Arrays.toString(dilation));
        }
    }

    /** Fails unless {@code input} is {@code [batch, height, width, channels]}. */
    static void requireImage(Layer layer, Shape input) {
        if (input.rank() != 4) {
            throw layer.shapeError("a rank-4 input [batch, height, width, channels]", input);
        }
    }

    /** The known channel count of an image input, or a shape error naming the layer. */
    static long channels(Layer layer, Shape input) {
        requireImage(layer, input);
        if (input.last() == Shape.UNKNOWN) {
            throw layer.shapeError("an input [batch, height, width, channels] with a known channel count", input);
        }
        return input.last();
    }

    /**
     * {@code [batch, outHeight, outWidth, channels]} for a window sliding over {@code input}; unknown spatial
     * sizes stay unknown. A 'valid' window larger than the input is a shape error naming the layer.
     */
    static Shape outputShape(Layer layer, Shape input, int[] kernel, int[] strides, Padding padding, int[] dilation,
                             long channels) {
        requireImage(layer, input);
        long h;
        long w;
        try {
            h = padding.outputLength(input.get(1), kernel[0], strides[0], dilation[0]);
            w = padding.outputLength(input.get(2), kernel[1], strides[1], dilation[1]);
        } catch (IllegalArgumentException e) {
            throw layer.shapeError("an input of at least " + Padding.effectiveKernel(kernel[0], dilation[0]) + "x"
                    + Padding.effectiveKernel(kernel[1], dilation[1]) + " pixels for its 'valid' window ("
                    + e.getMessage() + ")", input);
        }
        return Shape.of(input.get(0), h, w, channels);
    }

    /** The explicit padding for a concrete {@code [batch, height, width, channels]} input. */
    static Padding2D explicit(Shape input, int[] kernel, int[] strides, Padding padding, int[] dilation) {
        return padding.toPadding2D(input.get(1), input.get(2), kernel[0], kernel[1], strides[0], strides[1],
                dilation[0], dilation[1]);
    }
}
