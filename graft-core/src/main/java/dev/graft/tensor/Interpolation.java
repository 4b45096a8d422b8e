package dev.graft.tensor;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How an image is sampled between pixel centers, as Keras' {@code interpolation}. */
public enum Interpolation {
    /** Linear in each axis between the four nearest pixels (Keras' default). */
    BILINEAR("bilinear"),
    /** The nearest pixel; halfway points round to the even index, as in libtorch and JAX. */
    NEAREST("nearest");

    private final String kerasName;

    Interpolation(String kerasName) {
        this.kerasName = kerasName;
    }

    /** The name Keras uses, e.g. {@code bilinear}. */
    public String kerasName() {
        return kerasName;
    }

    /** The interpolation Keras calls {@code name}, e.g. {@code "nearest"}. */
    public static Interpolation fromKerasName(String name) {
        for (Interpolation i : values()) {
            if (i.kerasName.equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Unknown interpolation '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Interpolation::kerasName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return kerasName;
    }
}
