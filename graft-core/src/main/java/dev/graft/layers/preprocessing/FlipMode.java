package dev.graft.layers.preprocessing;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which way {@link RandomFlip} flips, as Keras' {@code mode}. */
public enum FlipMode {
    /** Left to right. */
    HORIZONTAL("horizontal", 2),
    /** Top to bottom. */
    VERTICAL("vertical", 1),
    /** Both at once, decided together (Keras' default): a flipped image is turned by 180 degrees. */
    HORIZONTAL_AND_VERTICAL("horizontal_and_vertical", 1, 2);

    private final String kerasName;
    private final int[] axes;

    FlipMode(String kerasName, int... axes) {
        this.kerasName = kerasName;
        this.axes = axes;
    }

    /** The name Keras uses, e.g. {@code horizontal}. */
    public String kerasName() {
        return kerasName;
    }

    /** The axes of a {@code [batch, height, width, channels]} tensor this mode reverses. */
    int[] axes() {
        return axes.clone();
    }

    /** The mode Keras calls {@code name}, e.g. {@code "horizontal"}. */
    public static FlipMode fromKerasName(String name) {
        for (FlipMode m : values()) {
            if (m.kerasName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("RandomFlip received an unknown mode '" + name + "'; expected one of "
                + Arrays.stream(values()).map(FlipMode::kerasName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return kerasName;
    }
}
