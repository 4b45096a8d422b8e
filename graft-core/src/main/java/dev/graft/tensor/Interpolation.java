package dev.graft.tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * How an image is sampled between pixel centers, as Keras' {@code interpolation}, for
 * {@link Tensor#resizeImages} (TensorFlow 2's half-pixel centers: output pixel {@code i} looks at input
 * coordinate {@code (i + 0.5) * in / out}) and {@link Tensor#affineTransform}.
 */
public enum Interpolation {
    /**
     * Linear in height and width between the four nearest input pixels, without antialiasing, as
     * {@code tf.image.resize(method="bilinear")}, the Keras default. For resizing, sampled at
     * {@code (i + 0.5) * in / out - 0.5}, clamped to the image.
     */
    BILINEAR("bilinear"),
    /**
     * The nearest input pixel. Resizing takes {@code min(floor((i + 0.5) * in / out), in - 1)}, as TensorFlow 2's
     * {@code "nearest"}; affine transforms round halfway points to the even index, as libtorch and JAX.
     */
    NEAREST("nearest");

    private final String kerasName;

    Interpolation(String kerasName) {
        this.kerasName = kerasName;
    }

    /** The name Keras uses, e.g. {@code "bilinear"}. */
    public String kerasName() {
        return kerasName;
    }

    /** The interpolation Keras calls {@code name} ({@code "bilinear"} or {@code "nearest"}). */
    public static Interpolation fromKerasName(String name) {
        for (Interpolation i : values()) {
            if (i.kerasName.equals(name.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new IllegalArgumentException("Unknown interpolation '" + name + "'; supported: "
                + Arrays.stream(values()).map(Interpolation::kerasName).toList());
    }

    @Override
    public String toString() {
        return kerasName;
    }
}
