package dev.graft.applications.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.applications.MobileNet;
import dev.graft.applications.Weights;
import dev.graft.callbacks.Callback;
import dev.graft.data.Dataset;
import dev.graft.data.Example;
import dev.graft.data.datasets.Datasets;
import dev.graft.data.datasets.DirectoryOptions;
import dev.graft.data.datasets.LabelMode;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SymbolicTensor;
import dev.graft.layers.preprocessing.RandomFlip;
import dev.graft.layers.preprocessing.RandomRotation;
import dev.graft.losses.BinaryCrossentropy;
import dev.graft.metrics.BinaryAccuracy;
import dev.graft.models.Model;
import dev.graft.models.Sequential;
import dev.graft.optimizers.Adam;
import dev.graft.tensor.Engine;
import dev.graft.tensor.HostArray;
import dev.graft.testing.SharedData;
import dev.graft.training.Batch;
import dev.graft.training.FitOptions;
import dev.graft.training.History;
import dev.graft.utils.RandomSeed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Item F1 of ../shared/reference/guide-contract.md, the guide's end-to-end run, on the data and weights
 * available offline: cats_and_dogs_filtered (2000 training, 1000 validation photos) and MobileNet 0.25 with
 * Keras' genuine no-top ImageNet weights in place of Xception on cats_vs_dogs. The guide's model and
 * schedule otherwise: augmentation, rescaling to [-1, 1], the frozen base called in inference mode, pooling,
 * dropout and one logit; 20 epochs of head training with {@code Adam()}, then the base unfrozen and 10 epochs
 * with {@code Adam(1e-5)}. The guide reaches about 0.97 then 0.98 with Xception; this smaller base must reach
 * 0.95, fine-tuning must lower the validation loss without losing accuracy, and the base's BatchNormalization
 * statistics must never move (the base runs with {@code training=false} for good). About 6 minutes on two
 * idle cores: run with {@code -Pslow}.
 */
@Tag("slow")
class EndToEndFineTuningTest {
    private static final String NO_TOP = "data/weights/mobilenet_2_5_224_tf_no_top.h5";
    private static final String PHOTOS = "data/cats_and_dogs_filtered";
    private static final long SEED = 1337;
    private static final int SIZE = 224;
    private static final int BATCH = 32;

    @Test
    void f1_headTrainingThenFineTuningOnCatsAndDogs() {
        RandomSeed.set(SEED);
        Path photos = SharedData.require(PHOTOS);
        // Decoded and resized once, on the first pass; each later epoch reshuffles the kept photos.
        Dataset<Example> trainPhotos = photos(photos.resolve("train"));
        Dataset<Example> validationPhotos = photos(photos.resolve("validation"));
        assertEquals(2000, trainPhotos.cardinality());
        assertEquals(1000, validationPhotos.cardinality());
        Dataset<Batch> train = trainPhotos.cache().shuffle(2000, SEED).batch(BATCH).prefetch(Dataset.AUTOTUNE);
        Dataset<Batch> validation = validationPhotos.cache().batch(BATCH).prefetch(Dataset.AUTOTUNE);

        Model base = MobileNet.builder().optAlpha(0.25).optIncludeTop(false).optInputShape(SIZE, SIZE, 3)
                .optWeights(Weights.file(SharedData.require(NO_TOP))).build();
        base.setTrainable(false);
        SymbolicTensor inputs = Input.of(SIZE, SIZE, 3);
        SymbolicTensor x = new Sequential(new RandomFlip("horizontal"), new RandomRotation(0.1)).call(inputs);
        x = new Rescaling(1 / 127.5, -1).call(x);
        // Inference mode for good: the BatchNormalization layers keep their ImageNet statistics even once the
        // base is unfrozen.
        x = base.call(x, false);
        x = new GlobalAveragePooling2D().call(x);
        x = new Dropout(0.2).call(x);
        Model model = new Model(inputs, new Dense(1).call(x));
        model.summary();
        List<HostArray> statistics = movingStatistics(base);
        HostArray firstKernel = base.getLayer("conv1").weights().get(0).toHostArray();
        System.out.println("Engine threads: " + Engine.get().numThreads());

        model.compile(new Adam(), new BinaryCrossentropy(true), new BinaryAccuracy());
        History head = timedFit("head training", model, train, validation, 20);
        double headAccuracy = head.last("val_binary_accuracy");
        assertTrue(headAccuracy >= 0.95, "validation accuracy after head training: " + head.get("val_binary_accuracy"));
        assertEquals(statistics, movingStatistics(base), "head training leaves the base's moving statistics");
        assertEquals(firstKernel, base.getLayer("conv1").weights().get(0).toHostArray(),
                "the frozen base is not trained");

        base.setTrainable(true);
        model.compile(new Adam(1e-5), new BinaryCrossentropy(true), new BinaryAccuracy());
        History fine = timedFit("fine-tuning", model, train, validation, 10);
        assertTrue(fine.last("val_binary_accuracy") >= headAccuracy, "validation accuracy after fine-tuning "
                + fine.get("val_binary_accuracy") + ", after head training " + headAccuracy);
        assertTrue(fine.last("val_loss") < head.last("val_loss"), "validation loss after fine-tuning "
                + fine.get("val_loss") + ", after head training " + head.last("val_loss"));
        assertFalse(firstKernel.equals(base.getLayer("conv1").weights().get(0).toHostArray()),
                "fine-tuning trains the unfrozen base");
        assertEquals(statistics, movingStatistics(base),
                "every moving mean and variance of the base is bit-identical after fine-tuning");

        model.close();
        train.close();
        validation.close();
    }

    /** The photos of {@code folder}'s class folders, 224x224, labels 0 (cats) and 1 (dogs) as {@code [1]} floats. */
    private static Dataset<Example> photos(Path folder) {
        return Datasets.imageExamplesFromDirectory(folder, DirectoryOptions.builder().optImageSize(SIZE, SIZE)
                .optLabelMode(LabelMode.BINARY).optShuffle(false).build());
    }

    /** {@code fit} with its per-epoch progress lines, then the phase's wall time and seconds per epoch. */
    private static History timedFit(String phase, Model model, Dataset<Batch> train, Dataset<Batch> validation,
            int epochs) {
        EpochTimes times = new EpochTimes();
        long start = System.nanoTime();
        History history = model.fit(train, FitOptions.builder().optEpochs(epochs).optValidationData(validation)
                .optCallbacks(times).build());
        System.out.printf("%s: %d epochs in %.0f s; seconds per epoch (with validation): %s; val_binary_accuracy: %s%n",
                phase, epochs, (System.nanoTime() - start) / 1e9, times.seconds, history.get("val_binary_accuracy"));
        return history;
    }

    /** Every moving mean and variance of {@code model}'s BatchNormalization layers, in layer order. */
    private static List<HostArray> movingStatistics(Model model) {
        List<HostArray> out = new ArrayList<>();
        for (Layer layer : model.layers()) {
            if (layer instanceof BatchNormalization bn) {
                out.add(bn.movingMean().toHostArray());
                out.add(bn.movingVariance().toHostArray());
            }
        }
        assertEquals(2 * 27, out.size(), "MobileNet has 27 BatchNormalization layers");
        return out;
    }

    /** The wall time of each epoch, training and validation together, rounded to 0.1 s. */
    private static final class EpochTimes implements Callback {
        private final List<Double> seconds = new ArrayList<>();
        private long epochStart;

        @Override
        public void onEpochBegin(int epoch, Map<String, Double> logs) {
            epochStart = System.nanoTime();
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            seconds.add(Math.round((System.nanoTime() - epochStart) / 1e8) / 10.0);
        }
    }
}
