package dev.graft.tensor;

/**
 * Explicit zero padding of the two spatial axes of a {@code [batch, height, width, channels]} tensor,
 * in pixels. {@link #same} computes TensorFlow's {@code "same"} padding, which puts the odd pixel at the
 * bottom and right (unlike a symmetric PyTorch {@code padding=k/2}).
 */
public record Padding2D(int top, int bottom, int left, int right) {
    /** No padding: TensorFlow's {@code "valid"}. */
    public static final Padding2D VALID = new Padding2D(0, 0, 0, 0);

    public Padding2D {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("Padding must be >= 0, received " + top + ", " + bottom + ", "
                    + left + ", " + right);
        }
    }

    /**
     * TensorFlow's {@code "same"} padding for a window of {@code kernel} pixels (after dilation) moving by
     * {@code stride} over {@code size} pixels on each axis: total {@code max((ceil(size/stride)-1)*stride +
     * k - size, 0)}, the larger half after the image.
     */
    public static Padding2D same(long height, long width, int kernelH, int kernelW, int strideH, int strideW,
                                 int dilationH, int dilationW) {
        int totalH = sameTotal(height, (kernelH - 1) * dilationH + 1, strideH);
        int totalW = sameTotal(width, (kernelW - 1) * dilationW + 1, strideW);
        return new Padding2D(totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2);
    }

    /** {@link #same} without dilation. */
    public static Padding2D same(long height, long width, int kernelH, int kernelW, int strideH, int strideW) {
        return same(height, width, kernelH, kernelW, strideH, strideW, 1, 1);
    }

    private static int sameTotal(long size, int effectiveKernel, int stride) {
        long out = (size + stride - 1) / stride;
        return (int) Math.max((out - 1) * stride + effectiveKernel - size, 0);
    }

    /** Whether top equals bottom and left equals right. */
    public boolean isSymmetric() {
        return top == bottom && left == right;
    }

    public boolean isZero() {
        return top == 0 && bottom == 0 && left == 0 && right == 0;
    }
}
