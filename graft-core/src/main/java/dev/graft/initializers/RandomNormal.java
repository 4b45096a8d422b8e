package dev.graft.initializers;

import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.utils.RandomSeed;
import java.util.OptionalLong;

/** Normally distributed values with the given mean and standard deviation. */
public final class RandomNormal implements Initializer {
    private final double mean;
    private final double stddev;
    private final Long seed;

    /** Keras' defaults: mean 0, standard deviation 0.05, unseeded. */
    public RandomNormal() {
        this(0.0, 0.05, null);
    }

    public RandomNormal(double mean, double stddev, Long seed) {
        this.mean = mean;
        this.stddev = stddev;
        this.seed = seed;
    }

    public double mean() {
        return mean;
    }

    public double stddev() {
        return stddev;
    }

    /** The fixed seed, or empty when each use draws one from {@link RandomSeed}. */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        try (SeedGenerator g = SeedGenerator.of(seed != null ? seed : RandomSeed.next())) {
            return Tensor.randomNormal(shape, mean, stddev, dtype, g);
        }
    }
}
