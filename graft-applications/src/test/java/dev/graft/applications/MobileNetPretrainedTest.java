package dev.graft.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.Layer;
import dev.graft.models.Model;
import dev.graft.saving.SavedLayer;
import dev.graft.saving.WeightFile;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MobileNet 0.25 with Keras' genuine ImageNet weights (contract D2): the no-top file reaches the model through
 * the weights cache with its published SHA-256 checked, the with-top file as a weights file, and the
 * classifier ranks the sample photos as Keras' does.
 */
class MobileNetPretrainedTest {
    private static final String NO_TOP = "data/weights/mobilenet_2_5_224_tf_no_top.h5";
    private static final String WITH_TOP = "data/weights/mobilenet_2_5_224_tf.rebuilt.h5";
    private static final String CLASS_NAMES = "data/imagenet/imagenet_class_names.json";

    @TempDir
    Path home;

    @Test
    void layersWithWeightsComeInTheOrderOfKerasFiles() {
        for (boolean top : new boolean[] {true, false}) {
            try (Model model = MobileNet.builder().optAlpha(0.25).optIncludeTop(top).optWeights(Weights.none()).build();
                 WeightFile file = WeightFile.open(SharedData.require(top ? WITH_TOP : NO_TOP))) {
                // Loading is by position, so the i-th layer with weights must be the i-th of the file: same names.
                List<String> ours = model.layers().stream().filter(l -> !l.weights().isEmpty()).map(Layer::name).toList();
                assertEquals(file.layersWithWeights().stream().map(SavedLayer::name).toList(), ours);
            }
        }
    }

    @Test
    void imagenetWeightsComeFromTheCacheWithTheirHashChecked() throws IOException {
        Path genuine = SharedData.require(NO_TOP);
        RemoteFile official = MobileNet.weightsFile(0.25, 224, false);
        assertEquals("mobilenet_2_5_224_tf_no_top.h5", official.fileName());
        Files.createDirectories(home.resolve("keras/models"));
        Files.copy(genuine, home.resolve("keras/models").resolve(official.fileName()));
        List<String> fetched = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        WeightsCache cache = WeightsCache.builder().setGraftHome(home.resolve("graft")).optKerasHome(home.resolve("keras"))
                .optFetcher((url, target, hash) -> fetched.add(url)).build();
        // No input shape: Keras warns that it loads the 224x224 weights.
        try (Model model = MobileNet.builder().optAlpha(0.25).optIncludeTop(false).optWeightsCache(cache)
                .optWarnings(warnings::add).build();
             WeightFile file = WeightFile.open(genuine);
             TensorScope scope = TensorScope.open()) {
            assertEquals(List.of(), fetched, "the Keras cache holds the file with the published hash");
            assertEquals(1, warnings.size());
            assertEquals("mobilenet_0.25_224", model.name());
            HostArray kernel = model.getLayer("conv_pw_13").weights().get(0).toHostArray();
            assertArrayEquals(file.layer("conv_pw_13").weights().get(0).read().toFloatArray(), kernel.data());
        }
    }

    @Test
    void classifiesTheSamplePhotosAsKerasDoes() {
        ImageNetClasses classes = ImageNetClasses.load(SharedData.require(CLASS_NAMES));
        try (Model model = MobileNet.builder().optAlpha(0.25).optWeights(Weights.file(SharedData.require(WITH_TOP)))
                .build();
             TensorScope scope = TensorScope.open()) {
            assertEquals(475_544, model.countParams());
            Tensor elephant = MobileNet.preprocessInput(photo("elephant.jpg"));
            List<Prediction> top3 = classes.decode(model.call(elephant), 3).get(0);
            assertEquals(List.of(386, 101, 385), top3.stream().map(Prediction::classIndex).toList(), top3.toString());
            assertTrue(top3.get(0).name().startsWith("African elephant"), top3.toString());
            assertTrue(top3.get(0).score() > top3.get(1).score() && top3.get(1).score() >= top3.get(2).score());
            Tensor cheetah = MobileNet.preprocessInput(photo("cheetah.jpg"));
            Prediction best = classes.decode(model.call(cheetah), 1).get(0).get(0);
            assertEquals(293, best.classIndex(), best.toString());
        }
    }

    @Test
    void noTopFeaturesWithTheTopsClassifierGiveTheTopsScores() {
        WeightsCache cache = WeightsCache.builder().setGraftHome(home)
                .optFetcher((url, target, hash) -> Files.copy(SharedData.require(NO_TOP), target)).build();
        try (Model top = MobileNet.builder().optAlpha(0.25).optWeights(Weights.file(SharedData.require(WITH_TOP)))
                .build();
             Model base = MobileNet.builder().optAlpha(0.25).optIncludeTop(false).optPooling(Pooling.AVG)
                     .optInputShape(224, 224, 3).optWeightsCache(cache).build();
             TensorScope scope = TensorScope.open()) {
            Tensor image = MobileNet.preprocessInput(photo("elephant.jpg"));
            float[] features = base.call(image).toFloatArray();
            float[] expected = top.call(image).toFloatArray();
            // softmax(features . W + b) with conv_preds' 1x1 kernel W [256, 1000] and bias b [1000]; dropout is
            // the identity at inference.
            float[] w = top.getLayer("conv_preds").weights().get(0).toHostArray().data();
            float[] b = top.getLayer("conv_preds").weights().get(1).toHostArray().data();
            assertEquals(256, features.length);
            double[] logits = new double[1000];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 1000; j++) {
                logits[j] = b[j];
                for (int i = 0; i < 256; i++) {
                    logits[j] += (double) features[i] * w[i * 1000 + j];
                }
                max = Math.max(max, logits[j]);
            }
            double sum = 0;
            for (int j = 0; j < 1000; j++) {
                sum += Math.exp(logits[j] - max);
            }
            for (int j = 0; j < 1000; j++) {
                assertEquals(Math.exp(logits[j] - max) / sum, expected[j], 1e-5, "class " + j);
            }
        }
    }

    private static Tensor photo(String name) {
        return TestImages.load(SharedData.require("data/imagenet/" + name), 224);
    }
}
