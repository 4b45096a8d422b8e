package dev.graft.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.data.Dataset;
import dev.graft.data.DatasetIterator;
import dev.graft.data.Example;
import dev.graft.data.datasets.Datasets;
import dev.graft.data.datasets.DirectoryOptions;
import dev.graft.data.datasets.LabelMode;
import dev.graft.layers.preprocessing.RandomFlip;
import dev.graft.layers.preprocessing.RandomRotation;
import dev.graft.models.Sequential;
import dev.graft.tensor.TensorScope;
import dev.graft.training.Batch;
import dev.graft.training.FitOptions;
import dev.graft.training.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measurements on the shared photos ({@code data/cats_and_dogs_filtered/train}), each in a child process:
 * the input pipeline's throughput, a phase-1 epoch fed by it (is training ever waiting for data?), and a
 * multi-epoch phase-1 fit on deterministic inputs (does {@code fit} reuse the frozen base's outputs?).
 *
 * <p>The pipeline is the guide's with Graft's pieces: {@code imageExamplesFromDirectory} (JPEG decoding and
 * resizing to 150x150 on {@code Dataset.AUTOTUNE} workers, one per available processor), the first
 * {@code images} photos in file order (not shuffled: a shuffle buffer would decode more photos than the
 * subset), {@code batch(32)}, the guide's augmentation {@code RandomFlip("horizontal")} and
 * {@code RandomRotation(0.1)} mapped over each batch, and {@code prefetch(AUTOTUNE)}, so augmentation runs
 * beside training as Keras advises for CPU training.
 */
final class PhotoBench {
    static final String PHOTOS = "data/cats_and_dogs_filtered/train";

    private PhotoBench() {
    }

    /** Decode + resize + augmentation throughput over {@code images} photos, after one untimed batch. */
    static ObjectNode pipeline(Path shared, int images) {
        long count;
        double seconds;
        try (Dataset<Batch> data = photos(shared, images, true).prefetch(Dataset.AUTOTUNE)) {
            drain(data.take(1));
            long start = System.nanoTime();
            count = drain(data);
            seconds = (System.nanoTime() - start) / 1e9;
        }
        ObjectNode result = ResultLine.JSON.createObjectNode();
        result.put("images", count).put("seconds", seconds).put("images_per_s", count / seconds)
                .put("workers", Runtime.getRuntime().availableProcessors());
        return result;
    }

    /**
     * One phase-1 epoch of Xception 150 over {@code images} photos through the augmenting pipeline, after two
     * untimed steps on random batches: the epoch's wall time against the sum of its steps' compute. {@code fit}
     * runs with its defaults, frozen-prefix reuse included, as a user's would.
     */
    static ObjectNode epoch(Path shared, int images) {
        ObjectNode result = ResultLine.JSON.createObjectNode();
        try (GuideModel guide = phase1Model();
                Dataset<Batch> data = photos(shared, images, true).prefetch(Dataset.AUTOTUNE)) {
            StepTimer timer = new StepTimer(0);
            guide.model().fit(data, FitOptions.builder().optVerbose(0).optCallbacks(timer).build());
            double epochS = timer.epochMs().get(0) / 1000;
            List<Double> steps = timer.allStepMs();
            double computeS = Stats.sum(steps) / 1000;
            result.put("images", images).put("steps", steps.size()).put("epoch_s", epochS)
                    .put("steps_sum_s", computeS).put("epoch_over_steps", epochS / computeS)
                    .put("step_median_ms", Stats.median(steps))
                    .put("foreign_cpu_share", timer.foreignShare());
        }
        return result;
    }

    /**
     * A phase-1 fit of {@code epochs} epochs over {@code images} photos decoded once into memory
     * ({@code cache()}, filled before the fit) with no random layer before the base: the first epoch's time,
     * the mean of the later ones, and each epoch's loss.
     */
    static ObjectNode reuse(Path shared, int images, int epochs) {
        if (epochs < 2) {
            throw new IllegalArgumentException("The reuse measurement needs at least 2 epochs, received " + epochs);
        }
        ObjectNode result = ResultLine.JSON.createObjectNode();
        try (GuideModel guide = phase1Model(); Dataset<Batch> data = photos(shared, images, false).cache()) {
            drain(data);
            StepTimer timer = new StepTimer(0);
            History history = guide.model().fit(data, FitOptions.builder().optEpochs(epochs).optVerbose(0)
                    .optCallbacks(timer).build());
            List<Double> epochS = timer.epochMs().stream().map(ms -> ms / 1000).toList();
            double first = epochS.get(0);
            double later = Stats.mean(epochS.subList(1, epochS.size()));
            ArrayNode epochNode = result.putArray("epoch_s");
            epochS.forEach(epochNode::add);
            ArrayNode lossNode = result.putArray("loss");
            history.get("loss").forEach(lossNode::add);
            result.put("images", images).put("epochs", epochs).put("first_epoch_s", first)
                    .put("later_epochs_mean_s", later).put("speedup", first / later)
                    .put("foreign_cpu_share", timer.foreignShare());
        }
        return result;
    }

    /** The guide's Xception 150 model, calibrated, prepared for phase 1 and warmed up by two steps. */
    private static GuideModel phase1Model() {
        GuideModel guide = GuideModel.build(Workload.xception());
        try (TensorScope scope = TensorScope.open()) {
            guide.calibrate(new RandomBatches(1, Workload.xception().imageSize(), false, 1).get(0).inputs().get(0));
        }
        guide.prepare(Mode.PHASE1);
        guide.model().fit(new RandomBatches(2, Workload.xception().imageSize(), true, 1000),
                FitOptions.builder().optVerbose(0).optReuseFrozenPrefix(false).build());
        return guide;
    }

    /** Batches of 32 of the first {@code images} photos, 150x150, with binary labels, augmented or not. */
    static Dataset<Batch> photos(Path shared, int images, boolean augment) {
        Dataset<Batch> batches = examples(shared, images, 150).batch(Workload.BATCH);
        if (!augment) {
            return batches;
        }
        Sequential augmentation = new Sequential(new RandomFlip("horizontal"), new RandomRotation(0.1));
        return batches.map(b -> Batch.of(augmentation.call(b.inputs().get(0), true), b.targets()));
    }

    /**
     * The first {@code images} photos in file order, decoded and resized to {@code size x size}, as examples
     * {@code [size, size, 3]} (0..255) with a binary label.
     */
    static Dataset<Example> examples(Path shared, int images, int size) {
        Path folder = shared.resolve(PHOTOS);
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("The shared photos are missing: " + folder + " is not a folder. "
                    + "Set GRAFT_SHARED to the folder that holds " + PHOTOS + ", or leave out this measurement");
        }
        return Datasets.imageExamplesFromDirectory(folder, DirectoryOptions.builder().optImageSize(size, size)
                .optLabelMode(LabelMode.BINARY).optShuffle(false).build()).take(images);
    }

    /** Reads one pass of {@code data}, freeing each batch, and returns the number of images. */
    static long drain(Dataset<Batch> data) {
        long count = 0;
        try (DatasetIterator<Batch> it = data.iterator()) {
            while (true) {
                try (TensorScope scope = TensorScope.open()) {
                    if (!it.hasNext()) {
                        break;
                    }
                    count += it.next().size();
                }
            }
        }
        return count;
    }
}
