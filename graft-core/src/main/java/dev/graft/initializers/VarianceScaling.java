package dev.graft.initializers;

import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.utils.RandomSeed;

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

    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        Fans fans = Fans.of(shape);
        double n = switch (mode) {
            case FAN_IN -> fans.in();
            case FAN_OUT -> fans.out();
            case FAN_AVG -> (fans.in() + fans.out()) / 2;
        };
        double variance = scale / Math.max(1.0, n);
        try (SeedGenerator g = SeedGenerator.of(seed != null ? seed : RandomSeed.next())) {
            return switch (distribution) {
                case TRUNCATED_NORMAL -> truncatedNormal(shape, Math.sqrt(variance) / TRUNCATED_STDDEV, dtype, g);
                case UNTRUNCATED_NORMAL -> Tensor.randomNormal(shape, 0, Math.sqrt(variance), dtype, g);
                case UNIFORM -> {
                    double limit = Math.sqrt(3 * variance);
                    yield Tensor.randomUniform(shape, -limit, limit, dtype, g);
                }
            };
        }
    }

    /**
     * Normal values within two standard deviations of 0. As Keras' torch backend, each value is the first of
     * four candidates that falls inside; the rare value whose four all fall outside is drawn again.
     */
    private static Tensor truncatedNormal(Shape shape, double stddev, DType dtype, SeedGenerator g) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor values = firstInside(shape, stddev, dtype, g);
            while (true) {
                Tensor outside = values.abs().greaterThan(2 * stddev);
                if (outside.sum().item() == 0) {
                    return scope.keep(values);
                }
                values = outside.where(firstInside(shape, stddev, dtype, g), values);
            }
        }
    }

    /** Of four normal candidates per value, the first within two standard deviations (else the first). */
    private static Tensor firstInside(Shape shape, double stddev, DType dtype, SeedGenerator g) {
        int candidatesAxis = shape.rank();
        Tensor candidates = Tensor.randomNormal(shape.append(4), 0, stddev, dtype, g);
        Tensor inside = candidates.abs().greaterThan(2 * stddev).toType(dtype).neg().add(1);
        // argmax returns the first maximum: the first candidate inside.
        Tensor pick = inside.argmax(candidatesAxis).oneHot(4, dtype);
        return candidates.mul(pick).sum(new int[] {candidatesAxis}, false);
    }
}
