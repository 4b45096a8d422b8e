package dev.graft.cli;

import dev.graft.applications.Weights;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --weights} option of an application: {@code imagenet}, {@code none}, or an h5 weights file. */
final class WeightsOption {
    private WeightsOption() {
    }

    /** The weights {@code value} names; a file must exist. */
    static Weights parse(String value) {
        return switch (value) {
            case "imagenet" -> Weights.imagenet();
            case "none" -> Weights.none();
            default -> {
                Path file = Path.of(value);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("--weights " + value + ": no such file; give imagenet, none "
                            + "or a Keras h5 weights file of the base");
                }
                yield Weights.file(file);
            }
        };
    }
}
