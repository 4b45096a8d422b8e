package dev.graft.cli;

import dev.graft.applications.Application;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SymbolicTensor;
import dev.graft.tensor.HostArray;
import java.util.List;

/**
 * The layer that turns pixels 0..255 into what a pretrained base expects, inside the model, so a saved model
 * takes plain pixels:
 * <ul>
 * <li>tf-mode bases (Xception, MobileNet, MobileNetV2): {@code Rescaling(1/127.5, offset=-1)}, as the guide;</li>
 * <li>caffe-mode ResNet50: Keras users call {@code resnet50.preprocess_input} on the model's input (RGB to BGR,
 *     minus the ImageNet mean pixel). Graft writes that function as a frozen 1x1 {@code Conv2D} named
 *     {@code caffe_preprocessing}: its kernel swaps the R and B channels and its bias subtracts the mean, so the
 *     result is exactly {@code preprocess_input}'s and the model saves as standard Keras layers;</li>
 * <li>EfficientNetB0: nothing, its own first layers rescale and normalize.</li>
 * </ul>
 */
final class BasePreprocessing {
    /** Keras' caffe mean pixel, in BGR order. */
    private static final float[] CAFFE_MEAN_BGR = {103.939f, 116.779f, 123.68f};

    private BasePreprocessing() {
    }

    /** {@code images} {@code [batch, height, width, 3]}, 0..255, preprocessed for {@code base}. */
    static SymbolicTensor apply(Application base, SymbolicTensor images) {
        return switch (base) {
            case XCEPTION, MOBILENET, MOBILENET_V2 -> new Rescaling(1 / 127.5, -1).call(images);
            case RESNET50 -> caffe(images);
            case EFFICIENTNET_B0 -> images;
        };
    }

    /** What {@link #apply} does, for the report. */
    static String describe(Application base) {
        return switch (base) {
            case XCEPTION, MOBILENET, MOBILENET_V2 -> "Rescaling(1/127.5, offset=-1): pixels to [-1, 1]";
            case RESNET50 -> "caffe preprocessing (RGB to BGR, minus the ImageNet mean) as a frozen 1x1 Conv2D";
            case EFFICIENTNET_B0 -> "none: EfficientNet rescales and normalizes inside";
        };
    }

    private static SymbolicTensor caffe(SymbolicTensor images) {
        Conv2D conv = Conv2D.builder().setFilters(3).setKernelSize(1, 1).optName("caffe_preprocessing").build();
        SymbolicTensor out = conv.call(images);
        // Kernel [1, 1, in, out]: output channel o (B, G, R) reads input channel 2 - o (of R, G, B).
        float[] kernel = new float[9];
        float[] bias = new float[3];
        for (int o = 0; o < 3; o++) {
            kernel[(2 - o) * 3 + o] = 1;
            bias[o] = -CAFFE_MEAN_BGR[o];
        }
        conv.setWeights(List.of(new HostArray(kernel, new long[] {1, 1, 3, 3}), new HostArray(bias, new long[] {3})));
        conv.setTrainable(false);
        return out;
    }
}
