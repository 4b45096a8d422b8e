package dev.graft.layers;

import dev.graft.tensor.Padding2D;
import dev.graft.tensor.Shape;
import java.util.Locale;

/**
 * The {@code padding} option of convolution and pooling layers, as in Keras. Images are
 * {@code [batch, height, width, channels]}.
 */
public enum Padding {
    /** No padding: the window only visits positions where it fits; output {@code floor((in - k) / s) + 1}. */
    VALID,
    /**
     * TensorFlow's {@code "same"}: output {@code ceil(in / s)}, zero padding split with the extra pixel at the
     * bottom and right.
     */
    SAME;

    /** The padding with this Keras name, {@code "valid"} or {@code "same"} (any case). */
    public static Padding of(String kerasName) {
        if (kerasName != null) {
            switch (kerasName.toLowerCase(Locale.ROOT)) {
                case "valid":
                    return VALID;
                case "same":
                    return SAME;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("Unknown padding '" + kerasName + "'; expected 'valid' or 'same'");
    }

    /** The Keras name: {@code "valid"} or {@code "same"}. */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The output length along one spatial axis.
     *
     * @param inputLength the input length, or {@link Shape#UNKNOWN}, which gives {@link Shape#UNKNOWN}
     * @param kernel the window size before dilation
     * @throws IllegalArgumentException for {@link #VALID} when the dilated window is longer than the input
     */
    public long outputLength(long inputLength, int kernel, int stride, int dilation) {
        if (inputLength == Shape.UNKNOWN) {
            return Shape.UNKNOWN;
        }
        long effective = effectiveKernel(kernel, dilation);
        if (this == SAME) {
            return (inputLength + stride - 1) / stride;
        }
        if (inputLength < effective) {
            // Keras refuses this too: the output would have a negative (or zero) size.
            throw new IllegalArgumentException("A 'valid' window of " + effective + " pixels (kernel " + kernel
                    + ", dilation " + dilation + ") does not fit in an input of " + inputLength + " pixels");
        }
        return (inputLength - effective) / stride + 1;
    }

    /**
     * The explicit padding for an input of {@code height x width}: none for {@link #VALID} (after checking that
     * the window fits), {@link Padding2D#same} for {@link #SAME}.
     */
    public Padding2D toPadding2D(long height, long width, int kernelH, int kernelW, int strideH, int strideW,
                                 int dilationH, int dilationW) {
        if (this == SAME) {
            return Padding2D.same(height, width, kernelH, kernelW, strideH, strideW, dilationH, dilationW);
        }
        outputLength(height, kernelH, strideH, dilationH);
        outputLength(width, kernelW, strideW, dilationW);
        return Padding2D.VALID;
    }

    static long effectiveKernel(int kernel, int dilation) {
        return (long) (kernel - 1) * dilation + 1;
    }
}
