package dev.graft.data;

import java.util.List;

/**
 * A dataset that knows its class names, as the data set Keras' {@code image_dataset_from_directory} returns
 * with its {@code class_names} attribute: label {@code i} is {@code classNames().get(i)}. Operations such as
 * {@code map} or {@code take} return plain datasets, as tf.data drops the attribute too.
 *
 * @param <T> the element type
 */
public final class LabelledDataset<T> extends Dataset<T> {
    private final Dataset<T> source;
    private final List<String> classNames;
    private final List<String> filePaths;

    /**
     * @param source     the elements
     * @param classNames the name of each label, in label order
     * @param filePaths  the file behind each example, in the order before any shuffling of batches
     */
    public LabelledDataset(Dataset<T> source, List<String> classNames, List<String> filePaths) {
        super(source);
        this.source = source;
        this.classNames = List.copyOf(classNames);
        this.filePaths = List.copyOf(filePaths);
    }

    /** The class names; label {@code i} is class {@code classNames().get(i)}. */
    public List<String> classNames() {
        return classNames;
    }

    /** The files the examples are read from (Keras' {@code file_paths}). */
    public List<String> filePaths() {
        return filePaths;
    }

    @Override
    public long cardinality() {
        return source.cardinality();
    }

    @Override
    Cursor<T> open() {
        return source.open();
    }

    @Override
    public String toString() {
        return source + " with classes " + classNames;
    }
}
