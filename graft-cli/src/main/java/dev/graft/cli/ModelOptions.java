package dev.graft.cli;

import dev.graft.applications.Application;
import dev.graft.applications.ApplicationBuilder;
import dev.graft.applications.Weights;
import dev.graft.models.Model;
import dev.graft.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** The options that choose a model: an application by name, or a saved {@code .keras} file. */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "NAME|FILE.keras",
            description = "An application (xception, mobilenet, ...) or a model saved with model.save(...).")
    String model;

    @Option(names = "--alpha", paramLabel = "A", description = "MobileNet's width multiplier (0.25, 0.5, 0.75, 1.0).")
    Double alpha;

    @Option(names = "--input-shape", paramLabel = "H,W,C", split = ",",
            description = "The input shape, e.g. 150,150,3 (default: the application's).")
    long[] inputShape;

    @Option(names = "--no-top", description = "Leave out the ImageNet classifier on top.")
    boolean noTop;

    /** Whether {@code --model} names a saved file rather than an application. */
    boolean isFile() {
        return model.endsWith(".keras");
    }

    /** The application {@code --model} names. */
    Application application() {
        return Application.fromName(model);
    }

    /** The model, with {@code weights} for an application. */
    Model build(Weights weights) {
        if (isFile()) {
            Path file = Path.of(model);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("No model file " + file.toAbsolutePath());
            }
            return dev.graft.models.Models.load(file);
        }
        ApplicationBuilder<?> builder = application().builder(alpha == null ? Double.NaN : alpha)
                .optIncludeTop(!noTop).optWeights(weights);
        if (inputShape != null) {
            if (inputShape.length != 3) {
                throw new IllegalArgumentException("--input-shape needs height,width,channels, received "
                        + Arrays.toString(inputShape));
            }
            builder.optInputShape(inputShape);
        }
        return builder.build();
    }

    /** The height and width the model takes, or the application's default size when it takes any size. */
    long[] imageSize(Model built) {
        Shape shape = built.inputs().get(0).shape();
        long height = shape.get(1);
        long width = shape.get(2);
        if (height == Shape.UNKNOWN || width == Shape.UNKNOWN) {
            int size = isFile() ? 224 : application().defaultSize();
            return new long[] {size, size};
        }
        return new long[] {height, width};
    }
}
