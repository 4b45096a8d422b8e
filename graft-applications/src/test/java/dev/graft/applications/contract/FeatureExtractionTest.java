package dev.graft.applications.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.applications.MobileNet;
import dev.graft.applications.Weights;
import dev.graft.data.Dataset;
import dev.graft.data.Example;
import dev.graft.data.datasets.Datasets;
import dev.graft.data.datasets.DirectoryOptions;
import dev.graft.data.datasets.LabelMode;
import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.BinaryCrossentropy;
import dev.graft.metrics.BinaryAccuracy;
import dev.graft.models.Model;
import dev.graft.optimizers.Adam;
import dev.graft.tensor.NoGrad;
import dev.graft.tensor.Shape;
import dev.graft.testing.SharedData;
import dev.graft.training.Batch;
import dev.graft.training.FitOptions;
import dev.graft.training.History;
import dev.graft.training.InferenceOptions;
import dev.graft.utils.RandomSeed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item D3 of ../shared/reference/guide-contract.md, the guide's lighter workflow: the frozen pretrained base
 * runs once over the photos, its pooled outputs are kept (a cached data set of feature batches), and a small
 * model is trained on those alone. MobileNet 0.25 with Keras' genuine no-top weights, at 96x96, on a few of
 * the shared cats and dogs, so the whole run takes seconds.
 */
class FeatureExtractionTest {
    private static final String NO_TOP = "data/weights/mobilenet_2_5_224_tf_no_top.h5";
    private static final String PHOTOS = "data/cats_and_dogs_filtered";
    private static final int PER_CLASS = 24;
    private static final int SIZE = 96;
    private static final int EPOCHS = 30;

    @TempDir
    Path dir;

    @Test
    void d3_featureExtractionRunsTheBaseOncePerImageAndTrainsAHeadOnItsOutputs() throws IOException {
        RandomSeed.set(1337);
        // Keras warns that 96x96 is not a size of the ImageNet weights and loads the 224x224 ones: the same
        // convolution kernels, which is what is wanted here.
        Model base = MobileNet.builder().optAlpha(0.25).optIncludeTop(false).optInputShape(SIZE, SIZE, 3)
                .optWeights(Weights.file(SharedData.require(NO_TOP))).optWarnings(warning -> { }).build();
        base.setTrainable(false);
        SymbolicTensor images = Input.of(SIZE, SIZE, 3);
        SymbolicTensor pooled = new GlobalAveragePooling2D().call(
                base.call(new Rescaling(1 / 127.5, -1).call(images), false));
        Model extractor = new Model(images, pooled);
        AtomicLong imagesThroughBase = new AtomicLong();
        Dataset<Batch> trainFeatures = features(photos("train", 0), extractor, imagesThroughBase);
        Dataset<Batch> validationFeatures = features(photos("validation", 2000), extractor, imagesThroughBase);

        SymbolicTensor in = Input.of(256);
        Model head = new Model(in, new Dense(1).call(new Dropout(0.2).call(in)));
        head.compile(new Adam(1e-2), new BinaryCrossentropy(true), new BinaryAccuracy());
        History history = head.fit(trainFeatures, FitOptions.builder().optEpochs(EPOCHS)
                .optValidationData(validationFeatures).optVerbose(0).build());
        Map<String, Double> trained = head.evaluate(trainFeatures, InferenceOptions.builder().optVerbose(0).build());

        assertEquals(4 * PER_CLASS, imagesThroughBase.get(), "the base ran once per photo, training and "
                + "validation, over " + EPOCHS + " epochs and an evaluation");
        assertEquals(Shape.batchOf(256), pooled.shape(), "MobileNet 0.25 pools to 256 features");
        assertEquals(EPOCHS, history.get("loss").size());
        assertTrue(history.last("loss") < history.get("loss").get(0), "the head's loss falls: " + history.get("loss"));
        // Chance is 0.5 on balanced photos. Any 48 points in 256 dimensions can be separated, so the held-out
        // photos are what shows that the pretrained features tell cats from dogs.
        assertTrue(trained.get("binary_accuracy") >= 0.9, "accuracy on the training features: " + trained);
        assertTrue(history.last("val_binary_accuracy") >= 0.75, "accuracy on held-out photos: " + history);
        head.close();
        extractor.close();
        trainFeatures.close();
        validationFeatures.close();
    }

    /**
     * Batches of the base's pooled outputs {@code [batch, 256]} with their labels {@code [batch, 1]}, computed on
     * the first pass and kept: the map is the only place the base runs, and it counts every image it is given.
     */
    private static Dataset<Batch> features(Path photos, Model extractor, AtomicLong imagesThroughBase) {
        Dataset<Example> examples = Datasets.imageExamplesFromDirectory(photos, DirectoryOptions.builder()
                .optImageSize(SIZE, SIZE).optLabelMode(LabelMode.BINARY).optSeed(7).optOutput(null).build());
        return examples.batch(16).map(batch -> {
            imagesThroughBase.addAndGet(batch.size());
            try (NoGrad off = NoGrad.open()) {
                return Batch.of(extractor.call(batch.inputs().get(0), false), batch.targets());
            }
        }).cache();
    }

    /**
     * A folder with a class folder per animal holding {@link #PER_CLASS} photos of the shared {@code split},
     * numbered from {@code first}.
     */
    private Path photos(String split, int first) throws IOException {
        Path shared = SharedData.require(PHOTOS + "/" + split);
        for (String animal : List.of("cat", "dog")) {
            Path folder = Files.createDirectories(dir.resolve(split).resolve(animal + "s"));
            for (int i = first; i < first + PER_CLASS; i++) {
                String name = animal + "." + i + ".jpg";
                Files.copy(shared.resolve(animal + "s").resolve(name), folder.resolve(name));
            }
        }
        return dir.resolve(split);
    }
}
