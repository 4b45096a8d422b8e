package dev.graft.tensor;

/**
 * A plain-Java reference for {@link Tensor#affineTransform}, written from the definition: extend the input
 * beyond its edges by the fill mode, then interpolate at the transformed point. One pixel at a time, for tests.
 */
public final class ReferenceSampler {
    private ReferenceSampler() {
    }

    /**
     * Transforms row-major {@code [batch, height, width, channels]} {@code pixels} by {@code transforms}
     * ({@code [batch, 8]}, Keras' {@code [a0, a1, a2, b0, b1, b2, c0, c1]} mapping output to input points).
     */
    public static double[] transform(double[] pixels, long[] shape, double[] transforms, Interpolation interpolation,
                                     FillMode fill, double fillValue) {
        int batch = (int) shape[0];
        int height = (int) shape[1];
        int width = (int) shape[2];
        int channels = (int) shape[3];
        double[] out = new double[pixels.length];
        for (int b = 0; b < batch; b++) {
            double[] t = new double[8];
            System.arraycopy(transforms, b * 8, t, 0, 8);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double k = t[6] * x + t[7] * y + 1;
                    double xIn = (t[0] * x + t[1] * y + t[2]) / k;
                    double yIn = (t[3] * x + t[4] * y + t[5]) / k;
                    for (int c = 0; c < channels; c++) {
                        int at = ((b * height + y) * width + x) * channels + c;
                        Image image = new Image(pixels, b, height, width, channels, c, fill, fillValue);
                        out[at] = interpolation == Interpolation.NEAREST
                                ? image.at((long) Math.rint(yIn), (long) Math.rint(xIn))
                                : bilinear(image, yIn, xIn);
                    }
                }
            }
        }
        return out;
    }

    private static double bilinear(Image image, double y, double x) {
        long y0 = (long) Math.floor(y);
        long x0 = (long) Math.floor(x);
        double fy = y - y0;
        double fx = x - x0;
        return (1 - fy) * ((1 - fx) * image.at(y0, x0) + fx * image.at(y0, x0 + 1))
                + fy * ((1 - fx) * image.at(y0 + 1, x0) + fx * image.at(y0 + 1, x0 + 1));
    }

    /** One channel of one image, extended to every integer position by the fill mode. */
    private record Image(double[] pixels, int batch, int height, int width, int channels, int channel,
                         FillMode fill, double fillValue) {
        double at(long row, long column) {
            long r = extend(row, height);
            long c = extend(column, width);
            if (r < 0 || c < 0) {
                return fillValue;
            }
            return pixels[(int) (((batch * (long) height + r) * width + c) * channels + channel)];
        }

        /** The input index that index {@code i} of the extended axis shows, or -1 for the fill value. */
        private long extend(long i, int size) {
            return switch (fill) {
                // (d c b a | a b c d | d c b a) repeats every 2 * size pixels.
                case REFLECT -> {
                    long m = Math.floorMod(i, 2L * size);
                    yield m < size ? m : 2L * size - 1 - m;
                }
                case WRAP -> Math.floorMod(i, (long) size);
                case NEAREST -> Math.min(Math.max(i, 0), size - 1);
                case CONSTANT -> i >= 0 && i < size ? i : -1;
            };
        }
    }
}
