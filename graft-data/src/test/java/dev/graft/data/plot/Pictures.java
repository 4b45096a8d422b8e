package dev.graft.data.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Reading back and measuring the pictures the plot tests write. */
final class Pictures {

    private Pictures() {
    }

    /** The PNG at {@code file}, read back, with the expected size. */
    static BufferedImage readPng(Path file, int width, int height) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            assertEquals(0x89, bytes[0] & 0xFF, "PNG signature");
            assertEquals('P', bytes[1]);
            BufferedImage image = ImageIO.read(file.toFile());
            assertEquals(width, image.getWidth(), "width of " + file);
            assertEquals(height, image.getHeight(), "height of " + file);
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variance of the gray level (mean of R, G, B) over a rectangle; 0 for a blank area. */
    static double variance(BufferedImage image, int x0, int y0, int width, int height) {
        double sum = 0;
        double sumSquares = 0;
        for (int y = y0; y < y0 + height; y++) {
            for (int x = x0; x < x0 + width; x++) {
                int rgb = image.getRGB(x, y);
                double gray = (((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF)) / 3.0;
                sum += gray;
                sumSquares += gray * gray;
            }
        }
        double n = (double) width * height;
        return sumSquares / n - (sum / n) * (sum / n);
    }

    static double variance(BufferedImage image) {
        return variance(image, 0, 0, image.getWidth(), image.getHeight());
    }

    /** How many pixels in a rectangle are within {@code tolerance} of the colour {@code rgb} in every channel. */
    static int countColour(BufferedImage image, int x0, int y0, int width, int height, int rgb, int tolerance) {
        int count = 0;
        for (int y = y0; y < y0 + height; y++) {
            for (int x = x0; x < x0 + width; x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xFF) - ((rgb >> 16) & 0xFF)) <= tolerance
                        && Math.abs(((p >> 8) & 0xFF) - ((rgb >> 8) & 0xFF)) <= tolerance
                        && Math.abs((p & 0xFF) - (rgb & 0xFF)) <= tolerance) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The names of the files in {@code dir}, hidden ones included. */
    static List<String> filesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
