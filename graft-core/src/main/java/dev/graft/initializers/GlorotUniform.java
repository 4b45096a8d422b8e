package dev.graft.initializers;

import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.utils.RandomSeed;
import java.util.OptionalLong;

/**
 * Keras' default kernel initializer: uniform in {@code [-limit, limit]} with
 * {@code limit = sqrt(6 / (fan_in + fan_out))}.
 */
public final class GlorotUniform implements Initializer {
    private final Long seed;

    /** Draws its seed from {@link RandomSeed} at each use. */
    public GlorotUniform() {
        this.seed = null;
    }

    /** Always produces the same values for the same shape. */
    public GlorotUniform(long seed) {
        this.seed = seed;
    }

    /** The fixed seed, or empty when each use draws one from {@link RandomSeed}. */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        Fans fans = Fans.of(shape);
        double limit = Math.sqrt(6.0 / Math.max(1.0, fans.in() + fans.out()));
        try (SeedGenerator g = SeedGenerator.of(seed != null ? seed : RandomSeed.next())) {
            return Tensor.randomUniform(shape, -limit, limit, dtype, g);
        }
    }
}
