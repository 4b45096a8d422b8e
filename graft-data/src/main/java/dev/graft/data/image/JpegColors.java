package dev.graft.data.image;

/**
 * Converts a JPEG's decoded components to RGB exactly as TensorFlow's decoder does: libjpeg's fixed-point
 * YCbCr conversion, and TensorFlow's own formula for CMYK (no colour profile is applied, as in TensorFlow).
 */
final class JpegColors {
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    // libjpeg's lookup tables (jdcolor.c): the chroma terms of R = Y + 1.402 Cr', G = Y - 0.34414 Cb'
    // - 0.71414 Cr', B = Y + 1.772 Cb' in 16-bit fixed point, where Cb' = Cb - 128 and Cr' = Cr - 128.
    private static final int[] CR_TO_R = new int[256];
    private static final int[] CB_TO_B = new int[256];
    private static final int[] CR_TO_G = new int[256];
    private static final int[] CB_TO_G = new int[256];
    // libjpeg's range_limit: CLAMP[v + CLAMP_OFFSET] is v clamped to 0..255, for every v the tables can make.
    private static final int CLAMP_OFFSET = 256;
    private static final byte[] CLAMP = new byte[768];

    static {
        for (int v = -CLAMP_OFFSET; v < CLAMP.length - CLAMP_OFFSET; v++) {
            CLAMP[v + CLAMP_OFFSET] = (byte) clamp(v);
        }
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_TO_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_TO_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_TO_G[i] = -fix(0.71414) * x;
            CB_TO_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private JpegColors() {
    }

    private static int fix(double x) {
        return (int) (x * (1 << SCALE_BITS) + 0.5);
    }

    /**
     * Interleaved RGB bytes for {@code pixels} pixels of interleaved {@code samples} in colour space
     * {@code space}; may convert in place and return {@code samples} itself.
     *
     * @param adobe whether the file has an Adobe marker, which TensorFlow takes to mean inverted CMYK
     */
    static byte[] toRgb(byte[] samples, int pixels, JpegHeader.ColorSpace space, boolean adobe) {
        return switch (space) {
            case RGB -> samples;
            case GRAYSCALE -> grayToRgb(samples, pixels);
            case YCBCR -> yccToRgbInPlace(samples, pixels);
            case CMYK, YCCK -> cmykToRgb(samples, pixels, space == JpegHeader.ColorSpace.YCCK, adobe);
        };
    }

    private static byte[] grayToRgb(byte[] gray, int pixels) {
        byte[] rgb = new byte[3 * pixels];
        for (int p = 0, o = 0; p < pixels; p++, o += 3) {
            byte v = gray[p];
            rgb[o] = v;
            rgb[o + 1] = v;
            rgb[o + 2] = v;
        }
        return rgb;
    }

    private static byte[] yccToRgbInPlace(byte[] ycc, int pixels) {
        for (int p = 0, o = 0; p < pixels; p++, o += 3) {
            int y = ycc[o] & 0xFF;
            int cb = ycc[o + 1] & 0xFF;
            int cr = ycc[o + 2] & 0xFF;
            ycc[o] = CLAMP[CLAMP_OFFSET + y + CR_TO_R[cr]];
            ycc[o + 1] = CLAMP[CLAMP_OFFSET + y + ((CB_TO_G[cb] + CR_TO_G[cr]) >> SCALE_BITS)];
            ycc[o + 2] = CLAMP[CLAMP_OFFSET + y + CB_TO_B[cb]];
        }
        return ycc;
    }

    /**
     * TensorFlow asks libjpeg for CMYK (libjpeg turns YCCK into CMYK as 255 minus the YCbCr conversion) and
     * then computes R = K * C / 255 with an Adobe marker (inverted CMYK), else R = (255 - K)(255 - C) / 255,
     * in integers; likewise G from M and B from Y.
     */
    private static byte[] cmykToRgb(byte[] samples, int pixels, boolean ycck, boolean adobe) {
        byte[] rgb = new byte[3 * pixels];
        for (int p = 0, i = 0, o = 0; p < pixels; p++, i += 4, o += 3) {
            int c;
            int m;
            int y;
            if (ycck) {
                int luma = samples[i] & 0xFF;
                int cb = samples[i + 1] & 0xFF;
                int cr = samples[i + 2] & 0xFF;
                c = clamp(255 - (luma + CR_TO_R[cr]));
                m = clamp(255 - (luma + ((CB_TO_G[cb] + CR_TO_G[cr]) >> SCALE_BITS)));
                y = clamp(255 - (luma + CB_TO_B[cb]));
            } else {
                c = samples[i] & 0xFF;
                m = samples[i + 1] & 0xFF;
                y = samples[i + 2] & 0xFF;
            }
            int k = samples[i + 3] & 0xFF;
            if (adobe) {
                rgb[o] = (byte) (k * c / 255);
                rgb[o + 1] = (byte) (k * m / 255);
                rgb[o + 2] = (byte) (k * y / 255);
            } else {
                rgb[o] = (byte) ((255 - k) * (255 - c) / 255);
                rgb[o + 1] = (byte) ((255 - k) * (255 - m) / 255);
                rgb[o + 2] = (byte) ((255 - k) * (255 - y) / 255);
            }
        }
        return rgb;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
