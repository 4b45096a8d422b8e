package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.graft.applications.Application;
import dev.graft.applications.PreprocessMode;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/** The preprocessing layer inside the model matches each application's {@code preprocess_input}. */
class BasePreprocessingTest {

    /** Pixels 0..255 of two 2 x 3 images, every channel different. */
    private static Tensor pixels() {
        float[] values = new float[2 * 2 * 3 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 37) % 256;
        }
        return Tensor.of(values, 2, 2, 3, 3);
    }

    private static float[] throughModel(Application application) {
        SymbolicTensor inputs = Input.of(2, 3, 3);
        try (Model model = new Model(inputs, BasePreprocessing.apply(application, inputs));
                TensorScope scope = TensorScope.open()) {
            return model.call(pixels(), false).toFloatArray();
        }
    }

    @Test
    void tfModeIsRescalingToMinusOneOne() {
        try (TensorScope scope = TensorScope.open()) {
            float[] expected = PreprocessMode.TF.apply(pixels()).toFloatArray();   // x / 127.5 - 1
            assertArrayEquals(expected, throughModel(Application.MOBILENET), 1e-6f);
            assertArrayEquals(expected, throughModel(Application.XCEPTION), 1e-6f);
            assertArrayEquals(expected, throughModel(Application.MOBILENET_V2), 1e-6f);
        }
    }

    @Test
    void caffeModeIsAFrozenChannelSwapMinusTheMean() {
        try (TensorScope scope = TensorScope.open()) {
            float[] pixels = pixels().toFloatArray();
            float[] expected = new float[pixels.length];
            double[] meanBgr = {103.939, 116.779, 123.68};
            for (int i = 0; i < pixels.length; i += 3) {
                for (int c = 0; c < 3; c++) {
                    expected[i + c] = (float) (pixels[i + 2 - c] - meanBgr[c]);   // BGR, minus the mean pixel
                }
            }
            assertArrayEquals(expected, throughModel(Application.RESNET50), 1e-4f);
            assertArrayEquals(PreprocessMode.CAFFE.apply(pixels()).toFloatArray(), throughModel(Application.RESNET50),
                    1e-4f);
        }
        SymbolicTensor inputs = Input.of(2, 3, 3);
        try (Model model = new Model(inputs, BasePreprocessing.apply(Application.RESNET50, inputs))) {
            assertEquals("caffe_preprocessing", model.layers().get(1).name());
            assertEquals(0, model.trainableWeights().size(), "frozen");
        }
    }

    @Test
    void efficientNetPreprocessesItself() {
        SymbolicTensor inputs = Input.of(2, 3, 3);
        assertSame(inputs, BasePreprocessing.apply(Application.EFFICIENTNET_B0, inputs));
    }
}
