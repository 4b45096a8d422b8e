package dev.graft.layers;

import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.utils.RandomSeed;
import java.util.List;

/**
 * Keras' {@code Dropout(rate)}: in training mode, sets each input element to 0 with probability
 * {@code rate} and scales the kept ones by {@code 1 / (1 - rate)}, so the expected sum is unchanged; in
 * inference mode, returns the input unchanged. Any input shape, e.g. {@code [batch, height, width, channels]};
 * the output has the same shape. No weights.
 *
 * <p>The layer owns a {@link SeedGenerator}, seeded with {@link Builder#optSeed} or else from
 * {@link RandomSeed#next()}; two layers with the same seed drop the same elements in the same sequence of
 * calls. {@link #close()} frees it.
 *
 * <p>With a {@code noiseShape} (Keras' {@code noise_shape}), one keep-or-drop decision is drawn per element of
 * that shape and broadcast over the input: {@code noiseShape(UNKNOWN, 1, 1, 1)} on
 * {@code [batch, height, width, channels]} drops whole samples, EfficientNet's drop-connect.
 */
public final class Dropout extends Layer {
    private final double rate;
    private final SeedGenerator generator;
    private final long[] noiseShape;

    /** {@code Dropout(rate)}, seeded from the global {@link RandomSeed}. */
    public Dropout(double rate) {
        this(builder().setRate(rate));
    }

    private Dropout(Builder b) {
        super(b);
        if (!(b.rate >= 0 && b.rate < 1)) {
            throw new IllegalArgumentException("Dropout needs a rate in [0, 1) (setRate), received " + b.rate);
        }
        this.rate = b.rate;
        if (b.noiseShape != null) {
            for (long d : b.noiseShape) {
                if (d < 1 && d != Shape.UNKNOWN) {
                    throw new IllegalArgumentException("Dropout needs noiseShape dimensions >= 1, or Shape.UNKNOWN "
                            + "(-1) for the input's size, received " + java.util.Arrays.toString(b.noiseShape));
                }
            }
        }
        this.noiseShape = b.noiseShape;
        // Drawn now rather than at the first call, so that RandomSeed.set(...) before building a model
        // makes it reproducible whatever order the layers are first called in.
        this.generator = SeedGenerator.of(b.seed != null ? b.seed : RandomSeed.next());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The fraction of elements dropped in training mode. */
    public double rate() {
        return rate;
    }

    /** The seed of this layer's generator. */
    public long seed() {
        return generator.seed();
    }

    @Override
    protected List<SeedGenerator> ownSeedGenerators() {
        return List.of(generator);
    }

    /** The shape of the random mask, with {@link Shape#UNKNOWN} for the input's size; null for per element. */
    public long[] noiseShape() {
        return noiseShape == null ? null : noiseShape.clone();
    }

    /** Keras' options; the seed is always written, so a loaded layer drops the same elements. */
    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("rate", rate).put("seed", seed());
        if (noiseShape == null) {
            c.putNull("noise_shape");
        } else {
            c.putShape("noise_shape", Shape.of(noiseShape));
        }
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code Dropout.from_config}). */
    public static Dropout fromConfig(LayerConfig c) {
        Builder b = c.common(builder()).setRate(c.getDouble("rate"));
        if (c.has("noise_shape")) {
            b.optNoiseShape(c.getShape("noise_shape").dims());
        }
        Long seed = c.getLongOrNull("seed");
        if (seed != null) {
            b.optSeed(seed);
        }
        return b.build();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        if (noiseShape != null) {
            concreteNoiseShape(inputShape);
        }
        return inputShape;
    }

    /** Keras' {@code _get_concrete_noise_shape}: unknown entries take the input's sizes; each must broadcast. */
    private long[] concreteNoiseShape(Shape inputShape) {
        if (noiseShape.length != inputShape.rank()) {
            throw shapeError("an input of rank " + noiseShape.length + " to match noiseShape "
                    + Shape.of(noiseShape), inputShape);
        }
        long[] concrete = noiseShape.clone();
        for (int i = 0; i < concrete.length; i++) {
            long in = inputShape.get(i);
            if (concrete[i] == Shape.UNKNOWN) {
                concrete[i] = in;
            } else if (concrete[i] != 1 && in != Shape.UNKNOWN && concrete[i] != in) {
                throw shapeError("an input that noiseShape " + Shape.of(noiseShape) + " broadcasts to (each size "
                        + "equal or 1)", inputShape);
            }
        }
        return concrete;
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        // Keras skips the op entirely at rate 0. A same-shape reshape is a free view: the caller still gets
        // a tensor of its own (closing it leaves the input open), with the input's dtype and gradient.
        if (!training || rate == 0) {
            return input.reshape(input.shape().dims());
        }
        if (noiseShape == null) {
            return input.dropout(rate, generator);
        }
        // Dropout of ones gives the mask already scaled: 0 or 1 / (1 - rate), one draw per noise element.
        try (Tensor ones = Tensor.ones(Shape.of(concreteNoiseShape(input.shape())), input.dtype());
                Tensor mask = ones.dropout(rate, generator)) {
            return input.mul(mask);
        }
    }

    /** Only in inference mode (or at rate 0, which drops nothing): training draws a new mask every call. */
    @Override
    public boolean isFrozenFunction(boolean training) {
        return (!training || rate == 0) && super.isFrozenFunction(training);
    }

    /** Frees the layer's random generator. */
    @Override
    public void close() {
        generator.close();
        super.close();
    }

    /** Builds a {@link Dropout}: {@link #setRate} is required. */
    public static final class Builder extends Layer.Builder<Builder> {
        private double rate = Double.NaN;
        private Long seed;
        private long[] noiseShape;

        /** The fraction of the input elements to drop, in {@code [0, 1)}. */
        public Builder setRate(double rate) {
            this.rate = rate;
            return this;
        }

        /** The seed of the layer's random generator (default: drawn from {@link RandomSeed}). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The shape of the random mask (default: the input's), the input's rank long; {@link Shape#UNKNOWN}
         * takes the input's size and 1 shares one decision along that axis, e.g.
         * {@code optNoiseShape(Shape.UNKNOWN, 1, 1, 1)} drops whole samples.
         */
        public Builder optNoiseShape(long... noiseShape) {
            this.noiseShape = noiseShape == null ? null : noiseShape.clone();
            return this;
        }

        public Dropout build() {
            return new Dropout(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
