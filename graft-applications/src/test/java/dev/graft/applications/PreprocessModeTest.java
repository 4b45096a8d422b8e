package dev.graft.applications;

import static dev.graft.applications.XceptionTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class PreprocessModeTest {
    /** Two RGB pixels, (0, 127.5, 255) and (10, 20, 30), as a [1, 1, 2, 3] image. */
    private static final float[] PIXELS = {0, 127.5f, 255, 10, 20, 30};

    @Test
    void tfScalesToMinusOneOne() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Tensor.of(PIXELS, 1, 1, 2, 3);
            Tensor y = PreprocessMode.TF.apply(x);
            // x / 127.5 - 1
            float[] expected = new float[PIXELS.length];
            for (int i = 0; i < PIXELS.length; i++) {
                expected[i] = PIXELS[i] / 127.5f - 1;
            }
            assertArrayEquals(expected, y.toFloatArray(), 1e-6f);
            assertArrayEquals(PIXELS, x.toFloatArray(), "the input is left as it is");
            assertArrayEquals(expected, Xception.preprocessInput(x).toFloatArray(), 1e-6f);
            assertArrayEquals(expected, MobileNet.preprocessInput(x).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void caffeSwapsToBgrAndSubtractsTheMeanPixel() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor y = PreprocessMode.CAFFE.apply(Tensor.of(PIXELS, 2, 3));
            // (B - 103.939, G - 116.779, R - 123.68) per pixel.
            float[] expected = {255 - 103.939f, 127.5f - 116.779f, 0 - 123.68f, 30 - 103.939f, 20 - 116.779f,
                10 - 123.68f};
            assertArrayEquals(expected, y.toFloatArray(), 1e-4f);
            assertEquals(Shape.of(2, 3), y.shape());
        }
    }

    @Test
    void torchNormalizesWithImagenetStatistics() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor y = PreprocessMode.TORCH.apply(Tensor.of(PIXELS, 1, 2, 3));
            double[] mean = {0.485, 0.456, 0.406};
            double[] std = {0.229, 0.224, 0.225};
            float[] expected = new float[PIXELS.length];
            for (int i = 0; i < PIXELS.length; i++) {
                expected[i] = (float) ((PIXELS[i] / 255.0 - mean[i % 3]) / std[i % 3]);
            }
            assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void integerImagesBecomeFloat32AndFloat64StaysFloat64() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor bytes = Tensor.of(new long[] {0, 255, 51}, 1, 3).toType(DType.UINT8);
            Tensor y = PreprocessMode.TF.apply(bytes);
            assertEquals(DType.FLOAT32, y.dtype());
            assertArrayEquals(new float[] {-1, 1, 51 / 127.5f - 1}, y.toFloatArray(), 1e-6f);
            Tensor doubles = Tensor.of(new double[] {255, 0, 0}, 1, 3);
            assertEquals(DType.FLOAT64, PreprocessMode.CAFFE.apply(doubles).dtype());
        }
    }

    @Test
    void rejectsImagesWithoutThreeChannelsLast() {
        try (TensorScope scope = TensorScope.open()) {
            assertMessage(() -> PreprocessMode.CAFFE.apply(Tensor.zeros(Shape.of(1, 3, 4, 4), DType.FLOAT32)),
                    "CAFFE", "(1, 3, 4, 4)");
        }
    }
}
