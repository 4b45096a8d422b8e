package dev.graft.data.image;

import dev.graft.tensor.DType;
import dev.graft.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Conversions between Java images and {@code [height, width, 3]} RGB tensors. */
public final class ImageTensors {

    private ImageTensors() {
    }

    /**
     * The pixels of {@code image} as a {@code [height, width, 3]} uint8 RGB tensor, read from its raster in
     * bulk. Stored values are taken as they are, as {@link ImageDecoder} does: palette colours for indexed
     * images, gray replicated to three channels, alpha ignored, 16-bit samples reduced to their high byte.
     * Other colour models (another colour space, premultiplied alpha) are converted by Java2D, drawn over
     * black.
     */
    public static Tensor toTensor(BufferedImage image) {
        return Tensor.ofUint8(RgbPixels.of(image), image.getHeight(), image.getWidth(), 3);
    }

    /**
     * A {@code [height, width, 3]} RGB tensor as an image. Uint8 values are used as they are; other types are
     * read as values in [0, 255], clipped to that range and truncated, as NumPy's {@code astype("uint8")}
     * does for the Keras guides' pictures.
     *
     * @throws IllegalArgumentException if {@code image} is not {@code [height, width, 3]} or is empty
     */
    public static BufferedImage toImage(Tensor image) {
        if (image.rank() != 3 || image.shape().get(2) != 3 || image.size() == 0) {
            throw new IllegalArgumentException("An RGB image must be a non-empty [height, width, 3] tensor, received "
                    + image.dtype() + " of shape " + image.shape() + "; take one image of a batch with slice "
                    + "and reshape first");
        }
        if (image.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("An RGB image needs numeric values in [0, 255], received a bool "
                    + "tensor of shape " + image.shape());
        }
        int height = Math.toIntExact(image.shape().get(0));
        int width = Math.toIntExact(image.shape().get(1));
        float[] values = image.toFloatArray();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int p = 0; p < values.length; p += 3) {
            bgr[p] = toByte(values[p + 2]);
            bgr[p + 1] = toByte(values[p + 1]);
            bgr[p + 2] = toByte(values[p]);
        }
        return out;
    }

    private static byte toByte(float value) {
        // NaN compares false both ways and becomes 0.
        return (byte) (value >= 255f ? 255 : value > 0f ? (int) value : 0);
    }
}
