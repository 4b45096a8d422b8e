package dev.graft.saving;

import dev.graft.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableGroupImpl;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HDF5 file holding a document (UTF-8 bytes, such as JSON, in dataset {@code document}) and named flat
 * arrays (float32, float64 or int64, in group {@code arrays}): the container of
 * {@link dev.graft.callbacks.BackupAndRestore}'s checkpoints. Shapes and meaning live in the document; the
 * arrays keep the values exactly. Reading checks the layout and names the file in every error.
 */
public final class ArrayFile {
    private static final String DOCUMENT = "document";
    private static final String ARRAYS = "arrays";

    /** What {@link #read} found: the document and the arrays by name, each a 1-D tensor the caller closes. */
    public record Contents(byte[] document, Map<String, Tensor> arrays) {
    }

    private ArrayFile() {
    }

    /**
     * Writes {@code document} and the values of {@code arrays} (flattened, in their dtype) to {@code file}, an
     * existing empty file: the temporary file of {@link dev.graft.utils.AtomicFiles#replace}.
     *
     * @throws IllegalArgumentException if an array is empty (jhdf cannot store it) or of another dtype
     */
    public static void write(Path file, byte[] document, Map<String, Tensor> arrays) throws IOException {
        if (document.length == 0) {
            throw new IllegalArgumentException("Cannot write " + file + ": the document is empty");
        }
        WritableGroupImpl root = new WritableGroupImpl(null, "/");
        root.putDataset(DOCUMENT, document);
        WritableGroup group = root.putGroup(ARRAYS);
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            Tensor t = e.getValue();
            if (t.size() == 0) {
                throw new IllegalArgumentException("Cannot write array '" + e.getKey() + "' to " + file + ": it has "
                        + "shape " + t.shape() + ", no elements, which the HDF5 writer (jhdf) cannot store");
            }
            Object values = switch (t.dtype()) {
                case FLOAT32 -> t.toFloatArray();
                case FLOAT64 -> t.toDoubleArray();
                case INT64 -> t.toLongArray();
                default -> throw new IllegalArgumentException("Cannot write array '" + e.getKey() + "' to " + file
                        + ": it is " + t.dtype() + "; float32, float64 and int64 arrays can be stored");
            };
            group.putDataset(e.getKey(), values);
        }
        H5Datasets.writeFile(root, file);
    }

    /**
     * The document and arrays of {@code file}.
     *
     * @throws IllegalArgumentException naming the file if it is missing, not HDF5, or not in this layout
     */
    public static Contents read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Cannot read " + file.toAbsolutePath() + ": no such file");
        }
        List<Tensor> made = new ArrayList<>();
        try (HdfFile hdf = new HdfFile(file)) {
            if (!(hdf.getChildren().get(DOCUMENT) instanceof Dataset documentSet)
                    || !(documentSet.getDataFlat() instanceof byte[] document)
                    || !(hdf.getChildren().get(ARRAYS) instanceof Group group)) {
                throw new IllegalArgumentException(file.toAbsolutePath() + " is not a Graft array file: it lacks the "
                        + "byte dataset '" + DOCUMENT + "' or the group '" + ARRAYS + "' (it has "
                        + hdf.getChildren().keySet() + ")");
            }
            Map<String, Tensor> arrays = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : group.getChildren().entrySet()) {
                if (!(e.getValue() instanceof Dataset dataset)) {
                    throw new IllegalArgumentException(file.toAbsolutePath() + ": '" + e.getKey() + "' in group '"
                            + ARRAYS + "' is not a dataset");
                }
                Tensor t = toTensor(dataset.getDataFlat(), file, e.getKey());
                made.add(t);
                arrays.put(e.getKey(), t);
            }
            return new Contents(document, arrays);
        } catch (HdfException | IllegalArgumentException | ClassCastException e) {
            made.forEach(Tensor::close);
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().contains(file.toAbsolutePath().toString())) {
                throw iae;
            }
            throw new IllegalArgumentException("Cannot read " + file.toAbsolutePath() + " as a Graft array file (HDF5): "
                    + e.getMessage() + "; the file is damaged or was written by something else", e);
        }
    }

    private static Tensor toTensor(Object flat, Path file, String name) {
        if (flat instanceof float[] values) {
            return Tensor.of(values, values.length);
        }
        if (flat instanceof double[] values) {
            return Tensor.of(values, values.length);
        }
        if (flat instanceof long[] values) {
            return Tensor.of(values, values.length);
        }
        throw new IllegalArgumentException(file.toAbsolutePath() + ": array '" + name + "' holds "
                + (flat == null ? "nothing" : flat.getClass().getSimpleName()) + "; expected float32, float64 or "
                + "int64 values");
    }
}
