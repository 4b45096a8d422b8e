package dev.graft.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Every photograph of the shared cats-and-dogs subset, and the ImageNet samples, through {@link ImageDecoder}. */
class SharedPhotosDecodeTest {
    private final ImageDecoder decoder = new ImageDecoder();

    static List<Path> jpegsUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jpg")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void decodesAllThreeThousandPhotos() throws IOException {
        List<Path> photos = jpegsUnder(SharedData.require("data/cats_and_dogs_filtered"));
        assertEquals(3000, photos.size(), "photos in the shared subset");
        long bytes = 0;
        long start = System.nanoTime();
        for (Path photo : photos) {
            try (TensorScope scope = TensorScope.open()) {
                Tensor image = decoder.decode(photo);
                assertEquals(DType.UINT8, image.dtype());
                assertEquals(3, image.rank(), photo.toString());
                assertEquals(3, image.shape().get(2), photo.toString());
                assertTrue(image.shape().get(0) > 0 && image.shape().get(1) > 0, photo.toString());
                bytes += image.size();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "Decoded %d shared photos (%.1f MB of pixels) in %.2f s: %.0f images/s%n",
                photos.size(), bytes / 1e6, seconds, photos.size() / seconds);
    }

    @Test
    void matchesLibjpegsOwnColourConversionOnTheSharedPhotos() throws IOException {
        // ImageIO's read() converts YCbCr inside libjpeg, as TensorFlow does; a sample of 60 photos.
        List<Path> photos = jpegsUnder(SharedData.require("data/cats_and_dogs_filtered"));
        for (int i = 0; i < photos.size(); i += 50) {
            Path photo = photos.get(i);
            BufferedImage reference = ImageIO.read(photo.toFile());
            try (TensorScope scope = TensorScope.open()) {
                assertArrayEquals(ImageTensors.toTensor(reference).toLongArray(), decoder.decode(photo).toLongArray(),
                        photo.toString());
            }
        }
    }

    @Test
    void decodesTheImageNetSamples() {
        for (String name : new String[] {"elephant.jpg", "cheetah.jpg"}) {
            Path photo = SharedData.require("data/imagenet/" + name);
            try (TensorScope scope = TensorScope.open()) {
                Tensor image = decoder.decode(photo);
                assertEquals(3, image.shape().get(2));
                // A photograph, not a blank: the channel values spread out.
                float[] v = image.toFloatArray();
                double mean = 0;
                for (float x : v) {
                    mean += x / v.length;
                }
                double variance = 0;
                for (float x : v) {
                    variance += (x - mean) * (x - mean) / v.length;
                }
                assertTrue(variance > 100, name + " variance " + variance);
            }
        }
    }
}
