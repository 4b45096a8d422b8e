package dev.graft.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.data.DatasetIterator;
import dev.graft.data.Example;
import dev.graft.data.LabelledDataset;
import dev.graft.data.image.ImageDecodeException;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.TensorScope;
import dev.graft.training.Batch;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imageDatasetFromDirectory} with Keras' semantics, on small generated image folders. */
class ImageDirectoryTest {
    @TempDir
    Path root;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    /** Class folders "bird" (value 40), "ant" (value 10) and "cat" (value 70): each image is one flat colour. */
    @BeforeEach
    void makeFolders() throws IOException {
        image(root.resolve("bird/b1.png"), 40, 8, 12);
        image(root.resolve("bird/nested/b2.PNG"), 40, 5, 5);
        image(root.resolve("ant/a1.png"), 10, 6, 6);
        image(root.resolve("ant/a2.bmp"), 10, 4, 9);
        image(root.resolve("ant/a3.png"), 10, 7, 7);
        image(root.resolve("cat/c1.png"), 70, 9, 3);
        Files.writeString(root.resolve("cat/notes.txt"), "not an image");
        Files.createDirectories(root.resolve(".hidden"));
        image(root.resolve(".hidden/h.png"), 99, 4, 4);
    }

    private static void image(Path file, int value, int width, int height) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(value, value, value));
        g.fillRect(0, 0, width, height);
        g.dispose();
        String name = file.getFileName().toString().toLowerCase();
        ImageIO.write(image, name.endsWith(".bmp") ? "bmp" : "png", file.toFile());
    }

    private DirectoryOptions.Builder options() {
        return DirectoryOptions.builder().optImageSize(4, 4).optSeed(3)
                .optOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    /** The label of every example, read from its pixels (10 -> ant 0, 40 -> bird 1, 70 -> cat 2). */
    private static void assertLabelsMatchPixels(LabelledDataset<Example> data) {
        try (TensorScope scope = TensorScope.open()) {
            for (Example e : data) {
                float pixel = e.x().toFloatArray()[0];
                int expected = pixel == 10 ? 0 : pixel == 40 ? 1 : 2;
                assertEquals(expected, (int) e.y().item(), "pixel " + pixel);
            }
        }
    }

    @Test
    void classesAreSortedVisibleFoldersAndFilesAreFoundRecursively() {
        LabelledDataset<Example> data = Datasets.imageExamplesFromDirectory(root, options().build());
        assertEquals(List.of("ant", "bird", "cat"), data.classNames());
        assertEquals(6, data.cardinality());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("Found 6 files belonging to 3 classes."));
        assertLabelsMatchPixels(data);
        try (TensorScope scope = TensorScope.open(); DatasetIterator<Example> pass = data.iterator()) {
            Example first = pass.next();
            assertEquals(Shape.of(4, 4, 3), first.x().shape());
            assertEquals(DType.FLOAT32, first.x().dtype());
            assertEquals(DType.INT32, first.y().dtype());
        }
    }

    @Test
    void unshuffledOrderIsClassThenSortedPath() {
        LabelledDataset<Example> data = Datasets.imageExamplesFromDirectory(root, options().optShuffle(false).build());
        List<String> names = data.filePaths().stream().map(p -> root.relativize(Path.of(p)).toString()).toList();
        assertEquals(List.of("ant/a1.png", "ant/a2.bmp", "ant/a3.png", "bird/b1.png", "bird/nested/b2.PNG",
                "cat/c1.png"), names);
    }

    @Test
    void givenClassNamesFixTheLabelOrder() {
        LabelledDataset<Example> data = Datasets.imageExamplesFromDirectory(root,
                options().optClassNames(List.of("cat", "bird", "ant")).build());
        assertEquals(List.of("cat", "bird", "ant"), data.classNames());
        try (TensorScope scope = TensorScope.open()) {
            for (Example e : data) {
                float pixel = e.x().toFloatArray()[0];
                assertEquals(pixel == 70 ? 0 : pixel == 40 ? 1 : 2, (int) e.y().item());
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.imageExamplesFromDirectory(root, options().optClassNames(List.of("ant", "dog")).build()));
        assertTrue(e.getMessage().contains("[ant, bird, cat]"), e.getMessage());
    }

    @Test
    void trainingAndValidationSubsetsPartitionTheFiles() {
        LabelledDataset<Example> training = Datasets.imageExamplesFromDirectory(root,
                options().optValidationSplit(0.34).optSubset(Subset.TRAINING).build());
        LabelledDataset<Example> validation = Datasets.imageExamplesFromDirectory(root,
                options().optValidationSplit(0.34).optSubset(Subset.VALIDATION).build());
        // int(0.34 * 6) = 2 files for validation, the last ones after the seeded shuffle.
        assertEquals(4, training.filePaths().size());
        assertEquals(2, validation.filePaths().size());
        Set<String> all = new HashSet<>(training.filePaths());
        all.addAll(validation.filePaths());
        assertEquals(6, all.size(), "no file is in both subsets");
        String printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Using 4 files for training.") && printed.contains("Using 2 files for validation."),
                printed);
        assertThrows(IllegalArgumentException.class,
                () -> options().optValidationSplit(0.2).build(), "a split needs a subset");
        assertThrows(IllegalArgumentException.class, () -> DirectoryOptions.builder().optValidationSplit(0.2)
                .optSubset(Subset.TRAINING).build(), "shuffling with a split needs a seed");
    }

    @Test
    void labelModes() {
        try (TensorScope scope = TensorScope.open();
                DatasetIterator<Example> categorical = Datasets.imageExamplesFromDirectory(root,
                        options().optLabelMode(LabelMode.CATEGORICAL).optShuffle(false).build()).iterator();
                DatasetIterator<Example> none = Datasets.imageExamplesFromDirectory(root,
                        options().optLabelMode(LabelMode.NONE).build()).iterator()) {
            assertArrayEquals(new float[] {1, 0, 0}, categorical.next().y().toFloatArray());
            assertEquals(null, none.next().y());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.imageExamplesFromDirectory(root, options().optLabelMode(LabelMode.BINARY).build()));
        assertTrue(e.getMessage().contains("exactly 2 classes"), e.getMessage());
    }

    @Test
    void batchesStackImagesAndLabels() {
        LabelledDataset<Batch> data = Datasets.imageDatasetFromDirectory(root, options().optBatchSize(4).build());
        assertEquals(2, data.cardinality());
        List<Long> sizes = new ArrayList<>();
        try (TensorScope scope = TensorScope.open()) {
            for (Batch b : data) {
                assertEquals(Shape.of(b.size(), 4, 4, 3), b.inputs().get(0).shape());
                assertEquals(Shape.of(b.size()), b.targets().shape());
                sizes.add(b.size());
            }
        }
        assertEquals(List.of(4L, 2L), sizes);
    }

    @Test
    void formatsFilterFiles() {
        LabelledDataset<Example> onlyBmp = Datasets.imageExamplesFromDirectory(root, options().optFormats(".BMP").build());
        assertEquals(1, onlyBmp.filePaths().size());
        assertThrows(IllegalArgumentException.class, () -> options().optFormats("png").build());
    }

    @Test
    void badFilesFailThePassOrAreSkippedAndReported() throws IOException {
        Files.write(root.resolve("ant/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        LabelledDataset<Example> strict = Datasets.imageExamplesFromDirectory(root, options().optShuffle(false).build());
        RuntimeException failure = assertThrows(RuntimeException.class, () -> {
            try (TensorScope scope = TensorScope.open()) {
                strict.forEach(e -> { });
            }
        });
        Throwable cause = failure;
        while (cause != null && !(cause instanceof ImageDecodeException)) {
            cause = cause.getCause();
        }
        assertTrue(cause != null && cause.getMessage().contains("broken.png"), String.valueOf(failure));

        LabelledDataset<Example> lenient = Datasets.imageExamplesFromDirectory(root,
                options().optSkipBadFiles(true).build());
        int count = 0;
        try (TensorScope scope = TensorScope.open()) {
            for (Example e : lenient) {
                count++;
            }
        }
        assertEquals(6, count);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("broken.png"), "the skipped file is reported");
    }

    @Test
    void aFileInsteadOfAFolderIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.imageExamplesFromDirectory(root.resolve("cat/c1.png"), options().build()));
        assertTrue(e.getMessage().contains("c1.png") && e.getMessage().contains("not a folder"), e.getMessage());
    }
}
