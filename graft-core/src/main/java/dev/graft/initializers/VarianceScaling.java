package dev.graft.initializers;

import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.utils.RandomSeed;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Keras' {@code VarianceScaling(scale, mode, distribution)}: random values whose variance is
 * {@code scale / n}, where {@code n} is the kernel's fan-in, fan-out or their mean (as {@link GlorotUniform}
 * computes them), at least 1.
 * <ul>
 *   <li>{@link Distribution#TRUNCATED_NORMAL}: normal with standard deviation
 *       {@code sqrt(scale / n) / 0.87962566103423978}, values beyond two standard deviations redrawn (the
 *       constant restores the variance the truncation removes);</li>
 *   <li>{@link Distribution#UNTRUNCATED_NORMAL}: normal with standard deviation {@code sqrt(scale / n)};</li>
 *   <li>{@link Distribution#UNIFORM}: uniform in {@code [-sqrt(3 * scale / n), sqrt(3 * scale / n)]}.</li>
 * </ul>
 * EfficientNet initializes its convolutions with {@code (2.0, FAN_OUT, TRUNCATED_NORMAL)} and its classifier
 * with {@code (1 / 3, FAN_OUT, UNIFORM)}.
 */
public final class VarianceScaling implements Initializer {
    /** Which fan divides the scale. */
    public enum Mode { FAN_IN, FAN_OUT, FAN_AVG }

    /** The distribution values are drawn from. */
    public enum Distribution { TRUNCATED_NORMAL, UNTRUNCATED_NORMAL, UNIFORM }

    /** The standard deviation of a unit normal truncated to [-2, 2]. */
    private static final double TRUNCATED_STDDEV = 0.87962566103423978;

    private final double scale;
    private final Mode mode;
    private final Distribution distribution;
    private final Long seed;

    /** Keras' defaults: scale 1, fan-in, truncated normal, unseeded. */
    public VarianceScaling() {
        this(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, null);
    }

    /**
     * @param scale the variance numerator, {@code > 0}
     * @param seed the seed for the same values at every use, or null to draw one from {@link RandomSeed} each time
     */
    public VarianceScaling(double scale, Mode mode, Distribution distribution, Long seed) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("VarianceScaling needs a finite scale > 0, received " + scale);
        }
        if (mode == null || distribution == null) {
            throw new IllegalArgumentException("VarianceScaling needs a mode and a distribution, received mode="
                    + mode + ", distribution=" + distribution);
        }
        this.scale = scale;
        this.mode = mode;
        this.distribution = distribution;
        this.seed = seed;
    }

    public double scale() {
        return scale;
    }

    public Mode mode() {
        return mode;
    }

    public Distribution distribution() {
        return distribution;
    }

    /** The fixed seed, or empty when each use draws one from {@link RandomSeed}. */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        Fans fans = Fans.of(shape);
        double n = switch (mode) {
            case FAN_IN -> fans.in();
            case FAN_OUT -> fans.out();
            case FAN_AVG -> (fans.in() + fans.out()) / 2;
        };
        double variance = scale / Math.max(1.0, n);
        long drawSeed = seed != null ? seed : RandomSeed.next();
        if (distribution == Distribution.TRUNCATED_NORMAL) {
            return truncatedNormal(shape, Math.sqrt(variance) / TRUNCATED_STDDEV, dtype, drawSeed);
        }
        try (SeedGenerator g = SeedGenerator.of(drawSeed)) {
            if (distribution == Distribution.UNTRUNCATED_NORMAL) {
                return Tensor.randomNormal(shape, 0, Math.sqrt(variance), dtype, g);
            }
            double limit = Math.sqrt(3 * variance);
            return Tensor.randomUniform(shape, -limit, limit, dtype, g);
        }
    }

    /**
     * Normal values within two standard deviations of 0, those outside redrawn. Drawn on the host: rejection
     * sampling as tensor operations takes a dozen small operations per weight, which cost far more than this.
     */
    private static Tensor truncatedNormal(Shape shape, double stddev, DType dtype, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int size = Math.toIntExact(shape.size());
        if (dtype == DType.FLOAT64) {
            double[] values = new double[size];
            for (int i = 0; i < size; i++) {
                values[i] = unitTruncatedNormal(random) * stddev;
            }
            return Tensor.of(values, shape.dims());
        }
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (unitTruncatedNormal(random) * stddev);
        }
        try (Tensor t = Tensor.of(values, shape.dims())) {
            return t.toType(dtype);
        }
    }

    private static double unitTruncatedNormal(SplittableRandom random) {
        double v;
        do {
            v = random.nextGaussian();
        } while (Math.abs(v) > 2);
        return v;
    }
}
