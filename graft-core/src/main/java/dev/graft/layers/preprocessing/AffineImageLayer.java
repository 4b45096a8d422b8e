package dev.graft.layers.preprocessing;

import dev.graft.layers.LayerConfig;
import dev.graft.tensor.FillMode;
import dev.graft.tensor.Interpolation;
import dev.graft.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The base of the augmentation layers that move pixels by a random affine transform per image
 * ({@link RandomRotation}, {@link RandomZoom}, {@link RandomTranslation}), through
 * {@link Tensor#affineTransform}: points that fall outside the input are filled by the fill mode (default
 * {@link FillMode#REFLECT}), and values are sampled by the interpolation (default {@link Interpolation#BILINEAR}).
 */
public abstract class AffineImageLayer extends RandomImageLayer {
    private final FillMode fillMode;
    private final Interpolation interpolation;
    private final double fillValue;

    protected AffineImageLayer(Builder<?> b) {
        super(b);
        if (b.fillMode == null || b.interpolation == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs a fill mode (optFillMode) and an "
                    + "interpolation (optInterpolation), received " + b.fillMode + " and " + b.interpolation);
        }
        if (!Double.isFinite(b.fillValue)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs a finite fill value "
                    + "(optFillValue), received " + b.fillValue);
        }
        this.fillMode = b.fillMode;
        this.interpolation = b.interpolation;
        this.fillValue = b.fillValue;
    }

    public FillMode fillMode() {
        return fillMode;
    }

    public Interpolation interpolation() {
        return interpolation;
    }

    /** The value of points outside the input under {@link FillMode#CONSTANT}. */
    public double fillValue() {
        return fillValue;
    }

    @Override
    protected final Tensor augment(Tensor images) {
        int batch = Math.toIntExact(images.shape().get(0));
        double[] transforms = transforms(batch, images.shape().get(1), images.shape().get(2));
        return images.affineTransform(Tensor.of(transforms, batch, 8), interpolation, fillMode, fillValue);
    }

    /**
     * One random transform per image, {@code batch} rows of Keras' {@code [a0, a1, a2, b0, b1, b2, c0, c1]}
     * (mapping output pixels to input points, see {@link Tensor#affineTransform}), for images of this size.
     */
    protected abstract double[] transforms(int batch, long height, long width);

    /** The {@code batch} rows {@code row.apply(i)}, each {@code [a0, a1, a2, b0, b1, b2, c0, c1]}, end to end. */
    protected static double[] rows(int batch, IntFunction<double[]> row) {
        double[] t = new double[batch * 8];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(row.apply(i), 0, t, i * 8, 8);
        }
        return t;
    }

    /**
     * {@code factor}, checked to lie in {@code [-1, 1]}; else an error naming this layer, {@code what} the
     * factor is and its {@code setter}.
     */
    protected final FactorRange checkFactor(FactorRange factor, String what, String setter) {
        if (factor == null || !factor.isWithin(-1, 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs " + what + " in [-1, 1] ("
                    + setter + "), received " + factor);
        }
        return factor;
    }

    /** Reads Keras' {@code fill_mode}, {@code fill_value} and {@code interpolation} into {@code builder}. */
    protected static <B extends Builder<B>> B readFillConfig(LayerConfig c, B builder) {
        Builder<B> defaults = builder;
        return builder.optFillMode(FillMode.fromKerasName(c.getString("fill_mode", defaults.fillMode.kerasName())))
                .optFillValue(c.getDouble("fill_value", defaults.fillValue))
                .optInterpolation(Interpolation.fromKerasName(c.getString("interpolation",
                        defaults.interpolation.kerasName())));
    }

    /**
     * Writes {@code fill_mode}, {@code interpolation}, {@code seed}, {@code fill_value} and {@code data_format},
     * in the order Keras' {@code RandomTranslation} and {@code RandomZoom} write them; the seed is always written,
     * so a loaded layer makes the same draws.
     */
    protected final void writeFillAndSeedConfig(LayerConfig c) {
        c.put("fill_mode", fillMode.kerasName()).put("interpolation", interpolation.kerasName())
                .put("seed", seed()).put("fill_value", fillValue).put("data_format", "channels_last");
    }

    /** The fill settings, after the subclass's own, under Keras' names. */
    protected final Map<String, Object> withFillConfig(Map<String, Object> own) {
        Map<String, Object> config = new LinkedHashMap<>(own);
        config.put("fill_mode", fillMode);
        config.put("fill_value", fillValue);
        config.put("interpolation", interpolation);
        return config;
    }

    /** Options of the affine augmentation layers. */
    public abstract static class Builder<B extends Builder<B>> extends RandomImageLayer.Builder<B> {
        private FillMode fillMode = FillMode.REFLECT;
        private Interpolation interpolation = Interpolation.BILINEAR;
        private double fillValue;

        /** How points outside the input are filled (default {@link FillMode#REFLECT}). */
        public B optFillMode(FillMode fillMode) {
            this.fillMode = fillMode;
            return self();
        }

        /** How the input is sampled between pixels (default {@link Interpolation#BILINEAR}). */
        public B optInterpolation(Interpolation interpolation) {
            this.interpolation = interpolation;
            return self();
        }

        /** The value of points outside the input under {@link FillMode#CONSTANT} (default 0). */
        public B optFillValue(double fillValue) {
            this.fillValue = fillValue;
            return self();
        }
    }
}
