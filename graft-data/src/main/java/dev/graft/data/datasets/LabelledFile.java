package dev.graft.data.datasets;

import java.nio.file.Path;

/**
 * One example of an image-classification data set prepared from an archive.
 *
 * @param path  the image file, extracted
 * @param label the class index (for cats_vs_dogs 0 is cat, 1 is dog)
 * @param name  the file's name in the archive, as TFDS' {@code image/filename} feature, e.g. {@code PetImages/Dog/0.jpg}
 */
public record LabelledFile(Path path, int label, String name) {

    public LabelledFile {
        if (path == null || name == null || label < 0) {
            throw new IllegalArgumentException("A labelled file needs a path, a name and a label >= 0, received "
                    + path + ", " + name + ", " + label);
        }
    }
}
