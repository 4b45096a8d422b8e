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

/**
 * The options every Keras application takes, with Keras' checks: {@code include_top}, {@code weights},
 * {@code input_shape}, {@code pooling}, {@code classes} and {@code classifier_activation}.
 *
 * <p>{@code weights} is null (random initialization, the default here) or the path of a Keras h5 weights file
 * for exactly this architecture, loaded by position as Keras' {@code load_weights} does. Each model names the
 * official ImageNet files in an {@link OfficialWeights}.
 */
public abstract class ApplicationBuilder<B extends ApplicationBuilder<B>> {
    /** Keras' smallest input side for these models. */
    protected static final int MIN_SIZE = 32;

    private boolean includeTop = true;
    private Path weights;
    private long[] inputShape;
    private Pooling pooling = Pooling.NONE;
    private int classes = 1000;
    private ActivationFunction classifierActivation = ActivationFunction.SOFTMAX;

    /** Whether to end with the classifier: pooling and a Dense of {@code classes} units (default true). */
    public B optIncludeTop(boolean includeTop) {
        this.includeTop = includeTop;
        return self();
    }

    /**
     * The h5 weights file to load after building, or null for random initialization (the default here; Keras
     * defaults to its ImageNet weights, whose files each model names with {@code imagenetWeights}).
     */
    public B optWeights(Path weights) {
        this.weights = weights;
        return self();
    }

    /**
     * The input image size {@code (height, width, channels)}, batch excluded; {@link Shape#UNKNOWN} for a size
     * known only at run time (not allowed with the top). Default: the model's default size with the top,
     * {@code (UNKNOWN, UNKNOWN, 3)} without.
     */
    public B optInputShape(long height, long width, long channels) {
        this.inputShape = new long[] {height, width, channels};
        return self();
    }

    /** The pooling after the last block when there is no top (default {@link Pooling#NONE}). */
    public B optPooling(Pooling pooling) {
        this.pooling = pooling;
        return self();
    }

    /** Keras' spelling of the pooling: null, {@code "avg"} or {@code "max"}. */
    public B optPooling(String pooling) {
        return optPooling(Pooling.of(pooling));
    }

    /** The number of classes of the top (default 1000). */
    public B optClasses(int classes) {
        this.classes = classes;
        return self();
    }

    /** The activation of the top's Dense (default softmax; {@code LINEAR} gives logits, Keras' None). */
    public B optClassifierActivation(ActivationFunction activation) {
        this.classifierActivation = activation;
        return self();
    }

    /** The top's activation by its Keras name; null is Keras' None, the logits. */
    public B optClassifierActivation(String kerasName) {
        return optClassifierActivation(ActivationFunction.of(kerasName));
    }

    /** Builds the model, loading {@code weights} if given. */
    public abstract Model build();

    protected abstract B self();

    protected boolean includeTop() {
        return includeTop;
    }

    protected Path weights() {
        return weights;
    }

    protected Pooling pooling() {
        return pooling;
    }

    protected int classes() {
        return classes;
    }

    protected ActivationFunction classifierActivation() {
        return classifierActivation;
    }

