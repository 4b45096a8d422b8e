package dev.graft.cli;

import dev.graft.testing.SharedData;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Small image folders for command tests, made from the shared cats-and-dogs photos shrunk to 64 x 64 JPEGs, so
 * a whole {@code graft finetune} run takes seconds. Skips the calling test when the shared photos are absent.
 */
final class TinyImageFolders {
    static final String WEIGHTS = "data/weights/mobilenet_2_5_224_tf_no_top.h5";
    private static final int SIDE = 64;

    private TinyImageFolders() {
    }

    /** The genuine MobileNet 0.25 weights without top. */
    static Path weights() {
        return SharedData.require(WEIGHTS);
    }

    /**
     * The arguments that make {@code graft finetune} quick: MobileNet 0.25 at 96 x 96, batches of 4, one epoch
     * per phase; {@code more} are option-value pairs that replace or join them.
     */
    static List<String> quickFinetune(Path data, Path out, String... more) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--data", data.toString());
        options.put("--base", "mobilenet");
        options.put("--alpha", "0.25");
        options.put("--weights", weights().toString());
        options.put("--image-size", "96");
        options.put("--batch-size", "4");
        options.put("--epochs", "1");
        options.put("--fine-tune-epochs", "1");
        options.put("--out", out.toString());
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("finetune"));
        options.forEach((option, value) -> args.addAll(List.of(option, value)));
        return args;
    }

    /** {@code root/train/{cats,dogs}} with {@code train} photos each and {@code root/validation/...} with {@code validation}. */
    static Path trainAndValidation(Path root, int train, int validation) {
        copy("train", "cats", 0, train, root.resolve("train/cats"));
        copy("train", "dogs", 0, train, root.resolve("train/dogs"));
        copy("validation", "cats", 0, validation, root.resolve("validation/cats"));
        copy("validation", "dogs", 0, validation, root.resolve("validation/dogs"));
        return root;
    }

    /** {@code root/<class>/} for each class, {@code count} photos each: the shared cats, then dogs, then cats again. */
    static Path classFolders(Path root, int count, String... classes) {
        for (int c = 0; c < classes.length; c++) {
            copy("train", c % 2 == 0 ? "cats" : "dogs", (c / 2) * count, count, root.resolve(classes[c]));
        }
        return root;
    }

    /** Copies photos {@code from .. from + count - 1} (in name order) of a shared folder into {@code target}, shrunk. */
    static void copy(String split, String animal, int from, int count, Path target) {
        Path source = SharedData.require("data/cats_and_dogs_filtered/" + split + "/" + animal);
        try (Stream<Path> files = Files.list(source)) {
            Files.createDirectories(target);
            for (Path photo : files.sorted().skip(from).limit(count).toList()) {
                shrink(photo, target.resolve(photo.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code photo} scaled to 64 x 64 as a JPEG at {@code target}. */
    static void shrink(Path photo, Path target) throws IOException {
        BufferedImage original = ImageIO.read(photo.toFile());
        BufferedImage small = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(original, 0, 0, SIDE, SIDE, null);
        g.dispose();
        if (!ImageIO.write(small, "jpg", target.toFile())) {
            throw new IOException("No JPEG writer for " + target);
        }
    }
}
