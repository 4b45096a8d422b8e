package dev.graft.saving;

import dev.graft.tensor.DType;
import dev.graft.tensor.Variable;
import io.jhdf.Superblock;
import io.jhdf.WritableGroupImpl;
import io.jhdf.WritableHdfFile;
import io.jhdf.storage.HdfFileChannel;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writing HDF5 files of weights with jhdf, shared by the legacy h5 layout and the {@code .keras} one. */
final class H5Datasets {
    private H5Datasets() {
    }

    /**
     * Writes the tree as {@code WritableHdfFile.close()} of jhdf 0.9.4 does, minus one step: after the tree,
     * jhdf appends a signature at the channel's current position, which is the end of the last dataset
     * written, not the end of the file; a group written after that dataset (a weightless layer's, say) is
     * then overwritten and the file is corrupt. Without the signature (and its {@code _jHDF} attribute, which
     * Keras files do not have) the file is sound.
     */
    static void writeFile(WritableGroupImpl root, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Superblock.SuperblockV2V3 superblock = new Superblock.SuperblockV2V3();
            HdfFileChannel hdf = new HdfFileChannel(channel, superblock);
            root.write(hdf, WritableHdfFile.ROOT_GROUP_ADDRESS);
            hdf.write(superblock.toBuffer(channel.size()), 0L);
        }
    }

    /**
     * Why {@code v} cannot be written as a dataset (it is not float32/float64, or it has no elements, which
     * jhdf cannot store), or null if it can.
     */
    static String unstorableReason(Variable v) {
        if (v.dtype() != DType.FLOAT32 && v.dtype() != DType.FLOAT64) {
            return "weight '" + v.name() + "' is " + v.dtype() + "; only float32 and float64 weights can be saved";
        }
        if (v.size() == 0) {
            return "weight '" + v.name() + "' has shape " + v.shape() + ", with no elements; the HDF5 writer (jhdf) "
                    + "cannot store empty arrays";
        }
        return null;
    }

    /** The values as jhdf takes them: a nested Java array of the variable's shape, or a boxed scalar. */
    static Object valuesOf(Variable v) {
        Object flat = v.dtype() == DType.FLOAT64 ? v.value().toDoubleArray() : v.value().toFloatArray();
        int[] dims = new int[v.shape().rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(v.shape().get(i));
        }
        if (dims.length == 0) {
            return Array.get(flat, 0);
        }
        Object nested = Array.newInstance(flat.getClass().getComponentType(), dims);
        fill(nested, flat, 0, dims.length);
        return nested;
    }

    /** Copies consecutive runs of {@code flat}, row-major, into the innermost arrays of {@code nested}. */
    private static int fill(Object nested, Object flat, int offset, int depth) {
        int length = Array.getLength(nested);
        if (depth == 1) {
            System.arraycopy(flat, offset, nested, 0, length);
            return offset + length;
        }
        for (int i = 0; i < length; i++) {
            offset = fill(Array.get(nested, i), flat, offset, depth - 1);
        }
        return offset;
    }
}
