package dev.graft.data.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.data.Dataset;
import dev.graft.data.DatasetIterator;
import dev.graft.data.Example;
import dev.graft.data.LabelledDataset;
import dev.graft.data.datasets.CatsVsDogs;
import dev.graft.data.datasets.Datasets;
import dev.graft.data.datasets.DirectoryOptions;
import dev.graft.data.datasets.Subset;
import dev.graft.data.image.ImageResizer;
import dev.graft.data.plot.ImageGrid;
import dev.graft.download.Downloader;
import dev.graft.layers.Input;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SymbolicTensor;
import dev.graft.layers.preprocessing.RandomFlip;
import dev.graft.layers.preprocessing.RandomRotation;
import dev.graft.models.Model;
import dev.graft.models.Sequential;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.testing.LocalHttpServer;
import dev.graft.testing.SharedData;
import dev.graft.training.Batch;
import dev.graft.training.ProgressOutput;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Items E1-E6 of ../shared/reference/guide-contract.md: the data side of the guide. */
class DataContractTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private PrintStream logStream() {
        return new PrintStream(log, true, StandardCharsets.UTF_8);
    }

    @Test
    void e1_catsVsDogsDownloadedSkipsCorruptFilesAndSplitsByPercent() throws IOException {
        Path cats = SharedData.require("data/cats_and_dogs_filtered/train/cats");
        Path dogs = SharedData.require("data/cats_and_dogs_filtered/train/dogs");
        ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
        int photos = 10;
        try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
            for (int i = 0; i < photos; i++) {
                put(zip, "PetImages/Cat/" + i + ".jpg", Files.readAllBytes(cats.resolve("cat." + i + ".jpg")));
                put(zip, "PetImages/Dog/" + i + ".jpg", Files.readAllBytes(dogs.resolve("dog." + i + ".jpg")));
            }
            put(zip, "PetImages/Cat/666.jpg", new byte[0]); // corrupt: no JFIF marker
            put(zip, "PetImages/Dog/11702.jpg", "not a jpeg at all".getBytes(StandardCharsets.UTF_8));
            put(zip, "readme[1].txt", "Cats and dogs".getBytes(StandardCharsets.UTF_8));
        }
        byte[] archive = zipBytes.toByteArray();
        try (LocalHttpServer server = LocalHttpServer.start(); TensorScope scope = TensorScope.open()) {
            server.route("/kagglecatsanddogs_5340.zip", LocalHttpServer.file(archive));
            ProgressOutput progress = new ProgressOutput(logStream(), false);
            CatsVsDogs source = CatsVsDogs.builder()
                    .optDownloader(Downloader.builder().optCacheDir(dir.resolve("cache")).optRetryDelay(Duration.ZERO)
                            .optProgress(progress).build())
                    .optUrl(server.url("/kagglecatsanddogs_5340.zip")).optExpectedSha256(sha256(archive))
                    .optOutput(dir.resolve("datasets")).optProgress(progress).build();
            List<Dataset<Example>> splits = Datasets.load(source, "train[:40%]", "train[40%:50%]", "train[50%:60%]");
            // 20 kept of 22 candidates: 40% = 8, then 2 and 2, as round(p * 20 / 100).
            assertEquals(8, splits.get(0).cardinality());
            assertEquals(2, splits.get(1).cardinality());
            assertEquals(2, splits.get(2).cardinality());
            assertEquals(2, source.prepare().numSkipped(), "the two files without JFIF are skipped");
            List<Long> labels = new ArrayList<>();
            for (Example e : splits.get(0)) {
                assertEquals(3, e.x().shape().get(2));
                assertEquals(DType.UINT8, e.x().dtype());
                labels.add((long) e.y().item());
            }
            assertTrue(labels.stream().allMatch(l -> l == 0 || l == 1), "labels are 0 (cat) and 1 (dog): " + labels);
        }
    }

    @Test
    void e2_imageDatasetFromDirectoryInfersLabelsFromSubFolders() {
        Path train = SharedData.require("data/cats_and_dogs_filtered/train");
        LabelledDataset<Batch> data = Datasets.imageDatasetFromDirectory(train, DirectoryOptions.builder()
                .optImageSize(64, 64).optBatchSize(50).optSeed(1337).optValidationSplit(0.2)
                .optSubset(Subset.VALIDATION).optOutput(logStream()).build());
        assertEquals(List.of("cats", "dogs"), data.classNames());
        assertEquals(8, data.cardinality(), "400 validation files in batches of 50");
        String printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Found 2000 files belonging to 2 classes."), printed);
        assertTrue(printed.contains("Using 400 files for validation."), printed);
        int cats = 0;
        int dogs = 0;
        try (TensorScope scope = TensorScope.open(); DatasetIterator<Batch> pass = data.iterator()) {
            Batch first = pass.next();
            assertEquals(Shape.of(50, 64, 64, 3), first.inputs().get(0).shape());
            assertEquals(DType.FLOAT32, first.inputs().get(0).dtype());
            for (String path : data.filePaths()) {
                cats += path.contains("/cats/") ? 1 : 0;
                dogs += path.contains("/dogs/") ? 1 : 0;
            }
        }
        assertEquals(400, cats + dogs);
        assertTrue(cats > 150 && dogs > 150, "the seeded shuffle mixes the classes: " + cats + " cats, " + dogs + " dogs");
    }

    @Test
    void e3_pipelineMapBatchCachePrefetchTake() {
        AtomicInteger resized = new AtomicInteger();
        ImageResizer resize = new ImageResizer(150, 150);
        try (TensorScope scope = TensorScope.open()) {
            Tensor images = Tensor.full(Shape.of(10, 40, 60, 3), 7, DType.FLOAT32);
            Tensor labels = Tensor.zeros(Shape.of(10), DType.INT64);
            Dataset<Batch> pipeline = Dataset.fromTensorSlices(images, labels)
                    .map(e -> {
                        resized.incrementAndGet();
                        return e.mapX(resize);
                    })
                    .batch(4).cache().prefetch(2);
            assertEquals(3, pipeline.cardinality());
            for (int pass = 0; pass < 2; pass++) {
                List<Long> sizes = new ArrayList<>();
                for (Batch b : pipeline) {
                    assertEquals(Shape.of(150, 150, 3), b.inputs().get(0).shape().dropFirst());
                    sizes.add(b.size());
                }
                assertEquals(List.of(4L, 4L, 2L), sizes);
            }
            assertEquals(10, resized.get(), "cache(): the map runs once per element over two passes");
            assertEquals(2, pipeline.take(2).cardinality());
        }
    }

    @Test
    void e4_imagesOfAnySizeAreResizedThenRescaledInTheModel() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor tall = new ImageResizer(150, 150).apply(Tensor.full(Shape.of(300, 80, 3), 255, DType.UINT8));
            Tensor wide = new ImageResizer(150, 150).apply(Tensor.full(Shape.of(20, 500, 3), 0, DType.UINT8));
            assertEquals(Shape.of(150, 150, 3), tall.shape());
            assertEquals(Shape.of(150, 150, 3), wide.shape());
            SymbolicTensor in = Input.of(150, 150, 3);
            Model model = new Model(in, new Rescaling(1 / 127.5, -1).call(in));
            Tensor scaled = model.call(Tensor.stack(List.of(tall, wide), 0));
            float[] values = scaled.toFloatArray();
            assertEquals(1f, values[0], 1e-6f, "255 maps to 1");
            assertEquals(-1f, values[values.length - 1], 1e-6f, "0 maps to -1");
            model.close();
        }
    }

    @Test
    void e5_augmentationIsActiveOnlyInTraining() {
        try (TensorScope scope = TensorScope.open();
                Sequential augmentation = new Sequential(new RandomFlip("horizontal"), new RandomRotation(0.1))) {
            float[] pattern = new float[2 * 16 * 16 * 3];
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = (i * 37) % 255;
            }
            Tensor images = Tensor.of(pattern, 2, 16, 16, 3);
            assertArrayEquals(pattern, augmentation.call(images, false).toFloatArray(), 0f, "inference: identity");
            assertFalse(java.util.Arrays.equals(pattern, augmentation.call(images, true).toFloatArray()),
                    "training: images change");
        }
    }

    @Test
    void e6_picturesOfTrainingImagesAndAugmentationsAreWritten() throws IOException {
        Path train = SharedData.require("data/cats_and_dogs_filtered/train");
        LabelledDataset<Example> examples = Datasets.imageExamplesFromDirectory(train, DirectoryOptions.builder()
                .optImageSize(150, 150).optSeed(1).optOutput(null).build());
        Path grid = dir.resolve("training-images.png");
        Path augmented = dir.resolve("augmentation.png");
        try (TensorScope scope = TensorScope.open();
                Sequential augmentation = new Sequential(new RandomFlip("horizontal"), new RandomRotation(0.1))) {
            List<Tensor> images = new ArrayList<>();
            List<String> titles = new ArrayList<>();
            for (Example e : examples.take(9)) {
                images.add(e.x());
                titles.add(examples.classNames().get((int) e.y().item()));
            }
            new ImageGrid(3, 3).write(grid, images, titles);
            Tensor first = images.get(0).expandDims(0);
            List<Tensor> variants = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                variants.add(augmentation.call(first, true).reshape(150, 150, 3));
            }
            new ImageGrid(3, 3).write(augmented, variants, List.of());
        }
        for (Path picture : List.of(grid, augmented)) {
            BufferedImage image = ImageIO.read(picture.toFile());
            assertTrue(image.getWidth() >= 3 * 150 && image.getHeight() >= 3 * 150, picture + " holds a 3x3 grid of cells");
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
