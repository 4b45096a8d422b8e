package dev.graft.cli;

import dev.graft.applications.ImageNetClasses;
import dev.graft.applications.Prediction;
import dev.graft.data.image.ImageDecoder;
import dev.graft.data.image.ImageResizer;
import dev.graft.models.Model;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code graft predict}: the top classes of each image, as Keras' applications example does: the image is
 * resized bilinearly to the model's input size, preprocessed as the application expects, and the
 * predictions decoded with the class index. A saved {@code .keras} model takes plain pixels (a model from
 * {@code graft finetune} preprocesses inside); its outputs become probabilities (a sigmoid for one output, a
 * softmax for logits) and its class names come from {@code --classes}, else from the {@code classes.json}
 * that {@code graft finetune} writes beside the model, else from ImageNet.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Prints the top classes of each image with their probabilities.")
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--weights", paramLabel = "imagenet|none|PATH", defaultValue = "imagenet",
            description = "The weights of an application: imagenet (downloaded once, then cached), none, or a file.")
    String weights;

    @Option(names = "--classes", paramLabel = "FILE",
            description = "The class index (Keras' imagenet_class_index.json, or a JSON list of names); "
                    + "default: classes.json beside a .keras model, else the ImageNet index, downloaded once.")
    Path classes;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "How many classes to show (default 5).")
    int top;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "JPEG, PNG, GIF or BMP files.")
    List<Path> images;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, received " + top);
        }
        ImageNetClasses index = classIndex();
        PrintWriter out = spec.commandLine().getOut();
        ImageDecoder decoder = new ImageDecoder();
        try (Model built = model.build(WeightsOption.parse(weights)); TensorScope scope = TensorScope.open()) {
            long[] size = model.imageSize(built);
            ImageResizer resize = new ImageResizer(size[0], size[1]);
            Classification classification = model.isFile() ? Classification.of(built) : null;
            if (classification != null && classification.numClasses() != index.size()) {
                throw new IllegalArgumentException("The model tells " + classification.numClasses() + " classes apart "
                        + "but the class index has " + index.size() + " names; give --classes with the model's "
                        + "class names (a JSON list)");
            }
            for (Path image : images) {
                Tensor pixels = resize.apply(decoder.decode(image)).expandDims(0);
                Tensor input = model.isFile() ? pixels : model.application().preprocessInput(pixels);
                Tensor scores = built.call(input, false);
                if (classification != null) {
                    scores = Tensor.of(classification.probabilities(scores.toFloatArray()), 1, index.size());
                }
                List<Prediction> best = index.decode(scores, Math.min(top, index.size())).get(0);
                out.println(image);
                for (int rank = 0; rank < best.size(); rank++) {
                    Prediction p = best.get(rank);
                    out.printf(Locale.ROOT, "  %d. %-28s %4d  %.4f%n", rank + 1, p.name(), p.classIndex(), p.score());
                }
            }
        }
        return 0;
    }

    /** {@code --classes}, else the class names graft finetune saved beside the model, else ImageNet's. */
    private ImageNetClasses classIndex() {
        if (classes != null) {
            return ImageNetClasses.load(classes);
        }
        if (model.isFile()) {
            Path saved = Path.of(model.model).resolveSibling(Report.CLASSES);
            if (Files.isRegularFile(saved)) {
                return ImageNetClasses.load(saved);
            }
        }
        return ImageNetClasses.standard();
    }
}
