package dev.graft.layers;

import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.utils.RandomSeed;

/**
 * Keras' {@code Dropout(rate)}: in training mode, sets each input element to 0 with probability
 * {@code rate} and scales the kept ones by {@code 1 / (1 - rate)}, so the expected sum is unchanged; in
 * inference mode, returns the input unchanged. Any input shape, e.g. {@code [batch, height, width, channels]};
 * the output has the same shape. No weights.
 *
 * <p>The layer owns a {@link SeedGenerator}, seeded with {@link Builder#optSeed} or else from
 * {@link RandomSeed#next()}; two layers with the same seed drop the same elements in the same sequence of
 * calls. {@link #close()} frees it.
 */
public final class Dropout extends Layer {
    private final double rate;
    private final SeedGenerator generator;

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

    /** Keras' options; the seed is always written, so a loaded layer drops the same elements. */
    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("rate", rate).put("seed", seed()).putNull("noise_shape");
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code Dropout.from_config}). */
    public static Dropout fromConfig(LayerConfig c) {
        Builder b = c.common(builder()).setRate(c.getDouble("rate"));
        Long seed = c.getLongOrNull("seed");
        if (seed != null) {
            b.optSeed(seed);
        }
        return b.build();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return inputShape;
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        // Keras skips the op entirely at rate 0. A same-shape reshape is a free view: the caller still gets
        // a tensor of its own (closing it leaves the input open), with the input's dtype and gradient.
        if (!training || rate == 0) {
            return input.reshape(input.shape().dims());
        }
        return input.dropout(rate, generator);
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

        public Dropout build() {
            return new Dropout(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
