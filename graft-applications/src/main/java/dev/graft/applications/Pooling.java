package dev.graft.applications;

import java.util.Locale;

/**
 * Keras' {@code pooling} argument of the applications: what follows the last convolutional block when the
 * model has no top.
 */
public enum Pooling {
    /** No pooling: the output is the 4D feature map {@code [batch, height, width, channels]}. */
    NONE,
    /** Global average pooling: the output is {@code [batch, channels]}. */
    AVG,
    /** Global max pooling: the output is {@code [batch, channels]}. */
    MAX;

    /** Keras' spelling: null for {@link #NONE}, {@code "avg"} or {@code "max"}. */
    public static Pooling of(String kerasName) {
        if (kerasName == null) {
            return NONE;
        }
        return switch (kerasName.toLowerCase(Locale.ROOT)) {
            case "avg" -> AVG;
            case "max" -> MAX;
            default -> throw new IllegalArgumentException("Unknown pooling '" + kerasName
                    + "'; expected null (none), 'avg' or 'max'");
        };
    }
}
