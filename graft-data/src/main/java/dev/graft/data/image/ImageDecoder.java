package dev.graft.data.image;

import dev.graft.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Decodes JPEG, PNG, GIF (first frame) and BMP files into {@code [height, width, 3]} uint8 RGB tensors, as
 * {@code tf.io.decode_image(contents, channels=3, expand_animations=False)} does, the call behind Keras'
 * {@code image_dataset_from_directory}:
 * <ul>
 *   <li>the format comes from the bytes, never from the file name;</li>
 *   <li>grayscale is replicated to three channels; palette images give their palette colours; alpha is
 *       dropped (the stored colour is kept, not composited); 16-bit samples keep their high byte;</li>
 *   <li>JPEG samples come from the JDK's libjpeg (default settings, as TensorFlow's libjpeg-turbo) and
 *       their colours are converted with libjpeg's own arithmetic, and for CMYK and YCCK with TensorFlow's
 *       formula; no embedded colour profile is applied (TensorFlow applies none). Warnings such as "Corrupt
 *       JPEG data: N extraneous bytes" do not stop decoding, but a JPEG cut short (no end-of-image marker)
 *       is refused, as TensorFlow refuses it; so are a PNG whose chunks stop before the IEND chunk and a
 *       GIF whose blocks stop before its trailer (libpng and giflib read to the end);</li>
 *   <li>a GIF whose first frame does not cover its canvas is refused, as TensorFlow refuses it;</li>
 *   <li>EXIF orientation is ignored, as in TensorFlow.</li>
 * </ul>
 * Empty, unknown, corrupt and truncated data throw {@link ImageDecodeException} naming the file. So does
 * an image declaring more pixels than {@link #maxPixels()}, checked from its header before any pixel memory
 * is allocated (a guard against decompression bombs).
 *
 * <p>A decoder holds no state besides its limit: one instance can serve many threads.
 */
public final class ImageDecoder {
    /** The default pixel limit: 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** The largest limit a decoder accepts: three bytes per pixel must fit in one Java array. */
    public static final long MAX_SUPPORTED_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    private final long maxPixels;

    /** A decoder with the default limit of {@value #DEFAULT_MAX_PIXELS} pixels. */
    public ImageDecoder() {
        this(DEFAULT_MAX_PIXELS);
    }

    private ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /** A builder, for a decoder with another pixel limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** The most pixels (width times height) an image may declare. */
    public long maxPixels() {
        return maxPixels;
    }

    /**
     * Decodes the image in {@code file}.
     *
     * @return a {@code [height, width, 3]} uint8 tensor, owned by the caller (or the open TensorScope)
     * @throws ImageDecodeException if the content is not a decodable image
     * @throws UncheckedIOException if the file cannot be read
     */
    public Tensor decode(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("Cannot read image " + file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read image " + file + ": " + e.getMessage(), e);
        }
        return decode(data, file.toString());
    }

    /**
     * Decodes an image held in memory.
     *
     * @param name where the bytes came from, for error messages (e.g. the file name)
     * @return a {@code [height, width, 3]} uint8 tensor, owned by the caller (or the open TensorScope)
     * @throws ImageDecodeException if {@code data} is not a decodable image
     */
    public Tensor decode(byte[] data, String name) {
        Pixels pixels = decodePixels(data, name);
        return Tensor.ofUint8(pixels.rgb, pixels.height, pixels.width, 3);
    }

    /** Interleaved RGB bytes and the size they cover. */
    private record Pixels(byte[] rgb, int height, int width) {
    }

    private Pixels decodePixels(byte[] data, String name) {
        if (data.length == 0) {
            throw new ImageDecodeException(name, "the file is empty (0 bytes)");
        }
        ImageFormat format = ImageFormat.detect(data).orElseThrow(() -> new ImageDecodeException(name,
                "unknown image format: the data starts with bytes " + hex(data) + ", which is not JPEG, PNG, GIF "
                        + "or BMP (the format is recognised from the content, not from the file name)"));
        if (format == ImageFormat.PNG && !PngChunks.complete(data)) {
            throw new ImageDecodeException(name, "truncated or damaged PNG: its " + data.length + " bytes do not "
                    + "hold a whole chain of chunks up to the IEND chunk (the file was cut short)");
        }
        if (format == ImageFormat.GIF && !GifBlocks.complete(data)) {
            throw new ImageDecodeException(name, "truncated or damaged GIF: its " + data.length + " bytes do not "
                    + "hold whole blocks up to the trailer (the file was cut short)");
        }
        ImageReader reader = readerFor(format);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, false, format != ImageFormat.GIF);
            return format == ImageFormat.JPEG ? jpeg(data, reader, name) : other(format, reader, name);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO's readers report damaged data with IIOException, EOFException, and at times with
            // runtime exceptions from deep inside (index out of bounds, illegal arguments).
            throw new ImageDecodeException(name, "corrupt, truncated or unsupported " + format + " data ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        } finally {
            reader.dispose();
        }
    }

    private Pixels jpeg(byte[] data, ImageReader reader, String name) throws IOException {
        checkSize(name, reader.getWidth(0), reader.getHeight(0));
        JpegHeader header = JpegHeader.parse(data);
        if (!header.complete()) {
            throw new ImageDecodeException(name, "truncated JPEG: its " + data.length + " bytes end before the "
                    + "end-of-image marker (the file was cut short)");
        }
        JpegHeader.ColorSpace space = header.colorSpace();
        if (space == null) {
            throw new ImageDecodeException(name, "a JPEG with " + header.components() + " colour components; "
                    + "only 1 (grayscale), 3 (YCbCr or RGB) and 4 (CMYK or YCCK) can be decoded");
        }
        // The raster holds the components as stored (no colour conversion, no colour profile), which
        // JpegColors then converts the way TensorFlow does.
        Raster raster = reader.readRaster(0, null);
        int bands = raster.getNumBands();
        if (bands != header.components() || !RgbPixels.isByteComponentRaster(raster)) {
            throw new ImageDecodeException(name, "the JPEG reader returned " + bands + " 8-bit bands for a frame of "
                    + header.components() + " components");
        }
        byte[] samples = RgbPixels.bands(raster, IntStream.range(0, bands).toArray());
        int pixels = raster.getWidth() * raster.getHeight();
        return new Pixels(JpegColors.toRgb(samples, pixels, space, header.hasAdobeMarker()), raster.getHeight(),
                raster.getWidth());
    }

    private Pixels other(ImageFormat format, ImageReader reader, String name) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        checkSize(name, width, height);
        if (format == ImageFormat.GIF) {
            checkGifCanvas(reader, name, width, height);
        }
        BufferedImage image = reader.read(0);
        return new Pixels(RgbPixels.of(image), image.getHeight(), image.getWidth());
    }

    /** TensorFlow decodes a GIF onto its canvas and refuses a first frame that does not cover it. */
    private void checkGifCanvas(ImageReader reader, String name, int width, int height) throws IOException {
        IIOMetadata stream = reader.getStreamMetadata();
        NamedNodeMap screen = child(stream.getAsTree(stream.getNativeMetadataFormatName()),
                "LogicalScreenDescriptor");
        int canvasWidth = intAttribute(screen, "logicalScreenWidth");
        int canvasHeight = intAttribute(screen, "logicalScreenHeight");
        checkSize(name, canvasWidth, canvasHeight);
        IIOMetadata frame = reader.getImageMetadata(0);
        NamedNodeMap descriptor = child(frame.getAsTree(frame.getNativeMetadataFormatName()), "ImageDescriptor");
        int left = intAttribute(descriptor, "imageLeftPosition");
        int top = intAttribute(descriptor, "imageTopPosition");
        if (left != 0 || top != 0 || width != canvasWidth || height != canvasHeight) {
            throw new ImageDecodeException(name, "its first GIF frame (" + width + " x " + height + " at (" + left
                    + ", " + top + ")) does not cover its " + canvasWidth + " x " + canvasHeight
                    + " canvas, which TensorFlow does not decode either");
        }
    }

    private static NamedNodeMap child(Node root, String name) {
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(name)) {
                return n.getAttributes();
            }
        }
        throw new IllegalStateException("GIF metadata without " + name);
    }

    private static int intAttribute(NamedNodeMap attributes, String name) {
        return Integer.parseInt(attributes.getNamedItem(name).getNodeValue());
    }

    private void checkSize(String name, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException(name, "it declares an empty size of " + width + " x " + height + " pixels");
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ImageDecodeException(name, String.format(Locale.ROOT, "it declares %d x %d = %,d pixels, "
                    + "more than the limit of %,d (a guard against decompression bombs); if the file is trusted, "
                    + "raise the limit with ImageDecoder.builder().optMaxPixels(...)", width, height, pixels,
                    maxPixels));
        }
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("No ImageIO reader for " + format + " is installed");
        }
        return readers.next();
    }

    private static String hex(byte[] data) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(data.length, 8); i++) {
            s.append(i == 0 ? "" : " ").append(String.format("%02x", data[i] & 0xFF));
        }
        return s.toString();
    }

    /** Options of an {@link ImageDecoder}. */
    public static final class Builder {
        private long maxPixels = DEFAULT_MAX_PIXELS;

        private Builder() {
        }

        /**
         * The most pixels (width times height) an image may declare; larger ones are refused before
         * decoding. Default {@value ImageDecoder#DEFAULT_MAX_PIXELS}.
         */
        public Builder optMaxPixels(long maxPixels) {
            this.maxPixels = maxPixels;
            return this;
        }

        /** @throws IllegalArgumentException if the limit is below 1 or above {@link #MAX_SUPPORTED_PIXELS} */
        public ImageDecoder build() {
            if (maxPixels < 1 || maxPixels > MAX_SUPPORTED_PIXELS) {
                throw new IllegalArgumentException("maxPixels must be between 1 and " + MAX_SUPPORTED_PIXELS
                        + " (three bytes per pixel in one Java array), received " + maxPixels);
            }
            return new ImageDecoder(maxPixels);
        }
    }
}