    /**
     * Checks every option as Keras does before building {@code model}, and resolves the input shape as
     * Keras' {@code obtain_input_shape}: {@code (height, width, channels)}, with {@link Shape#UNKNOWN} where
     * not fixed.
     */
    protected long[] checkOptionsAndResolveInputShape(String model, int defaultSize) {
        if (weights != null && !Files.isRegularFile(weights)) {
            throw new IllegalArgumentException(model + ": weights should be null (random initialization) or the "
                    + "path to the weights file to be loaded; received weights=" + weights + ", which is not a file");
        }
        if (pooling == null) {
            throw new IllegalArgumentException(model + " needs a pooling (Pooling.NONE for none), received null");
        }
        if (classifierActivation == null) {
            throw new IllegalArgumentException(model + " needs a classifier activation (LINEAR for logits), "
                    + "received null");
        }
        if (includeTop && classes < 1) {
            throw new IllegalArgumentException(model + " needs classes >= 1 for its top, received " + classes);
        }
        // Keras' validate_activation: pretrained tops were trained for softmax (or logits) only.
        if (includeTop && weights != null && classifierActivation != ActivationFunction.SOFTMAX
                && classifierActivation != ActivationFunction.LINEAR) {
            throw new IllegalArgumentException(model + ": only LINEAR (Keras' None) and SOFTMAX activations are "
                    + "allowed for the classifier when loading pretrained weights; received "
                    + classifierActivation.kerasName());
        }
        long[] shape = inputShape != null ? inputShape.clone()
                : includeTop ? new long[] {defaultSize, defaultSize, 3}
                : new long[] {Shape.UNKNOWN, Shape.UNKNOWN, 3};
        String received = Shape.of(checkedDims(model, shape)).toString();
        if (shape[2] == Shape.UNKNOWN) {
            throw new IllegalArgumentException(model + " needs a known number of channels; received inputShape "
                    + received);
        }
        if ((shape[0] != Shape.UNKNOWN && shape[0] < MIN_SIZE) || (shape[1] != Shape.UNKNOWN && shape[1] < MIN_SIZE)) {
            throw new IllegalArgumentException(model + ": input size must be at least " + MIN_SIZE + "x" + MIN_SIZE
                    + "; received inputShape " + received);
        }
        if (includeTop && (shape[0] == Shape.UNKNOWN || shape[1] == Shape.UNKNOWN)) {
            throw new IllegalArgumentException(model + ": with includeTop, specify a static inputShape; received "
                    + "inputShape " + received);
        }
        return shape;
    }

    private static long[] checkedDims(String model, long[] shape) {
        for (long d : shape) {
            if (d < 1 && d != Shape.UNKNOWN) {
                throw new IllegalArgumentException(model + " needs inputShape sizes >= 1 or Shape.UNKNOWN, received "
                        + java.util.Arrays.toString(shape));
            }
        }
        return shape;
    }

    /**
     * Keras' {@code correct_pad}: the {@code ((top, bottom), (left, right))} zero padding before a stride-2
     * convolution with a {@code kernel}-wide window, one pixel less at the top and left of an even side, as
     * TensorFlow's 'same' padding; an unknown size counts as even.
     */
    protected static int[][] correctPad(SymbolicTensor x, int kernel) {
        int correct = kernel / 2;
        long h = x.shape().get(1);
        long w = x.shape().get(2);
        // Keras decides from the height whether the size is known.
        int adjustH = h == Shape.UNKNOWN ? 1 : (int) (1 - h % 2);
        int adjustW = h == Shape.UNKNOWN || w == Shape.UNKNOWN ? 1 : (int) (1 - w % 2);
        return new int[][] {{correct - adjustH, correct}, {correct - adjustW, correct}};
    }

    /** The model's float32 image input {@code [batch, height, width, channels]}. */
    protected static SymbolicTensor imageInput(long[] shape) {
        return Input.of(Shape.batchOf(shape), DType.FLOAT32, null);
    }

    /**
     * The pooling Keras adds without a top ({@code [batch, channels]}), or {@code x} itself for
     * {@link Pooling#NONE}; null names take Keras' defaults.
     */
    protected SymbolicTensor poolWithoutTop(SymbolicTensor x, String avgName, String maxName) {
        return switch (pooling) {
            case AVG -> GlobalAveragePooling2D.builder().optName(avgName).build().call(x);
            case MAX -> GlobalMaxPooling2D.builder().optName(maxName).build().call(x);
            case NONE -> x;
        };
    }

    /** The functional model from {@code input} to {@code output}, with {@code weights} loaded if given. */
    protected Model finish(SymbolicTensor input, SymbolicTensor output, String name) {
        Model model = new Model(java.util.List.of(input), java.util.List.of(output), name);
        if (weights != null) {
            try {
                model.loadWeights(weights);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }
        return model;
    }
}
