package dev.graft.applications;

/**
 * Keras' {@code pooling} argument: what an application without its top does to the last feature map
 * {@code [batch, height, width, channels]}.
 */
public enum Pooling {
    /** Keras' {@code None}: the output is the feature map itself, {@code [batch, height, width, channels]}. */
    NONE,
    /** Keras' {@code "avg"}: global average pooling, output {@code [batch, channels]}. */
    AVG,
    /** Keras' {@code "max"}: global max pooling, output {@code [batch, channels]}. */
    MAX
}
