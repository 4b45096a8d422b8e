package dev.graft.data.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.IntBinaryOperator;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Encoded test images, written with ImageIO's writers (and a few hand-made byte patches). */
final class TestImages {

    private TestImages() {
    }

    /** An RGB image whose pixel (x, y) is {@code rgbAt(x, y)} as 0xRRGGBB. */
    static BufferedImage rgb(int width, int height, IntBinaryOperator rgbAt) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgbAt.applyAsInt(x, y));
            }
        }
        return image;
    }

    /** {@code image} in {@code format} ("png", "gif", "bmp", "jpeg"), by ImageIO's default writer. */
    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertTrue(ImageIO.write(image, format, out), "no " + format + " writer for image type " + image.getType());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code image} (a BufferedImage or a bare Raster) as a JPEG of the best quality. */
    static byte[] jpeg(BufferedImage image) {
        return jpeg(new IIOImage(image, null, null));
    }

    /** A raster's bands written as JPEG components as they are, with no colour transform and no JFIF marker. */
    static byte[] jpeg(Raster raster) {
        return jpeg(new IIOImage(raster, null, null));
    }

    private static byte[] jpeg(IIOImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1f);
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A raster of {@code width x height} pixels all equal to {@code samples} (one per band). */
    static Raster uniformRaster(int width, int height, int... samples) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, samples.length,
                null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, samples);
            }
        }
        return raster;
    }

    /**
     * {@code jpeg} with an Adobe APP14 marker inserted after its start-of-image marker: "Adobe", version 100,
     * two flag words, then the colour transform (0: none, 1: YCbCr, 2: YCCK).
     */
    static byte[] withAdobeMarker(byte[] jpeg, int transform) {
        byte[] segment = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
            (byte) transform};
        return insert(jpeg, 2, segment);
    }

    static byte[] insert(byte[] data, int at, byte[] bytes) {
        byte[] out = new byte[data.length + bytes.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(bytes, 0, out, at, bytes.length);
        System.arraycopy(data, at, out, at + bytes.length, data.length - at);
        return out;
    }

    /** The offset of the first {@code FF marker} segment of a JPEG (walking segments from the start). */
    static int jpegSegment(byte[] jpeg, int marker) {
        int i = 2;
        while ((jpeg[i + 1] & 0xFF) != marker) {
            i += 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
        }
        return i;
    }

    /**
     * The start of a PNG that declares a {@code width x height} 8-bit RGB image: the signature, an IHDR chunk
     * and one small IDAT chunk of zeros, then IEND. Decoding all of it would need width * height * 3 bytes.
     */
    static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeBytes(chunk("IHDR", ihdr.array()));
        out.writeBytes(chunk("IDAT", new byte[] {0x78, 0x01, 0x01, 0x00, 0x00, (byte) 0xFF, (byte) 0xFF}));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    /** A PNG chunk: length, type, data, CRC-32 of type and data. */
    private static byte[] chunk(String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length)
                .put(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(data).putInt((int) crc.getValue())
                .array();
    }
}
