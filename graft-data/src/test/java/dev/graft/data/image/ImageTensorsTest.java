package dev.graft.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ImageTensors}: Java images to RGB tensors and back. */
class ImageTensorsTest {
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    @Test
    void readsRgbImagesOfEveryLayout() {
        int[] argb = {0xFF102030, 0xFFFFFFFF, 0xFF000000, 0xFFABCDEF};
        long[] expected = {0x10, 0x20, 0x30, 255, 255, 255, 0, 0, 0, 0xAB, 0xCD, 0xEF};
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_ARGB}) {
            BufferedImage image = new BufferedImage(2, 2, type);
            image.setRGB(0, 0, 2, 2, argb, 0, 2);
            Tensor t = ImageTensors.toTensor(image);
            assertEquals(Shape.of(2, 2, 3), t.shape());
            assertEquals(DType.UINT8, t.dtype());
            assertArrayEquals(expected, t.toLongArray(), "image type " + type);
        }
    }

    @Test
    void readsASubimageThroughItsOffsets() {
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, (10 * x) << 16 | (10 * y) << 8 | 7);
            }
        }
        Tensor t = ImageTensors.toTensor(image.getSubimage(1, 1, 2, 2));
        assertArrayEquals(new long[] {10, 10, 7, 20, 10, 7, 10, 20, 7, 20, 20, 7}, t.toLongArray());
    }

    @Test
    void premultipliedAlphaIsDrawnOverBlack() {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB_PRE);
        image.setRGB(0, 0, 0x80C86432); // 50% alpha over (200, 100, 50)
        long[] rgb = ImageTensors.toTensor(image).toLongArray();
        // Composited over black: about half of each channel.
        assertEquals(100, rgb[0], 2);
        assertEquals(50, rgb[1], 2);
        assertEquals(25, rgb[2], 2);
    }

    @Test
    void writesTensorsAsImages() {
        Tensor bytes = Tensor.ofUint8(new byte[] {1, 2, 3, (byte) 250, (byte) 251, (byte) 252}, 1, 2, 3);
        BufferedImage image = ImageTensors.toImage(bytes);
        assertEquals(2, image.getWidth());
        assertEquals(1, image.getHeight());
        assertEquals(0x010203, image.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFAFBFC, image.getRGB(1, 0) & 0xFFFFFF);

        // Floats in [0, 255] are clipped and truncated, as NumPy's astype("uint8") on in-range values.
        Tensor floats = Tensor.of(new float[] {12.9f, -3f, 300f, 0.5f, 254.99f, Float.NaN}, 1, 2, 3);
        BufferedImage fromFloats = ImageTensors.toImage(floats);
        assertEquals(12 << 16 | 255, fromFloats.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(254 << 8, fromFloats.getRGB(1, 0) & 0xFFFFFF);

        // And back: the same bytes.
        assertArrayEquals(bytes.toLongArray(), ImageTensors.toTensor(image).toLongArray());
    }

    @Test
    void refusesTensorsThatAreNotRgbImages() {
        Tensor batch = Tensor.zeros(Shape.of(1, 2, 2, 3), DType.UINT8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageTensors.toImage(batch));
        assertTrue(e.getMessage().contains(batch.shape().toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageTensors.toImage(Tensor.zeros(Shape.of(2, 2, 4),
                DType.FLOAT32)));
        assertThrows(IllegalArgumentException.class, () -> ImageTensors.toImage(Tensor.zeros(Shape.of(2, 2, 3),
                DType.BOOL)));
    }
}
