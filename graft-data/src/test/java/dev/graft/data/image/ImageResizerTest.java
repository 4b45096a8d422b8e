package dev.graft.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.Interpolation;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ImageResizer} and {@link CropWindow}, against Keras' {@code smart_resize} worked out by hand. */
class ImageResizerTest {
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    /** A [height, width, 1] image whose pixel (r, c) is 100 r + c. */
    private static Tensor ramp(int height, int width) {
        float[] v = new float[height * width];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                v[r * width + c] = 100 * r + c;
            }
        }
        return Tensor.of(v, height, width, 1);
    }

    @Test
    void cropWindowIsTheLargestCenteredOneWithTheTargetAspect() {
        // Keras' docstring: a (340, 500) image and a (200, 200) target give a 340 x 340 crop centered in width.
        assertEquals(new CropWindow(0, 80, 340, 340), CropWindow.centered(340, 500, 200, 200));
        // 375 x 500 to 150 x 150: left = int((500 - 375) / 2) = 62.
        assertEquals(new CropWindow(0, 62, 375, 375), CropWindow.centered(375, 500, 150, 150));
        // 7 x 10 to 2 x 3: cropHeight = min(7, int(10 * 2 / 3) = 6), cropWidth = min(10, int(7 * 3 / 2) = 10),
        // top = int((7 - 6) / 2) = 0.
        assertEquals(new CropWindow(0, 0, 6, 10), CropWindow.centered(7, 10, 2, 3));
        // A tall image and a wide target: 10 x 4 to 1 x 2: cropHeight = int(4 * 1 / 2) = 2, top = 4.
        assertEquals(new CropWindow(4, 0, 2, 4), CropWindow.centered(10, 4, 1, 2));
        // The same aspect ratio keeps everything.
        assertEquals(new CropWindow(0, 0, 300, 400), CropWindow.centered(300, 400, 150, 200));
        // Never empty: a 1 x 1000 strip to a square keeps 1 x 1 from the middle.
        assertEquals(new CropWindow(0, 499, 1, 1), CropWindow.centered(1, 1000, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> CropWindow.centered(0, 10, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> new CropWindow(-1, 0, 1, 1));
    }

    @Test
    void resizesLikeTheFacadeOpByDefault() {
        Tensor image = ramp(4, 6);
        ImageResizer resize = new ImageResizer(2, 3);
        assertEquals(Interpolation.BILINEAR, resize.interpolation());
        Tensor out = resize.apply(image);
        assertEquals(Shape.of(2, 3, 1), out.shape());
        assertEquals(DType.FLOAT32, out.dtype());
        // Halving both sides samples at 0.5, 2.5 (rows) and 0.5, 2.5, 4.5 (columns): midpoints.
        assertArrayEquals(new float[] {50.5f, 52.5f, 54.5f, 250.5f, 252.5f, 254.5f}, out.toFloatArray(), 1e-4f);
    }

    @Test
    void cropsToTheAspectRatioBeforeResizing() {
        // 4 x 6 to 2 x 2: the centered 4 x 4 window (columns 1..4), then halved.
        ImageResizer smart = ImageResizer.builder().size(2, 2).optCropToAspectRatio(true).build();
        Tensor out = smart.apply(ramp(4, 6));
        // Window columns 1..4 sampled at 0.5 and 2.5 -> 1.5 and 3.5; rows 0.5 and 2.5 -> 50 and 250.
        assertArrayEquals(new float[] {51.5f, 53.5f, 251.5f, 253.5f}, out.toFloatArray(), 1e-4f);

        // A batch is cropped with the same window, image by image.
        Tensor batch = Tensor.concat(java.util.List.of(ramp(4, 6).expandDims(0), ramp(4, 6).add(1000).expandDims(0)),
                0);
        Tensor batchOut = smart.apply(batch);
        assertEquals(Shape.of(2, 2, 2, 1), batchOut.shape());
        assertArrayEquals(new float[] {51.5f, 53.5f, 251.5f, 253.5f, 1051.5f, 1053.5f, 1251.5f, 1253.5f},
                batchOut.toFloatArray(), 1e-4f);
    }

    @Test
    void nearestAndUint8Input() {
        ImageResizer nearest = ImageResizer.builder().size(1, 2).optInterpolation(Interpolation.NEAREST).build();
        Tensor image = Tensor.ofUint8(new byte[] {10, 20, 30}, 1, 3, 1);
        Tensor out = nearest.apply(image);
        assertEquals(DType.FLOAT32, out.dtype());
        // 3 -> 2 picks floor(0.75) = 0 and floor(2.25) = 2.
        assertArrayEquals(new float[] {10, 30}, out.toFloatArray());
    }

    @Test
    void keepsNoIntermediateTensors() {
        Tensor image = ramp(8, 12);
        ImageResizer smart = ImageResizer.builder().size(3, 3).optCropToAspectRatio(true).build();
        try (TensorScope inner = TensorScope.open()) {
            Tensor out = smart.apply(image);
            assertEquals(1, inner.trackedCount(), "only the result is left in the caller's scope");
            assertEquals(Shape.of(3, 3, 1), out.shape());
        }
    }

    @Test
    void validatesItsOptions() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ImageResizer.builder().build());
        assertTrue(none.getMessage().contains("size(height, width)"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ImageResizer(0, 5));
        assertThrows(IllegalArgumentException.class, () -> ImageResizer.builder().optInterpolation(null));
        Tensor flat = Tensor.of(new float[] {1, 2}, 2);
        assertThrows(IllegalArgumentException.class,
                () -> ImageResizer.builder().size(2, 2).optCropToAspectRatio(true).build().apply(flat));
        assertEquals("ImageResizer[150 x 150, bilinear, crop to aspect ratio]",
                ImageResizer.builder().size(150, 150).optCropToAspectRatio(true).build().toString());
    }
}
