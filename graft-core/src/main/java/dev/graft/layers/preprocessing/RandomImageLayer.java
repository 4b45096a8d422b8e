package dev.graft.layers.preprocessing;

import dev.graft.layers.Layer;
import dev.graft.layers.LayerConfig;
import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.utils.RandomSeed;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The base of the random augmentation layers, like Keras' {@code BaseImagePreprocessingLayer}. Inputs are
 * {@code [batch, height, width, channels]} images or a single {@code [height, width, channels]} image;
 * integer inputs (such as uint8 pixels) are converted to the layer's dtype, so the output is always floating.
 * In training mode each image of the batch gets its own random draw; in inference mode the layer returns its
 * input unless the subclass says otherwise. No weights.
 *
 * <p>The layer owns a {@link SeedGenerator}, seeded with {@code optSeed} or else from {@link RandomSeed#next()};
 * two layers with the same seed make the same draws in the same sequence of calls. {@link #close()} frees it.
 */
public abstract class RandomImageLayer extends Layer {
    private final SeedGenerator generator;

    protected RandomImageLayer(Builder<?> b) {
        super(b);
        // Drawn now rather than at the first call, so that RandomSeed.set(...) before building a model makes
        // it reproducible whatever order the layers are first called in.
        this.generator = SeedGenerator.of(b.seed != null ? b.seed : RandomSeed.next());
    }

    /** The seed of this layer's generator. */
    public long seed() {
        return generator.seed();
    }

    @Override
    protected List<SeedGenerator> ownSeedGenerators() {
        return List.of(generator);
    }

    /** Checks that {@code inputShape} holds images: rank 4 (a batch) or rank 3 (one image). */
    protected final void requireImages(Shape inputShape) {
        if (inputShape.rank() != 3 && inputShape.rank() != 4) {
            throw shapeError("images [batch, height, width, channels] or one image [height, width, channels]",
                    inputShape);
        }
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        requireImages(inputShape);
        return inputShape;
    }

    @Override
    protected final Tensor forward(Tensor input, boolean training) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor images = input.dtype().isFloating() ? input : input.toType(dtype());
            boolean single = images.rank() == 3;
            Tensor batch = single ? images.expandDims(0) : images;
            Tensor out = training ? augment(batch) : infer(batch);
            if (single) {
                out = out.reshape(out.shape().dropFirst().dims());
            }
            return scope.keep(out);
        }
    }

    /** The training-mode computation on a {@code [batch, height, width, channels]} floating batch. */
    protected abstract Tensor augment(Tensor images);

    /**
     * The inference-mode computation on a {@code [batch, height, width, channels]} floating batch: the images
     * themselves, as a tensor of the caller's own (a free view), by default.
     */
    protected Tensor infer(Tensor images) {
        return images.reshape(images.shape().dims());
    }

    /** Only in inference mode: training draws new transformations every call. */
    @Override
    public boolean isFrozenFunction(boolean training) {
        return !training && super.isFrozenFunction(training);
    }

    /** {@code count} values drawn uniformly from {@code [min, max)} with this layer's generator, in float64. */
    protected final double[] uniform(int count, double min, double max) {
        try (Tensor u = Tensor.randomUniform(Shape.of(count), min, max, DType.FLOAT64, generator)) {
            return u.toDoubleArray();
        }
    }

    /** A {@code [batch, 1, 1, 1]} tensor of the layer's dtype drawn uniformly from {@code [min, max)}. */
    protected final Tensor uniformPerImage(long batch, double min, double max) {
        return Tensor.randomUniform(Shape.of(batch, 1, 1, 1), min, max, dtype(), generator);
    }

    /**
     * Reads the options every random image layer has into {@code builder}: the common ones, {@code seed}
     * (a loaded layer makes the same draws as the saved one did from its start) and {@code data_format},
     * which must be channels_last.
     */
    protected static <B extends Builder<B>> B readCommonConfig(LayerConfig c, B builder) {
        c.common(builder);
        Long seed = c.getLongOrNull("seed");
        if (seed != null) {
            builder.optSeed(seed);
        }
        c.expect("data_format", "channels_last");
        // Keras uses it only for bounding boxes passed along with the images; Graft's layers take images alone.
        c.ignore("bounding_box_format");
        return builder;
    }

    /** The layer's settings under Keras' {@code get_config} names, in order, for {@link #toString()}. */
    protected abstract Map<String, Object> config();

    /** Frees the layer's random generator. */
    @Override
    public void close() {
        generator.close();
        super.close();
    }

    /** E.g. {@code <RandomFlip name=random_flip, mode=horizontal, seed=42>}. */
    @Override
    public String toString() {
        String settings = config().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return "<" + getClass().getSimpleName() + " name=" + name() + ", " + settings + ", seed=" + seed() + ">";
    }

    /** Options every random augmentation layer offers. */
    public abstract static class Builder<B extends Builder<B>> extends Layer.Builder<B> {
        private Long seed;

        /** The seed of the layer's random generator (default: drawn from {@link RandomSeed}). */
        public B optSeed(long seed) {
            this.seed = seed;
            return self();
        }
    }
}
