package dev.graft.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.applications.ImagenetPreprocessing.Mode;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class ImagenetPreprocessingTest {
    /** Two RGB pixels: (0, 128, 255) and (10, 20, 30). */
    private static final float[] PIXELS = {0, 128, 255, 10, 20, 30};

    @Test
    void tfModeScalesToMinusOneOne() {
        try (TensorScope scope = TensorScope.open()) {
            float[] y = ImagenetPreprocessing.preprocessInput(Tensor.of(PIXELS, 1, 1, 2, 3), Mode.TF).toFloatArray();
            for (int i = 0; i < PIXELS.length; i++) {
                assertEquals(PIXELS[i] / 127.5f - 1, y[i], 1e-6f); // x / 127.5 - 1
            }
        }
    }

    @Test
    void caffeModeReversesToBgrAndSubtractsTheMean() {
        // BGR means (103.939, 116.779, 123.68)
        float[] expected = {255 - 103.939f, 128 - 116.779f, 0 - 123.68f, 30 - 103.939f, 20 - 116.779f, 10 - 123.68f};
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Tensor.of(PIXELS, 1, 1, 2, 3);
            Tensor y = ImagenetPreprocessing.preprocessInput(x, Mode.CAFFE);
            assertEquals(Shape.of(1, 1, 2, 3), y.shape());
            assertArrayEquals(expected, y.toFloatArray(), 1e-4f);
            assertArrayEquals(PIXELS, x.toFloatArray(), "the input is unchanged");
        }
    }

    @Test
    void torchModeNormalizesEachChannel() {
        // (x / 255 - mean[c]) / std[c], mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225)
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        float[] expected = new float[PIXELS.length];
        for (int i = 0; i < PIXELS.length; i++) {
            expected[i] = (float) ((PIXELS[i] / 255.0 - mean[i % 3]) / std[i % 3]);
        }
        try (TensorScope scope = TensorScope.open()) {
            Tensor y = ImagenetPreprocessing.preprocessInput(Tensor.of(PIXELS, 2, 3), Mode.TORCH);
            assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void integerImagesBecomeFloat32AndFloat64StaysFloat64() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor ints = Tensor.of(new long[] {0, 255, 51}, 1, 3);
            Tensor y = ImagenetPreprocessing.preprocessInput(ints, Mode.TF);
            assertEquals(DType.FLOAT32, y.dtype());
            assertArrayEquals(new float[] {-1, 1, 51 / 127.5f - 1}, y.toFloatArray(), 1e-6f);
            Tensor doubles = Tensor.of(new double[] {10, 20, 30}, 1, 3);
            assertEquals(DType.FLOAT64, ImagenetPreprocessing.preprocessInput(doubles, Mode.CAFFE).dtype());
        }
    }

    @Test
    void caffeAndTorchNeedThreeChannels() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor gray = Tensor.of(new float[] {1, 2}, 1, 2, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ImagenetPreprocessing.preprocessInput(gray, Mode.CAFFE));
            assertTrue(e.getMessage().contains("CAFFE") && e.getMessage().contains("(1, 2, 1)"), e.getMessage());
            assertFalse(ImagenetPreprocessing.preprocessInput(gray, Mode.TF).isClosed(), "tf takes any shape");
            assertThrows(IllegalArgumentException.class, () -> ImagenetPreprocessing.preprocessInput(gray, null));
        }
    }
}
