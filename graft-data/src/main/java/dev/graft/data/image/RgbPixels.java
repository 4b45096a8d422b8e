package dev.graft.data.image;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Interleaved 8-bit RGB from Java images, read in bulk from the raster's data rather than pixel by pixel
 * through {@code getRGB}. Stored colour values are taken as they are (no colour management, alpha ignored),
 * which is what TensorFlow's decoders produce.
 */
final class RgbPixels {
    private static final int[] RGB_BANDS = {0, 1, 2};
    private static final int[] FIRST_BAND = {0};

    private RgbPixels() {
    }

    /**
     * The RGB bytes of {@code image}, {@code 3 * width * height} of them in row-major order. Indexed images
     * give their palette colours; RGB and gray images their stored samples, 16-bit samples keeping their high
     * byte (libpng's strip_16, as TensorFlow) and samples under 8 bits scaled to 0..255; gray is replicated
     * to three channels. Any other colour model (another colour space, premultiplied alpha) is converted by
     * Java2D, drawn over black.
     */
    static byte[] of(BufferedImage image) {
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        if (model instanceof IndexColorModel palette) {
            return indexed(raster, palette);
        }
        if (!storesPlainColors(model)) {
            return drawn(image);
        }
        boolean gray = model.getNumColorComponents() == 1;
        if (isByteComponentRaster(raster)) {
            return gray ? grayToRgb(bands(raster, FIRST_BAND)) : bands(raster, RGB_BANDS);
        }
        return scaledSamples(raster, model);
    }

    /** Whether the samples are RGB or gray values themselves, in integers, with any alpha kept apart. */
    private static boolean storesPlainColors(ColorModel model) {
        if (!(model instanceof ComponentColorModel || model instanceof DirectColorModel)
                || model.isAlphaPremultiplied()) {
            return false;
        }
        int type = model.getTransferType();
        if (type != DataBuffer.TYPE_BYTE && type != DataBuffer.TYPE_USHORT && type != DataBuffer.TYPE_INT) {
            return false;
        }
        int spaceType = model.getColorSpace().getType();
        int colors = model.getNumColorComponents();
        return (spaceType == ColorSpace.TYPE_RGB && colors == 3) || (spaceType == ColorSpace.TYPE_GRAY && colors == 1);
    }

    static boolean isByteComponentRaster(Raster raster) {
        return raster.getSampleModel() instanceof ComponentSampleModel
                && raster.getDataBuffer() instanceof DataBufferByte;
    }

    /**
     * The samples of {@code bands} of an 8-bit component raster, interleaved per pixel in that order. When
     * the raster's own array is laid out exactly so, it is returned without a copy.
     */
    static byte[] bands(Raster raster, int[] bands) {
        ComponentSampleModel model = (ComponentSampleModel) raster.getSampleModel();
        DataBufferByte buffer = (DataBufferByte) raster.getDataBuffer();
        int width = raster.getWidth();
        int height = raster.getHeight();
        int n = bands.length;
        int pixelStride = model.getPixelStride();
        int scanlineStride = model.getScanlineStride();
        int x0 = raster.getMinX() - raster.getSampleModelTranslateX();
        int y0 = raster.getMinY() - raster.getSampleModelTranslateY();
        byte[][] banks = new byte[n][];
        int[] starts = new int[n];
        for (int b = 0; b < n; b++) {
            int bank = model.getBankIndices()[bands[b]];
            banks[b] = buffer.getData(bank);
            starts[b] = buffer.getOffsets()[bank] + model.getBandOffsets()[bands[b]] + y0 * scanlineStride
                    + x0 * pixelStride;
        }
        if (isPackedAsIs(banks, starts, pixelStride, scanlineStride, width, height)) {
            return banks[0];
        }
        byte[] out = new byte[width * height * n];
        int o = 0;
        for (int y = 0; y < height; y++) {
            for (int b = 0; b < n; b++) {
                byte[] data = banks[b];
                int in = starts[b] + y * scanlineStride;
                for (int x = 0, j = o + b; x < width; x++, j += n, in += pixelStride) {
                    out[j] = data[in];
                }
            }
            o += width * n;
        }
        return out;
    }

    /** Whether band b of pixel p already sits at index n * p + b of one array of exactly that size. */
    private static boolean isPackedAsIs(byte[][] banks, int[] starts, int pixelStride, int scanlineStride,
                                        int width, int height) {
        int n = banks.length;
        if (pixelStride != n || scanlineStride != width * n || banks[0].length != width * height * n) {
            return false;
        }
        for (int b = 0; b < n; b++) {
            if (banks[b] != banks[0] || starts[b] != b) {
                return false;
            }
        }
        return true;
    }

    static byte[] grayToRgb(byte[] gray) {
        byte[] rgb = new byte[3 * gray.length];
        for (int p = 0, o = 0; p < gray.length; p++, o += 3) {
            rgb[o] = gray[p];
            rgb[o + 1] = gray[p];
            rgb[o + 2] = gray[p];
        }
        return rgb;
    }

    private static byte[] indexed(Raster raster, IndexColorModel palette) {
        // Index values can reach 2^bits - 1 even when the palette is shorter; those pixels are black.
        int entries = Math.max(palette.getMapSize(), 1 << Math.min(palette.getPixelSize(), 16));
        byte[] reds = new byte[entries];
        byte[] greens = new byte[entries];
        byte[] blues = new byte[entries];
        palette.getReds(reds);
        palette.getGreens(greens);
        palette.getBlues(blues);
        int width = raster.getWidth();
        int height = raster.getHeight();
        byte[] out = new byte[3 * width * height];
        int[] row = new int[width];
        int o = 0;
        for (int y = 0; y < height; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, row);
            for (int x = 0; x < width; x++, o += 3) {
                int index = row[x];
                out[o] = reds[index];
                out[o + 1] = greens[index];
                out[o + 2] = blues[index];
            }
        }
        return out;
    }

    /** Row by row through the raster's sample accessors, for packed and wider-than-8-bit samples. */
    private static byte[] scaledSamples(Raster raster, ColorModel model) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int colors = model.getNumColorComponents();
        byte[] out = new byte[3 * width * height];
        int[] row = new int[width];
        for (int b = 0; b < colors; b++) {
            int bits = model.getComponentSize(b);
            for (int y = 0; y < height; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, b, row);
                int o = 3 * width * y;
                for (int x = 0; x < width; x++, o += 3) {
                    byte v = (byte) to8Bits(row[x], bits);
                    if (colors == 3) {
                        out[o + b] = v;
                    } else {
                        out[o] = v;
                        out[o + 1] = v;
                        out[o + 2] = v;
                    }
                }
            }
        }
        return out;
    }

    /** Keeps the high byte of wider samples (libpng's strip_16); stretches narrower ones to 0..255, rounded. */
    private static int to8Bits(int sample, int bits) {
        if (bits >= 8) {
            return sample >>> (bits - 8);
        }
        int max = (1 << bits) - 1;
        return (sample * 255 + max / 2) / max;
    }

    private static byte[] drawn(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return bands(rgb.getRaster(), RGB_BANDS);
    }
}
