package dev.graft.training;

import dev.graft.tensor.DType;
import dev.graft.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Content keys of a batch's samples: the SHA-256 of each sample's inputs (every model input's dtype, shape
 * and values), so that a sample read again in a later epoch, in any batch, gets the same key. Each input is
 * copied to the host once per batch (its values converted without loss: float32, uint8 and bool through
 * float, float64 as it is, integers through long) and its bytes are hashed slice by slice; the byte buffers
 * are kept for the next batch.
 */
final class SampleHasher {
    private final MessageDigest sha256;
    private ByteBuffer[] buffers = new ByteBuffer[0];

    SampleHasher() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime lacks SHA-256, which every Java SE runtime has", e);
        }
    }

    /** A sample's key: its 256-bit digest. */
    record SampleKey(long h0, long h1, long h2, long h3) {
    }

    /** One key per sample of {@code inputs} (one tensor per model input, all {@code [batch, ...]}). */
    SampleKey[] keys(List<Tensor> inputs) {
        int samples = Math.toIntExact(inputs.get(0).shape().get(0));
        if (buffers.length < inputs.size()) {
            buffers = java.util.Arrays.copyOf(buffers, inputs.size());
        }
        byte[][] headers = new byte[inputs.size()][];
        int[] sampleBytes = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            Tensor t = inputs.get(i);
            headers[i] = (t.dtype() + t.shape().dropFirst().toString()).getBytes(StandardCharsets.UTF_8);
            int length = copyToHost(i, t);
            sampleBytes[i] = samples == 0 ? 0 : length / samples;
        }
        SampleKey[] keys = new SampleKey[samples];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < inputs.size(); i++) {
                sha256.update(headers[i]);
                sha256.update(buffers[i].array(), s * sampleBytes[i], sampleBytes[i]);
            }
            ByteBuffer digest = ByteBuffer.wrap(sha256.digest());
            keys[s] = new SampleKey(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
        }
        return keys;
    }

    /** Copies {@code t}'s values into buffer {@code i}, exactly, and returns how many bytes they take. */
    private int copyToHost(int i, Tensor t) {
        DType dtype = t.dtype();
        if (dtype == DType.FLOAT64) {
            double[] values = t.toDoubleArray();
            buffer(i, values.length * 8L).asDoubleBuffer().put(values);
            return values.length * 8;
        }
        if (dtype == DType.INT32 || dtype == DType.INT64) {
            long[] values = t.toLongArray();
            buffer(i, values.length * 8L).asLongBuffer().put(values);
            return values.length * 8;
        }
        float[] values = t.toFloatArray();
        buffer(i, values.length * 4L).asFloatBuffer().put(values);
        return values.length * 4;
    }

    private ByteBuffer buffer(int i, long bytes) {
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("A batch input of " + bytes + " bytes is too large to hash for "
                    + "reusing the frozen prefix; use smaller batches, or FitOptions.optReuseFrozenPrefix(false)");
        }
        if (buffers[i] == null || buffers[i].capacity() < bytes) {
            buffers[i] = ByteBuffer.allocate((int) bytes).order(ByteOrder.nativeOrder());
        }
        buffers[i].clear();
        return buffers[i];
    }
}
