package dev.graft.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.layers.Activation;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.DepthwiseConv2D;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import dev.graft.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads Keras' own MobileNet (alpha 0.25, no top) weight file and writes it back in the same layout. */
class MobileNetWeightFileTest {
    private static final String FILE = "data/weights/mobilenet_2_5_224_tf_no_top.h5";

    @TempDir
    Path dir;

    @Test
    void structureReadsAsKerasWroteIt() {
        try (WeightFile file = WeightFile.open(SharedData.require(FILE))) {
            // input_1, conv1 + bn + relu, 13 blocks of (depthwise, bn, relu, pointwise, bn, relu), pooling.
            assertEquals(1 + 3 + 13 * 6 + 1, file.layers().size());
            assertEquals(List.of("input_1", "conv1", "conv1_bn", "conv1_relu", "conv_dw_1"),
                    file.layers().subList(0, 5).stream().map(SavedLayer::name).toList());
            assertEquals(List.of(), file.layer("conv1_relu").weights());
            // conv1 has 32 * alpha = 8 filters of 3x3 over RGB.
            SavedWeight kernel = file.layer("conv1").weights().get(0);
            assertEquals("conv1/kernel:0", kernel.name());
            assertEquals(Shape.of(3, 3, 3, 8), kernel.shape());
            assertEquals(DType.FLOAT32, kernel.dtype());
            assertEquals("/conv1/conv1/kernel:0", kernel.datasetPath());
            assertEquals(List.of("conv1_bn/gamma:0", "conv1_bn/beta:0", "conv1_bn/moving_mean:0",
                    "conv1_bn/moving_variance:0"), file.layer("conv1_bn").weights().stream().map(SavedWeight::name).toList());
            assertEquals(Shape.of(3, 3, 8, 1), file.layer("conv_dw_1").weights().get(0).shape());
            // The last pointwise convolution maps 1024 * alpha = 256 channels to 256.
            assertEquals(Shape.of(1, 1, 256, 256), file.layer("conv_pw_13").weights().get(0).shape());
            // 54 layers with weights: conv1, conv1_bn, and 4 per block.
            assertEquals(2 + 13 * 4, file.layersWithWeights().size());
            long params = file.layers().stream().flatMap(l -> l.weights().stream()).mapToLong(w -> w.shape().size())
                    .sum();
            assertEquals(218_544, params, "the parameter count Keras documents for this model");
        }
    }

    @Test
    void loadsIntoMobileNetByPositionAndByNameAndSavesTheSameFile() {
        Path original = SharedData.require(FILE);
        Path copy = dir.resolve("copy.h5");
        try (Model byPosition = mobileNet(); Model byName = mobileNet()) {
            byPosition.loadWeights(original);
            byName.loadWeights(original, LoadOptions.builder().optByName(true).build());
            try (WeightFile file = WeightFile.open(original)) {
                assertHolds(byPosition, file);
                assertHolds(byName, file);
            }
            byPosition.saveWeights(copy);
            try (WeightFile file = WeightFile.open(original); WeightFile written = WeightFile.open(copy)) {
                assertEquals(file.layers().stream().map(SavedLayer::name).toList(),
                        written.layers().stream().map(SavedLayer::name).toList());
                for (SavedLayer layer : file.layers()) {
                    List<SavedWeight> expected = layer.weights();
                    List<SavedWeight> actual = written.layer(layer.name()).weights();
                    assertEquals(expected.stream().map(SavedWeight::toString).toList(),
                            actual.stream().map(SavedWeight::toString).toList());
                    for (int i = 0; i < expected.size(); i++) {
                        assertSameValues(expected.get(i), actual.get(i));
                    }
                }
            }
        }
    }

    /** Every weight of every layer of {@code model} equals, bit for bit, the file's weight of that layer. */
    private static void assertHolds(Model model, WeightFile file) {
        for (Layer layer : model.layers()) {
            List<Variable> weights = layer.weights();
            List<SavedWeight> saved = file.layer(layer.name()).weights();
            assertEquals(saved.size(), weights.size(), layer.name());
            for (int i = 0; i < weights.size(); i++) {
                try (TensorScope scope = TensorScope.open()) {
                    assertArrayEquals(saved.get(i).read().toFloatArray(), weights.get(i).value().toFloatArray(),
                            weights.get(i).name());
                }
            }
        }
    }

    private static void assertSameValues(SavedWeight expected, SavedWeight actual) {
        try (Tensor e = expected.read(); Tensor a = actual.read()) {
            assertArrayEquals(e.toFloatArray(), a.toFloatArray(), expected.name());
        }
    }

    /** MobileNet v1, alpha 0.25, without top, with the layer names of the Keras file (no padding layers). */
    private static Model mobileNet() {
        SymbolicTensor in = Input.of(Shape.batchOf(224, 224, 3), DType.FLOAT32, "input_1");
        SymbolicTensor x = convBlock(in, Conv2D.builder().setFilters(8).setKernelSize(3).optStrides(2)
                .optPadding("same").optUseBias(false).optName("conv1").build());
        int[] filters = {16, 32, 32, 64, 64, 128, 128, 128, 128, 128, 128, 256, 256};
        for (int i = 1; i <= 13; i++) {
            int stride = i == 2 || i == 4 || i == 6 || i == 12 ? 2 : 1;
            x = convBlock(x, DepthwiseConv2D.builder().setKernelSize(3).optStrides(stride).optPadding("same")
                    .optUseBias(false).optName("conv_dw_" + i).build());
            x = convBlock(x, Conv2D.builder().setFilters(filters[i - 1]).setKernelSize(1).optUseBias(false)
                    .optName("conv_pw_" + i).build());
        }
        x = GlobalAveragePooling2D.builder().optName("global_average_pooling2d_1").build().call(x);
        return new Model(List.of(in), List.of(x), "mobilenet_0.25_224");
    }

    /** The convolution {@code conv}, then BatchNormalization {@code <conv>_bn} and ReLU6 {@code <conv>_relu}. */
    private static SymbolicTensor convBlock(SymbolicTensor x, Layer conv) {
        x = conv.call(x);
        x = BatchNormalization.builder().optName(conv.name() + "_bn").build().call(x);
        return Activation.builder().setActivation("relu6").optName(conv.name() + "_relu").build().call(x);
    }
}
