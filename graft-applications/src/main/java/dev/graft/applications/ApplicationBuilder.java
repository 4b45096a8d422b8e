package dev.graft.applications;

import dev.graft.activations.ActivationFunction;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.GlobalMaxPooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The options every Keras application shares, with Keras' defaults, and the checks and steps Keras' application
 * functions share ({@code imagenet_utils}): {@code includeTop}, {@code weights}, {@code inputShape},
 * {@code pooling}, {@code classes}, {@code classifierActivation}, the model's name, where pretrained weights are
 * cached, and where warnings go. Each application's builder extends it and implements {@link #build()}.
 */
public abstract class ApplicationBuilder<B extends ApplicationBuilder<B>> {
    private boolean includeTop = true;
    private Weights weights = Weights.imagenet();
    private long[] inputShape;
    private Pooling pooling = Pooling.NONE;
    private int classes = 1000;
    private ActivationFunction classifierActivation = ActivationFunction.SOFTMAX;
    private String name;
    private WeightsCache cache;
    private Consumer<String> warnings = message -> System.err.println("WARNING: " + message);

    protected ApplicationBuilder() {
    }

    /** Whether to include the ImageNet classifier on top (default true). */
    public B optIncludeTop(boolean includeTop) {
        this.includeTop = includeTop;
        return self();
    }

    /** {@link Weights#imagenet()} (default), {@link Weights#none()} or {@link Weights#file(Path)}. */
    public B optWeights(Weights weights) {
        this.weights = weights;
        return self();
    }

    /**
     * The input shape {@code (height, width, channels)} without the batch, {@link Shape#UNKNOWN} for a size left
     * open (Keras' {@code None}); default: the application's (e.g. 299x299x3 for Xception), or any height and
     * width without the top. With the top and ImageNet weights only the default is accepted.
     */
    public B optInputShape(long... inputShape) {
        this.inputShape = inputShape == null || inputShape.length == 0 ? null : inputShape.clone();
        return self();
    }

    /** What to do with the last feature map when {@code includeTop} is false (default {@link Pooling#NONE}). */
    public B optPooling(Pooling pooling) {
        this.pooling = pooling;
        return self();
    }

    /** The number of classes of the top (default 1000; only 1000 with ImageNet weights). */
    public B optClasses(int classes) {
        this.classes = classes;
        return self();
    }

    /**
     * The activation of the top (default softmax); {@link ActivationFunction#LINEAR} returns logits. With
     * pretrained weights only softmax and linear are accepted.
     */
    public B optClassifierActivation(ActivationFunction classifierActivation) {
        this.classifierActivation = classifierActivation;
        return self();
    }

    /** The activation of the top by its Keras name; null is Keras' {@code None} (linear: logits). */
    public B optClassifierActivation(String kerasName) {
        return optClassifierActivation(ActivationFunction.of(kerasName));
    }

    /** The model's name (default: Keras' name for the application, e.g. {@code xception}). */
    public B optName(String name) {
        this.name = name;
        return self();
    }

    /** Where ImageNet weights are found or downloaded (default {@link WeightsCache#defaults()}). */
    public B optWeightsCache(WeightsCache cache) {
        this.cache = cache;
        return self();
    }

    /** Where Keras' warnings go (default: standard error, prefixed {@code WARNING: }). */
    public B optWarnings(Consumer<String> warnings) {
        this.warnings = warnings;
        return self();
    }

    /** Builds the model, checking the options as Keras does, and loads the chosen weights. */
    public abstract Model build();

    protected abstract B self();

    // ---- for the applications' build() ----------------------------------------------------------------------

    protected final boolean includeTop() {
        return includeTop;
    }

    protected final Weights weights() {
        return weights;
    }

