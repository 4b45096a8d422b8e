package dev.graft.models;

import dev.graft.saving.KerasModelFile;
import java.nio.file.Path;

/** Loading whole models. */
public final class Models {
    private Models() {
    }

    /**
     * Loads a model saved by {@link Model#save} or by Keras 3 ({@code model.save("m.keras")}), with its
     * weights: a Sequential comes back as a {@link Sequential}, a functional model as a {@link Model}, nested
     * models nested. Loading executes nothing from the file and refuses layers Graft does not implement, with a
     * message naming the file, the entry and the layer. Compile the model before training it again.
     *
     * @throws IllegalArgumentException if the file is not a valid {@code .keras} file of supported layers
     * @throws java.io.UncheckedIOException if reading fails
     */
    public static Model load(Path path) {
        return KerasModelFile.load(path);
    }
}
