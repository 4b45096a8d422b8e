package dev.graft.data.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.data.image.ImageDecoder;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.testing.SharedData;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageGrid}: layout, placement of each image and title, atomic PNG files, headless drawing. */
class ImageGridTest {
    private static final int CELL = 60;
    private static final int FONT = 10;
    private static final int TITLE = Math.round(1.6f * FONT); // the documented title strip: round(1.6 * fontSize)
    private static final int M = ImageGrid.MARGIN;

    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    /** A uniform [height, width, 3] image of one colour, as uint8 or float32. */
    private static Tensor uniform(int height, int width, int rgb, boolean asFloat) {
        Tensor image = Tensor.full(Shape.of(height, width, 1), 1, DType.FLOAT32)
                .mul(Tensor.of(new float[] {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF}, 3));
        return asFloat ? image : image.toType(DType.UINT8);
    }

    private static final int[] COLOURS = {0xE6194B, 0x3CB44B, 0x4363D8, 0xF58231, 0x911EB4, 0x46F0F0, 0xF032E6,
        0x808000, 0x000075};

    @Test
    void drawsWithoutADisplay() {
        assertTrue(GraphicsEnvironment.isHeadless(), "java.awt.headless should be true in tests (graft-data pom)");
    }

    @Test
    void placesEachImageAndTitleInItsCell(@TempDir Path dir) {
        List<Tensor> images = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            // Wide, tall and square images, uint8 and float, each in its own colour.
            int height = i % 3 == 0 ? 30 : 45;
            int width = i % 3 == 1 ? 30 : 45;
            images.add(uniform(height, width, COLOURS[i], i % 2 == 0));
            titles.add(i % 2 == 0 ? "cat" : "dog");
        }
        ImageGrid grid = ImageGrid.builder().grid(3, 3).optCellSize(CELL).optFontSize(FONT).build();
        Path png = dir.resolve("grid.png");
        grid.write(png, images, titles);

        int cellWidth = CELL + 2 * M;
        int cellHeight = CELL + TITLE + 2 * M;
        BufferedImage picture = Pictures.readPng(png, 3 * cellWidth, 3 * cellHeight);
        assertTrue(Pictures.variance(picture) > 1000, "a grid of coloured images is not blank");
        for (int i = 0; i < 9; i++) {
            int x = (i % 3) * cellWidth + M;
            int y = (i / 3) * cellHeight + M;
            // The image's centre, below the title strip, has its colour.
            assertEquals(COLOURS[i], picture.getRGB(x + CELL / 2, y + TITLE + CELL / 2) & 0xFFFFFF, "cell " + i);
            // Each image is scaled to fill its cell along its longer side, and letterboxed along the other.
            boolean wide = images.get(i).shape().get(1) > images.get(i).shape().get(0);
            boolean tall = images.get(i).shape().get(0) > images.get(i).shape().get(1);
            int left = picture.getRGB(x + 1, y + TITLE + CELL / 2) & 0xFFFFFF;
            int top = picture.getRGB(x + CELL / 2, y + TITLE + 1) & 0xFFFFFF;
            assertEquals(tall ? 0xFFFFFF : COLOURS[i], left, "left edge of cell " + i);
            assertEquals(wide ? 0xFFFFFF : COLOURS[i], top, "top edge of cell " + i);
            // The title strip holds dark text on white.
            int dark = Pictures.countColour(picture, x, y, CELL, TITLE, 0x000000, 100);
            assertTrue(dark > 5, "title of cell " + i + " has " + dark + " dark pixels");
        }
        assertEquals(List.of("grid.png"), Pictures.filesIn(dir), "no temporary file is left behind");
    }

    @Test
    void titlesCanGoBelowOrBeLeftOut(@TempDir Path dir) {
        List<Tensor> images = List.of(uniform(20, 20, COLOURS[0], false), uniform(20, 20, COLOURS[1], false));
        ImageGrid below = ImageGrid.builder().grid(1, 2).optCellSize(CELL).optFontSize(FONT)
                .optTitlePosition(ImageGrid.TitlePosition.BELOW).build();
        BufferedImage picture = below.render(images, List.of("first", "second"));
        assertEquals(CELL + TITLE + 2 * M, picture.getHeight());
        assertEquals(COLOURS[0], picture.getRGB(M + CELL / 2, M + 1) & 0xFFFFFF, "the image starts at the top");
        assertTrue(Pictures.countColour(picture, M, M + CELL, CELL, TITLE, 0, 100) > 5, "title below the image");

        BufferedImage untitled = below.render(images, List.of());
        assertEquals(2 * (CELL + 2 * M), untitled.getWidth());
        assertEquals(CELL + 2 * M, untitled.getHeight(), "no title strip without titles");
    }

    @Test
    void replacesAnExistingFileAtomically(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("grid.png");
        Files.writeString(png, "old content");
        new ImageGrid(1, 1).write(png, List.of(uniform(10, 10, COLOURS[2], false)), List.of("x"));
        Pictures.readPng(png, 200 + 2 * M, 200 + Math.round(1.6f * 14) + 2 * M);
        assertEquals(List.of("grid.png"), Pictures.filesIn(dir));

        Path missingDir = dir.resolve("no/such/dir/grid.png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageGrid(1, 1).write(missingDir, List.of(uniform(10, 10, 0, false)), List.of()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void rejectsBadArguments() {
        ImageGrid grid = new ImageGrid(1, 2);
        Tensor image = uniform(4, 4, 0, false);
        assertThrows(IllegalArgumentException.class, () -> grid.render(List.of(image, image, image), List.of()));
        assertThrows(IllegalArgumentException.class, () -> grid.render(List.of(), List.of()));
        IllegalArgumentException titles = assertThrows(IllegalArgumentException.class,
                () -> grid.render(List.of(image, image), List.of("one")));
        assertTrue(titles.getMessage().contains("2 images and 1 titles"), titles.getMessage());
        Tensor batch = image.expandDims(0);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> grid.render(List.of(batch), List.of()));
        assertTrue(shape.getMessage().contains(batch.shape().toString()), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ImageGrid(0, 3));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.builder().grid(2, 2).optCellSize(2).build());
    }

    @Test
    void theGuidesGridOfTrainingPhotos(@TempDir Path dir) throws IOException {
        // The guide's first picture: the first nine training images, titled with their labels.
        Path train = SharedData.require("data/cats_and_dogs_filtered/train");
        ImageDecoder decoder = new ImageDecoder();
        List<Tensor> images = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String label = i % 2 == 0 ? "cats" : "dogs";
            images.add(decoder.decode(train.resolve(label).resolve(label.substring(0, 3) + "." + i + ".jpg")));
            labels.add(i % 2 == 0 ? "0" : "1");
        }
        Path png = dir.resolve("training_images.png");
        new ImageGrid(3, 3).write(png, images, labels);
        BufferedImage picture = Pictures.readPng(png, 3 * (200 + 2 * M), 3 * (200 + Math.round(1.6f * 14) + 2 * M));
        for (int i = 0; i < 9; i++) {
            int x = (i % 3) * (200 + 2 * M) + M;
            int y = (i / 3) * (200 + Math.round(1.6f * 14) + 2 * M) + M + Math.round(1.6f * 14);
            assertTrue(Pictures.variance(picture, x + 50, y + 50, 100, 100) > 50, "photo " + i + " is not blank");
        }
    }
}
