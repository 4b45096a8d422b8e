package dev.graft.applications;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which weights an application starts with, Keras' {@code weights} argument: {@link #imagenet()} (the official
 * ImageNet weights, fetched and cached), {@link #none()} (random initialization) or {@link #file(Path)} (a
 * Keras legacy h5 weights file, loaded by position).
 */
public final class Weights {
    private static final Weights IMAGENET = new Weights(null, true);
    private static final Weights NONE = new Weights(null, false);

    private final Path file;
    private final boolean imagenet;

    private Weights(Path file, boolean imagenet) {
        this.file = file;
        this.imagenet = imagenet;
    }

    /** Keras' {@code weights="imagenet"}: the official pretrained weights. */
    public static Weights imagenet() {
        return IMAGENET;
    }

    /** Keras' {@code weights=None}: random initialization. */
    public static Weights none() {
        return NONE;
    }

    /** Keras' {@code weights="path/to/file.h5"}: a legacy h5 weights file of the same architecture. */
    public static Weights file(Path file) {
        return new Weights(Objects.requireNonNull(file, "Weights.file needs a path, received null"), false);
    }

    public boolean isImagenet() {
        return imagenet;
    }

    public boolean isNone() {
        return !imagenet && file == null;
    }

    /** The weights file given to {@link #file(Path)}, or null. */
    public Path file() {
        return file;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Weights w && w.imagenet == imagenet && Objects.equals(w.file, file);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, imagenet);
    }

    /** As Keras' argument reads: {@code imagenet}, {@code None} or the path. */
    @Override
    public String toString() {
        return imagenet ? "imagenet" : file == null ? "None" : file.toString();
    }
}
