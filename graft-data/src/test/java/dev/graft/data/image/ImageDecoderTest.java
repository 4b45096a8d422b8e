package dev.graft.data.image;

import static dev.graft.data.image.TestImages.encode;
import static dev.graft.data.image.TestImages.jpeg;
import static dev.graft.data.image.TestImages.rgb;
import static dev.graft.data.image.TestImages.uniformRaster;
import static dev.graft.data.image.TestImages.withAdobeMarker;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageDecoder} on every kind of file {@code tf.io.decode_image(channels=3)} reads, on damaged ones,
 * and on decompression bombs. Test files are written by ImageIO's writers; expected pixels follow from what
 * was written and from TensorFlow's rules, written out in each test.
 */
class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder();
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    private Tensor decode(byte[] data) {
        return decoder.decode(data, "test-image");
    }

    /** The [height, width, 3] pixels of a decoded tensor, checking its shape and type. */
    private static long[] pixels(Tensor t, int height, int width) {
        assertEquals(Shape.of(height, width, 3), t.shape());
        assertEquals(DType.UINT8, t.dtype());
        return t.toLongArray();
    }

    private static long[] rgbOf(BufferedImage image) {
        long[] out = new long[3 * image.getWidth() * image.getHeight()];
        int o = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int v = image.getRGB(x, y);
                out[o++] = (v >> 16) & 0xFF;
                out[o++] = (v >> 8) & 0xFF;
                out[o++] = v & 0xFF;
            }
        }
        return out;
    }

    private static void assertClose(long[] expected, long[] actual, int tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > tolerance) {
                throw new AssertionError("value " + i + ": expected " + expected[i] + " +- " + tolerance + ", was "
                        + actual[i]);
            }
        }
    }

    private static long[] repeat(int pixels, long... rgb) {
        long[] out = new long[pixels * rgb.length];
        for (int p = 0; p < pixels; p++) {
            System.arraycopy(rgb, 0, out, p * rgb.length, rgb.length);
        }
        return out;
    }

    /**
     * An 8-bit palette starting with {@code colors} (ImageIO's GIF and BMP writers mishandle shorter ones),
     * with {@code transparent} as its transparent index (-1 for none).
     */
    private static IndexColorModel palette(int transparent, int[][] colors) {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < colors.length; i++) {
            r[i] = (byte) colors[i][0];
            g[i] = (byte) colors[i][1];
            b[i] = (byte) colors[i][2];
        }
        return new IndexColorModel(8, 256, r, g, b, transparent);
    }

    private static BufferedImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        return rgb(width, height, (x, y) -> random.nextInt(1 << 24));
    }

    // ---- PNG ------------------------------------------------------------------------------------

    @Test
    void pngRgbIsExact() {
        BufferedImage image = noise(7, 5, 1);
        assertArrayEquals(rgbOf(image), pixels(decode(encode(image, "png")), 5, 7));
    }

    @Test
    void pngGrayIsReplicatedToThreeChannels() {
        BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setPixels(0, 0, 3, 2, new int[] {0, 1, 127, 128, 200, 255});
        assertArrayEquals(new long[] {0, 0, 0, 1, 1, 1, 127, 127, 127, 128, 128, 128, 200, 200, 200, 255, 255, 255},
                pixels(decode(encode(gray, "png")), 2, 3), "no gamma is applied to gray samples");
    }

    @Test
    void pngOneBitGrayBecomesBlackAndWhite() {
        BufferedImage bits = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY);
        bits.getRaster().setPixels(0, 0, 4, 1, new int[] {0, 1, 1, 0});
        assertArrayEquals(new long[] {0, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0},
                pixels(decode(encode(bits, "png")), 1, 4));
    }

    @Test
    void pngAlphaIsDroppedNotComposited() {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00FF8040); // fully transparent: the stored colour stays
        argb.setRGB(1, 0, 0x80102030);
        assertArrayEquals(new long[] {255, 128, 64, 16, 32, 48}, pixels(decode(encode(argb, "png")), 1, 2));

        ColorModel grayAlpha = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = grayAlpha.createCompatibleWritableRaster(2, 1);
        raster.setPixels(0, 0, 2, 1, new int[] {90, 0, 250, 255}); // (gray, alpha) pairs
        BufferedImage ga = new BufferedImage(grayAlpha, raster, false, null);
        assertArrayEquals(new long[] {90, 90, 90, 250, 250, 250}, pixels(decode(encode(ga, "png")), 1, 2));
    }

    @Test
    void pngPaletteGivesPaletteColoursWithoutTransparency() {
        byte[] r = {10, (byte) 200, 0, 5};
        byte[] g = {20, 0, (byte) 255, 5};
        byte[] b = {30, 100, 0, 5};
        byte[] a = {(byte) 255, 0, (byte) 128, (byte) 255}; // a tRNS chunk; TensorFlow strips it
        IndexColorModel palette = new IndexColorModel(8, 4, r, g, b, a);
        BufferedImage indexed = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setPixels(0, 0, 4, 1, new int[] {3, 2, 1, 0});
        assertArrayEquals(new long[] {5, 5, 5, 0, 255, 0, 200, 0, 100, 10, 20, 30},
                pixels(decode(encode(indexed, "png")), 1, 4));
    }

    @Test
    void png16BitKeepsTheHighByte() {
        // libpng's strip_16, which TensorFlow uses for uint8 output, drops the low byte: 0x00FF -> 0, not 1.
        BufferedImage gray16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setPixels(0, 0, 3, 1, new int[] {0x1234, 0xFFFF, 0x00FF});
        assertArrayEquals(new long[] {0x12, 0x12, 0x12, 255, 255, 255, 0, 0, 0},
                pixels(decode(encode(gray16, "png")), 1, 3));

        ColorModel rgba16 = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster raster = rgba16.createCompatibleWritableRaster(2, 1);
        raster.setPixels(0, 0, 2, 1, new int[] {0xABCD, 0x0102, 0xFF80, 0, 0x8000, 0x7FFF, 0x00FF, 0xFFFF});
        BufferedImage image = new BufferedImage(rgba16, raster, false, null);
        assertArrayEquals(new long[] {0xAB, 0x01, 0xFF, 0x80, 0x7F, 0x00},
                pixels(decode(encode(image, "png")), 1, 2));
    }

    // ---- GIF and BMP ----------------------------------------------------------------------------

    @Test
    void gifGivesPaletteColoursOfItsFirstFrame() throws IOException {
        IndexColorModel palette = palette(2, new int[][] {{0, 0, 0}, {255, 0, 0}, {40, 50, 60}, {1, 2, 3}});
        BufferedImage first = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, palette);
        first.getRaster().setPixels(0, 0, 3, 2, new int[] {0, 1, 2, 3, 2, 1});
        BufferedImage second = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, palette);
        second.getRaster().setPixels(0, 0, 3, 2, new int[] {1, 1, 1, 1, 1, 1});

        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            // Not interlaced: ImageIO's GIF reader misplaces rows of interlaced images under 5 rows high.
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(first, null, null), param);
            writer.writeToSequence(new IIOImage(second, null, null), param);
            writer.endWriteSequence();
        }
        // The transparent index keeps its palette colour (TensorFlow ignores GIF transparency too).
        assertArrayEquals(new long[] {0, 0, 0, 255, 0, 0, 40, 50, 60, 1, 2, 3, 40, 50, 60, 255, 0, 0},
                pixels(decode(out.toByteArray()), 2, 3));
    }

    @Test
    void gifWhoseFirstFrameDoesNotCoverTheCanvasIsRefused() {
        byte[] gif = encode(rgb(4, 4, (x, y) -> 0x336699), "gif");
        gif[6] = 8; // logical screen width, little-endian, at offset 6: 8 instead of 4
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decode(gif));
        assertTrue(e.getMessage().contains("does not cover its 8 x 4 canvas"), e.getMessage());
    }

    @Test
    void bmpIsExactInTwentyFourAndEightBits() {
        BufferedImage image = noise(5, 3, 2);
        assertArrayEquals(rgbOf(image), pixels(decode(encode(image, "bmp")), 3, 5));

        IndexColorModel palette = palette(-1, new int[][] {{1, 4, 7}, {2, 5, 8}, {3, 6, 250}});
        BufferedImage indexed = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setPixels(0, 0, 3, 1, new int[] {2, 0, 1});
        assertArrayEquals(new long[] {3, 6, 250, 1, 4, 7, 2, 5, 8}, pixels(decode(encode(indexed, "bmp")), 1, 3));
    }

    @Test
    void bmpSixteenBitSamplesAreStretchedToEightBits() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_565_RGB);
        // 5-6-5 samples (31, 0, 10) and (1, 63, 16) as written; 8-bit value = round(v * 255 / max).
        image.getRaster().setPixels(0, 0, 2, 1, new int[] {31, 0, 10, 1, 63, 16});
        long[] expected = {255, 0, Math.round(10 * 255 / 31.0), Math.round(255 / 31.0), 255, Math.round(16 * 255 / 31.0)};
        assertArrayEquals(expected, pixels(decode(encode(image, "bmp")), 1, 2));
    }

    // ---- JPEG -----------------------------------------------------------------------------------

    @Test
    void jpegColoursMatchLibjpegsOwnConversion() throws IOException {
        // Smooth colours, so the lossy round trip stays close to the source, and chroma is subsampled.
        BufferedImage image = rgb(37, 23, (x, y) -> ((5 * x) << 16) | ((9 * y) << 8) | (3 * (x + y)));
        byte[] data = jpeg(image);
        long[] decoded = pixels(decode(data), 23, 37);
        // ImageIO's read() converts YCbCr to RGB inside libjpeg, as TensorFlow's libjpeg does: same bytes.
        assertArrayEquals(rgbOf(ImageIO.read(new ByteArrayInputStream(data))), decoded);
        assertClose(rgbOf(image), decoded, 6);
    }

    @Test
    void grayJpegIsReplicated() {
        BufferedImage gray = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 8; y++) {
                gray.getRaster().setSample(x, y, 0, 100);
            }
        }
        assertArrayEquals(repeat(64, 100, 100, 100), pixels(decode(jpeg(gray)), 8, 8));
    }

    @Test
    void rgbJpegWithAnAdobeMarkerIsNotColourConverted() {
        // Three components stored as they are; Adobe transform 0 says they are R, G, B.
        byte[] data = withAdobeMarker(jpeg(uniformRaster(16, 16, 10, 200, 90)), 0);
        assertClose(repeat(256, 10, 200, 90), pixels(decode(data), 16, 16), 1);
    }

    @Test
    void adobeCmykUsesTensorFlowsInvertedFormula() {
        int c = 200;
        int m = 100;
        int y = 50;
        int k = 230;
        byte[] data = withAdobeMarker(jpeg(uniformRaster(16, 16, c, m, y, k)), 0);
        // With an Adobe marker TensorFlow computes R = K * C / 255 (integer division), G and B alike.
        long[] expected = repeat(256, k * c / 255, k * m / 255, k * y / 255);
        assertClose(expected, pixels(decode(data), 16, 16), 1);
    }

    @Test
    void cmykWithoutAdobeMarkerUsesTensorFlowsPlainFormula() {
        int c = 200;
        int m = 100;
        int y = 50;
        int k = 230;
        byte[] data = jpeg(uniformRaster(16, 16, c, m, y, k));
        // Four components without an Adobe marker are plain CMYK: R = (255 - K) * (255 - C) / 255.
        long[] expected = repeat(256, (255 - k) * (255 - c) / 255, (255 - k) * (255 - m) / 255,
                (255 - k) * (255 - y) / 255);
        assertClose(expected, pixels(decode(data), 16, 16), 1);
    }

    @Test
    void ycckIsTurnedIntoCmykThenRgb() {
        int c = 200;
        int m = 100;
        int y = 50;
        int k = 230;
        // YCCK stores the YCbCr (JFIF equations) of (255 - C, 255 - M, 255 - Y), and K as is.
        double r = 255 - c;
        double g = 255 - m;
        double b = 255 - y;
        int luma = (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
        int cb = (int) Math.round(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
        int cr = (int) Math.round(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
        byte[] data = withAdobeMarker(jpeg(uniformRaster(16, 16, luma, cb, cr, k)), 2);
        long[] expected = repeat(256, k * c / 255, k * m / 255, k * y / 255);
        assertClose(expected, pixels(decode(data), 16, 16), 1);
    }

    @Test
    void embeddedColourProfilesAreIgnoredAsInTensorFlow() {
        BufferedImage image = rgb(16, 16, (x, y) -> 0x6496C8);
        byte[] plain = jpeg(image);
        // An APP2 ICC_PROFILE segment (linear RGB) after the JFIF segment; ImageIO's read() would convert it.
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        int length = 2 + 12 + 2 + icc.length;
        segment.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (length >> 8), (byte) length});
        segment.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
        segment.writeBytes(new byte[] {1, 1});
        segment.writeBytes(icc);
        int afterJfif = TestImages.jpegSegment(plain, 0xDB);
        byte[] withProfile = TestImages.insert(plain, afterJfif, segment.toByteArray());
        assertArrayEquals(pixels(decode(plain), 16, 16), pixels(decode(withProfile), 16, 16));
    }

    @Test
    void extraneousBytesBeforeAMarkerOnlyWarn() {
        byte[] data = jpeg(noise(16, 16, 3));
        // libjpeg: "Corrupt JPEG data: 3 extraneous bytes before marker 0xdb" is a warning, not an error.
        byte[] withJunk = TestImages.insert(data, TestImages.jpegSegment(data, 0xDB), new byte[] {1, 2, 3});
        assertArrayEquals(pixels(decode(data), 16, 16), pixels(decode(withJunk), 16, 16));
    }

    @Test
    void truncatedJpegIsRefused() {
        byte[] data = jpeg(noise(32, 32, 4));
        for (int length : new int[] {data.length * 6 / 10, data.length - 2}) {
            byte[] cut = Arrays.copyOf(data, length);
            ImageDecodeException e = assertThrows(ImageDecodeException.class,
                    () -> decoder.decode(cut, "photos/cut.jpg"));
            assertTrue(e.getMessage().startsWith("Cannot decode image photos/cut.jpg: truncated JPEG"), e.getMessage());
            assertEquals("photos/cut.jpg", e.source());
        }
        byte[] headerOnly = Arrays.copyOf(data, 100);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decode(headerOnly));
        assertTrue(e.getMessage().contains("JPEG"), e.getMessage());
    }

    // ---- damaged, empty and unknown data --------------------------------------------------------

    @Test
    void truncatedPngGifAndBmpAreRefused() {
        BufferedImage image = noise(40, 40, 5);
        for (String format : new String[] {"png", "gif", "bmp"}) {
            byte[] data = encode(image, format);
            for (int length : new int[] {20, data.length * 6 / 10}) {
                byte[] cut = Arrays.copyOf(data, length);
                ImageDecodeException e = assertThrows(ImageDecodeException.class,
                        () -> decoder.decode(cut, "cut." + format), format + " cut at " + length);
                assertTrue(e.getMessage().startsWith("Cannot decode image cut." + format + ": "), e.getMessage());
                assertTrue(e.getMessage().contains("truncated"), e.getMessage());
                assertTrue(e.getMessage().contains(format.toUpperCase()), e.getMessage());
            }
        }
    }

    @Test
    void aPngOrGifCutAfterItsPixelsIsRefusedAsLibpngAndGiflibRefuseIt() {
        BufferedImage image = noise(20, 10, 6);
        // A PNG ends with a 12-byte IEND chunk, a GIF with a one-byte trailer: ImageIO never reads them.
        for (String format : new String[] {"png", "gif"}) {
            byte[] data = encode(image, format);
            byte[] cut = Arrays.copyOf(data, data.length - (format.equals("png") ? 12 : 1));
            ImageDecodeException e = assertThrows(ImageDecodeException.class,
                    () -> decoder.decode(cut, "cut." + format), format);
            assertEquals("Cannot decode image cut." + format + ": truncated or damaged " + format.toUpperCase() + ": its "
                    + cut.length + " bytes do not hold " + (format.equals("png")
                    ? "a whole chain of chunks up to the IEND chunk" : "whole blocks up to the trailer")
                    + " (the file was cut short)", e.getMessage());
            try (Tensor whole = decoder.decode(data, "whole." + format)) {
                assertEquals(Shape.of(10, 20, 3), whole.shape());
            }
        }
    }

    @Test
    void emptyDataIsRefused() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(new byte[0], "a.jpg"));
        assertEquals("Cannot decode image a.jpg: the file is empty (0 bytes)", e.getMessage());
    }

    @Test
    void unknownFormatsAreRefusedWithTheirFirstBytes() {
        byte[] random = new byte[64];
        new Random(6).nextBytes(random);
        random[0] = 0x12;
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(random, "noise.png"));
        assertTrue(e.getMessage().startsWith("Cannot decode image noise.png: unknown image format: the data starts "
                + "with bytes 12 "), e.getMessage());
    }

    @Test
    void theFormatComesFromTheContentNotTheExtension(@TempDir Path dir) throws IOException {
        BufferedImage image = noise(6, 4, 7);
        Path misnamed = dir.resolve("photo.jpg");
        Files.write(misnamed, encode(image, "png"));
        assertArrayEquals(rgbOf(image), pixels(decoder.decode(misnamed), 4, 6));

        Path text = dir.resolve("notes.png");
        Files.writeString(text, "<html>not an image</html>");
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(text));
        assertTrue(e.getMessage().startsWith("Cannot decode image " + text + ": unknown image format"), e.getMessage());

        Path missing = dir.resolve("missing.jpg");
        UncheckedIOException io = assertThrows(UncheckedIOException.class, () -> decoder.decode(missing));
        assertEquals("Cannot read image " + missing + ": no such file", io.getMessage());
    }

    @Test
    void detectsFormatsByMagicNumber() {
        assertEquals(ImageFormat.JPEG, ImageFormat.detect(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}).get());
        assertEquals(ImageFormat.PNG, ImageFormat.detect(encode(noise(1, 1, 8), "png")).get());
        assertEquals(ImageFormat.GIF, ImageFormat.detect("GIF87a".getBytes(StandardCharsets.US_ASCII)).get());
        assertEquals(ImageFormat.GIF, ImageFormat.detect("GIF89a...".getBytes(StandardCharsets.US_ASCII)).get());
        assertEquals(ImageFormat.BMP, ImageFormat.detect("BM".getBytes(StandardCharsets.US_ASCII)).get());
        assertTrue(ImageFormat.detect("GIF88a".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(ImageFormat.detect(new byte[] {(byte) 0xFF, (byte) 0xD8}).isEmpty());
        assertTrue(ImageFormat.detect(new byte[0]).isEmpty());
    }

    // ---- decompression bombs --------------------------------------------------------------------

    @Test
    void refusesHugeDeclaredSizesBeforeAllocating() {
        // 100000 x 100000 RGB would need 30 GB; the header alone must be enough to refuse it.
        byte[] png = TestImages.pngHeader(100_000, 100_000);
        ImageDecodeException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ImageDecodeException.class, () -> decoder.decode(png, "bomb.png")));
        assertEquals("Cannot decode image bomb.png: it declares 100000 x 100000 = 10,000,000,000 pixels, more than "
                + "the limit of 100,000,000 (a guard against decompression bombs); if the file is trusted, raise the "
                + "limit with ImageDecoder.builder().optMaxPixels(...)", e.getMessage());
    }

    @Test
    void refusesHugeSizesInEveryFormat() {
        byte[] jpeg = jpeg(noise(8, 8, 9));
        int sof = TestImages.jpegSegment(jpeg, 0xC0);
        jpeg[sof + 5] = (byte) 0xEA; // height 60000 = 0xEA60, then width 60000
        jpeg[sof + 6] = 0x60;
        jpeg[sof + 7] = (byte) 0xEA;
        jpeg[sof + 8] = 0x60;
        byte[] gif = encode(noise(4, 4, 10), "gif");
        Arrays.fill(gif, 6, 10, (byte) 0xFF); // logical screen 65535 x 65535
        byte[] bmp = encode(noise(4, 4, 11), "bmp");
        bmp[19] = (byte) 0xC3; // width and height, little-endian at offsets 18 and 22: 50000 = 0xC350
        bmp[18] = 0x50;
        bmp[23] = (byte) 0xC3;
        bmp[22] = 0x50;
        for (byte[] bomb : new byte[][] {jpeg, gif}) {
            ImageDecodeException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(ImageDecodeException.class, () -> decode(bomb)));
            assertTrue(e.getMessage().contains("a guard against decompression bombs"), e.getMessage());
        }
        // ImageIO's BMP reader already refuses a header whose size disagrees with the file: fast, no allocation.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(ImageDecodeException.class,
                () -> decode(bmp)));
    }

    @Test
    void theLimitIsConfigurable() {
        byte[] png = encode(noise(20, 20, 12), "png");
        ImageDecoder strict = ImageDecoder.builder().optMaxPixels(399).build();
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> strict.decode(png, "small.png"));
        assertTrue(e.getMessage().contains("20 x 20 = 400 pixels, more than the limit of 399"), e.getMessage());
        assertEquals(400, ImageDecoder.builder().optMaxPixels(400).build().decode(png, "small.png").size() / 3);
        assertEquals(ImageDecoder.DEFAULT_MAX_PIXELS, decoder.maxPixels());
        assertThrows(IllegalArgumentException.class, () -> ImageDecoder.builder().optMaxPixels(0).build());
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> ImageDecoder.builder().optMaxPixels(ImageDecoder.MAX_SUPPORTED_PIXELS + 1).build());
        assertTrue(tooMany.getMessage().contains("received " + (ImageDecoder.MAX_SUPPORTED_PIXELS + 1)));
    }
}
