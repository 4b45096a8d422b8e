package dev.graft.tensor;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How {@link Tensor#affineTransform} fills the points of an image that fall outside the input, as Keras'
 * {@code fill_mode}. Shown on a row {@code a b c d}, with the input between the bars.
 */
public enum FillMode {
    /** {@code (d c b a | a b c d | d c b a)}: mirrored about the edge of the last pixel (Keras' default). */
    REFLECT("reflect"),
    /** {@code (a b c d | a b c d | a b c d)}: wrapped around to the opposite edge. */
    WRAP("wrap"),
    /** {@code (k k k k | a b c d | k k k k)}: a constant value {@code k}, the fill value. */
    CONSTANT("constant"),
    /** {@code (a a a a | a b c d | d d d d)}: the nearest pixel of the input. */
    NEAREST("nearest");

    private final String kerasName;

    FillMode(String kerasName) {
        this.kerasName = kerasName;
    }

    /** The name Keras uses, e.g. {@code reflect}. */
    public String kerasName() {
        return kerasName;
    }

    /** The mode Keras calls {@code name}, e.g. {@code "wrap"}. */
    public static FillMode fromKerasName(String name) {
        for (FillMode m : values()) {
            if (m.kerasName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("Unknown fill mode '" + name + "'; expected one of "
                + Arrays.stream(values()).map(FillMode::kerasName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return kerasName;
    }
}