    /** The input shape as given, or null (Keras' {@code None}). */
    protected final long[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    protected final Pooling pooling() {
        return pooling;
    }

    protected final int classes() {
        return classes;
    }

    protected final ActivationFunction classifierActivation() {
        return classifierActivation;
    }

    /** The name given with {@link #optName}, or {@code defaultName}. */
    protected final String name(String defaultName) {
        return name != null ? name : defaultName;
    }

    protected final void warn(String message) {
        warnings.accept(message);
    }

    /**
     * The checks every Keras application starts with: {@code weights} is ImageNet, none or an existing file;
     * with ImageNet weights and the top, {@code classes} is 1000. Also rejects missing options.
     */
    protected final void checkCommonOptions(String application) {
        if (weights == null || pooling == null || classifierActivation == null || warnings == null) {
            throw new IllegalArgumentException(application + " needs weights, pooling, classifierActivation and "
                    + "warnings to be set (not null), received weights=" + weights + ", pooling=" + pooling
                    + ", classifierActivation=" + classifierActivation + ", warnings=" + warnings);
        }
        if (weights.file() != null && !Files.exists(weights.file())) {
            throw new IllegalArgumentException("The `weights` argument of " + application + " should be either "
                    + "Weights.none() (random initialization), Weights.imagenet() (pre-training on ImageNet), or "
                    + "the path to the weights file to be loaded. Received weights=" + weights
                    + ", which does not exist");
        }
        if (weights.isImagenet() && includeTop && classes != 1000) {
            throw new IllegalArgumentException("If using ImageNet weights with includeTop=true, `classes` should be "
                    + "1000. Received classes=" + classes + "; use Weights.none() to train another classifier, or "
                    + "includeTop=false to put your own on top");
        }
        if (classes < 1) {
            throw new IllegalArgumentException(application + " needs classes >= 1, received " + classes);
        }
        if (inputShape != null) {
            for (long d : inputShape) {
                if (d < 1 && d != Shape.UNKNOWN) {
                    throw new IllegalArgumentException(application + " needs input dimensions >= 1 (or "
                            + "Shape.UNKNOWN for None), received input_shape=" + tuple(inputShape));
                }
            }
        }
    }

    /**
     * Keras' {@code obtain_input_shape} (channels last) for {@link #inputShape()}: the default
     * {@code (defaultSize, defaultSize, 3)} when none is given and the top is included, {@code (None, None, 3)}
     * without the top; a given shape is checked (three values, three channels with ImageNet weights, height and
     * width at least {@code minSize}, exactly the default with the top and ImageNet weights, fully known with
     * the top). Unusual channel counts are a warning.
     *
     * @return {@code (height, width, channels)}, {@link Shape#UNKNOWN} for None
     */
    protected final long[] obtainInputShape(int defaultSize, int minSize) {
        boolean imagenet = weights.isImagenet();
        long[] given = inputShape;
        long[] defaultShape = {defaultSize, defaultSize, 3};
        if (!imagenet && given != null && given.length == 3) {
            long channels = given[2];
            if (channels != 1 && channels != 3) {
                warn("This model usually expects 1 or 3 input channels. However, it was passed an input_shape with "
                        + dim(channels) + " input channels.");
            }
            defaultShape = new long[] {defaultSize, defaultSize, channels};
        }
        if (imagenet && includeTop) {
            if (given != null && !Arrays.equals(given, defaultShape)) {
                throw new IllegalArgumentException("When setting includeTop=true and loading ImageNet weights, "
                        + "`input_shape` should be " + tuple(defaultShape) + ". Received: input_shape="
                        + tuple(given));
            }
            return defaultShape;
        }
        long[] shape;
        if (given != null) {
            if (given.length != 3) {
                throw new IllegalArgumentException("`input_shape` must be a tuple of three integers (height, width, "
                        + "channels). Received: input_shape=" + tuple(given));
            }
            if (given[2] != 3 && imagenet) {
                throw new IllegalArgumentException("The input must have 3 channels; Received `input_shape="
                        + tuple(given) + "`");
            }
            if ((given[0] != Shape.UNKNOWN && given[0] < minSize) || (given[1] != Shape.UNKNOWN && given[1] < minSize)) {
                throw new IllegalArgumentException("Input size must be at least " + minSize + "x" + minSize
                        + "; Received: input_shape=" + tuple(given));
            }
            shape = given.clone();
        } else {
            shape = includeTop ? defaultShape : new long[] {Shape.UNKNOWN, Shape.UNKNOWN, 3};
        }
        if (includeTop && Arrays.stream(shape).anyMatch(d -> d == Shape.UNKNOWN)) {
            throw new IllegalArgumentException("If `include_top` is True, you should specify a static "
                    + "`input_shape`. Received: input_shape=" + tuple(shape));
        }
        return shape;
    }

    /**
     * Keras' {@code validate_activation}: with pretrained weights (ImageNet or a file) the top's activation must
     * be softmax or linear.
     */
    protected final void validateClassifierActivation() {
        if (weights.isNone()) {
            return;
        }
        if (classifierActivation != ActivationFunction.SOFTMAX && classifierActivation != ActivationFunction.LINEAR) {
            throw new IllegalArgumentException("Only `None` (linear) and `softmax` activations are allowed for the "
                    + "`classifier_activation` argument when using pretrained weights, with includeTop=true; "
                    + "Received: classifier_activation=" + classifierActivation.kerasName());
        }
    }

    /**
     * The model's float32 input {@code [batch, height, width, channels]} for {@code shape}, after the check Keras
     * makes when it adds the top ({@link #validateClassifierActivation()}): made before any layer, so that a
     * refusal leaks no weights.
     */
    protected final SymbolicTensor imageInput(long[] shape) {
        if (includeTop) {
            validateClassifierActivation();
        }
        return Input.of(Shape.batchOf(shape), DType.FLOAT32, null);
    }

    /** The pooling of a model without its top: none, or a global average or max pooling with Keras' default name. */
    protected final SymbolicTensor pool(SymbolicTensor features) {
        return pool(features, null, null);
    }

    /** {@link #pool(SymbolicTensor)} with the names some applications give it (ResNet's avg_pool, max_pool). */
    protected final SymbolicTensor pool(SymbolicTensor features, String avgName, String maxName) {
        return switch (pooling) {
            case NONE -> features;
            case AVG -> GlobalAveragePooling2D.builder().optName(avgName).build().call(features);
            case MAX -> GlobalMaxPooling2D.builder().optName(maxName).build().call(features);
        };
    }

    /**
     * Keras' {@code correct_pad}: the {@code ((top, bottom), (left, right))} zero padding before a stride-2
     * 'valid' convolution with a {@code kernel}-wide window over {@code x} {@code [batch, height, width,
     * channels]}, so that it computes as TensorFlow's 'same': one pixel less at the top and left of an even
     * side. An unknown height counts as even sides, as in Keras.
     */
    static int[][] correctPad(SymbolicTensor x, int kernel) {
        int correct = kernel / 2;
        long h = x.shape().get(1);
        long w = x.shape().get(2);
        int adjustH = h == Shape.UNKNOWN ? 1 : (int) (1 - h % 2);
        int adjustW = h == Shape.UNKNOWN || w == Shape.UNKNOWN ? 1 : (int) (1 - w % 2);
        return new int[][] {{correct - adjustH, correct}, {correct - adjustW, correct}};
    }

    /**
     * Makes the model and loads its weights: {@code imagenet} (the ImageNet weights file for this configuration,
     * found or fetched through the weights cache) for {@link Weights#imagenet()}, the given file for
     * {@link Weights#file(Path)}, nothing for {@link Weights#none()}. A failed load closes the model.
     */
    protected final Model createModel(SymbolicTensor input, SymbolicTensor output, String modelName,
                                      RemoteFile imagenet) {
        Model model = new Model(List.of(input), List.of(output), modelName);
        try {
            if (weights.isImagenet()) {
                model.loadWeights((cache != null ? cache : WeightsCache.defaults()).get(imagenet));
            } else if (weights.file() != null) {
                model.loadWeights(weights.file());
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** A shape as Python prints a tuple, {@code (150, 150, 3)}, with None for unknown sizes. */
    static String tuple(long[] shape) {
        return Arrays.stream(shape).mapToObj(ApplicationBuilder::dim)
                .collect(Collectors.joining(", ", "(", shape.length == 1 ? ",)" : ")"));
    }

    private static String dim(long d) {
        return d == Shape.UNKNOWN ? "None" : Long.toString(d);
    }
}
