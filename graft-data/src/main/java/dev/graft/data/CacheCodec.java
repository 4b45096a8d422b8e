package dev.graft.data;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.training.Batch;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one element in a disk cache: a tag, then for a tensor its dtype, rank, dimensions and values
 * (big-endian, row-major); an example, batch or pair is its tensors or elements in order.
 */
final class CacheCodec {
    private static final byte ABSENT = 0;
    private static final byte TENSOR = 1;
    private static final byte EXAMPLE = 2;
    private static final byte BATCH = 3;
    private static final byte PAIR = 4;
    /** Each dtype's code in the file is its index here; new dtypes go at the end. */
    private static final List<DType> DTYPE_CODES =
            List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.UINT8, DType.BOOL);

    private CacheCodec() {
    }

    /** The element's bytes. Reads the tensors' values, so call it inside a scope. */
    static byte[] encode(Object element) {
        List<Object> parts = new ArrayList<>();
        long size = collect(element, parts);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cache(path): an element of " + size + " bytes is too large for one "
                    + "cache record (2 GiB at most); batch after the cache instead of before it");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        for (Object part : parts) {
            if (part instanceof Byte tag) {
                out.put(tag);
            } else if (part instanceof Integer count) {
                out.putInt(count);
            } else {
                writeTensor((Tensor) part, out);
            }
        }
        return out.array();
    }

    /** Flattens the element into tags, counts and tensors, and returns their size in bytes. */
    private static long collect(Object element, List<Object> parts) {
        if (element == null) {
            parts.add(ABSENT);
            return 1;
        }
        if (element instanceof Tensor t) {
            parts.add(t);
            return 1 + 1 + 4 + 8L * t.rank() + t.size() * t.dtype().byteSize();
        }
        if (element instanceof Example e) {
            parts.add(EXAMPLE);
            return 1 + collect(e.x(), parts) + collect(e.y(), parts);
        }
        if (element instanceof Batch b) {
            parts.add(BATCH);
            parts.add(b.inputs().size());
            long size = 1 + 4;
            for (Tensor input : b.inputs()) {
                size += collect(input, parts);
            }
            return size + collect(b.targets(), parts);
        }
        if (element instanceof Pair<?, ?> p) {
            parts.add(PAIR);
            return 1 + collect(p.first(), parts) + collect(p.second(), parts);
        }
        throw new IllegalArgumentException("cache(path) stores Tensor, Example, Batch and Pair elements, received "
                + element.getClass().getName() + "; use cache() in memory, or map the elements to tensors first");
    }

    private static void writeTensor(Tensor t, ByteBuffer out) {
        DType dtype = t.dtype();
        out.put(TENSOR).put((byte) DTYPE_CODES.indexOf(dtype)).putInt(t.rank());
        for (long d : t.shape().dims()) {
            out.putLong(d);
        }
        switch (dtype) {
            case FLOAT32 -> out.asFloatBuffer().put(t.toFloatArray());
            case FLOAT64 -> out.asDoubleBuffer().put(t.toDoubleArray());
            case INT64 -> out.asLongBuffer().put(t.toLongArray());
            case INT32 -> {
                for (long v : t.toLongArray()) {
                    out.putInt((int) v);
                }
            }
            case UINT8, BOOL -> {
                for (long v : t.toLongArray()) {
                    out.put((byte) v);
                }
            }
        }
        // The typed views above write without moving the buffer's position; move it past the values.
        if (dtype == DType.FLOAT32 || dtype == DType.FLOAT64 || dtype == DType.INT64) {
            out.position(out.position() + Math.toIntExact(t.size() * dtype.byteSize()));
        }
    }

    /**
     * The element the bytes hold, with new tensors created in the caller's scope.
     *
     * @throws IllegalStateException if the bytes are not an element
     */
    static Object decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            Object element = read(in);
            if (in.hasRemaining()) {
                throw new IllegalStateException(in.remaining() + " bytes left after the element");
            }
            return element;
        } catch (BufferUnderflowException e) {
            throw new IllegalStateException("the record ends inside an element", e);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("the record holds no valid element (" + e.getMessage() + ")", e);
        }
    }

    private static Object read(ByteBuffer in) {
        byte tag = in.get();
        return switch (tag) {
            case ABSENT -> null;
            case TENSOR -> readTensor(in);
            case EXAMPLE -> new Example((Tensor) read(in), (Tensor) read(in));
            case BATCH -> {
                int count = in.getInt();
                if (count < 1 || count > in.remaining()) {
                    throw new IllegalStateException("a batch of " + count + " inputs");
                }
                List<Tensor> inputs = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    inputs.add((Tensor) read(in));
                }
                yield new Batch(inputs, (Tensor) read(in));
            }
            case PAIR -> new Pair<>(read(in), read(in));
            default -> throw new IllegalStateException("unknown element tag " + tag);
        };
    }

    private static Tensor readTensor(ByteBuffer in) {
        int code = in.get();
        if (code < 0 || code >= DTYPE_CODES.size()) {
            throw new IllegalStateException("unknown dtype code " + code);
        }
        DType dtype = DTYPE_CODES.get(code);
        int rank = in.getInt();
        if (rank < 0 || rank > in.remaining() / 8) {
            throw new IllegalStateException("a tensor of rank " + rank);
        }
        long[] dims = new long[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = in.getLong();
            if (dims[i] < 0) {
                throw new IllegalStateException("a negative dimension " + dims[i]);
            }
            size *= dims[i];
        }
        if (size * dtype.byteSize() > in.remaining()) {
            throw new IllegalStateException("a tensor of " + size + " values in " + in.remaining() + " bytes");
        }
        int n = (int) size;
        if (n == 0) {
            return Tensor.zeros(Shape.of(dims), dtype);
        }
        return switch (dtype) {
            case FLOAT32 -> {
                float[] values = new float[n];
                in.asFloatBuffer().get(values);
                in.position(in.position() + 4 * n);
                yield Tensor.of(values, dims);
            }
            case FLOAT64 -> {
                double[] values = new double[n];
                in.asDoubleBuffer().get(values);
                in.position(in.position() + 8 * n);
                yield Tensor.of(values, dims);
            }
            case INT64 -> {
                long[] values = new long[n];
                in.asLongBuffer().get(values);
                in.position(in.position() + 8 * n);
                yield Tensor.of(values, dims);
            }
            case INT32, UINT8, BOOL -> {
                long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    values[i] = dtype == DType.INT32 ? in.getInt() : in.get() & 0xFF;
                }
                yield Tensor.of(values, dims).toType(dtype);
            }
        };
    }
}
