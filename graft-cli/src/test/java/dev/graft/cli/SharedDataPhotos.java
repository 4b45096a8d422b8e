package dev.graft.cli;

import dev.graft.testing.SharedData;
import java.nio.file.Path;

/** Single shared photos for tests. */
final class SharedDataPhotos {
    private SharedDataPhotos() {
    }

    /** A cat that none of {@link TinyImageFolders}' validation folders holds. */
    static Path cat() {
        return SharedData.require("data/cats_and_dogs_filtered/validation/cats/cat.2400.jpg");
    }
}
