package dev.graft.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.graft.tensor.Tensor;
import java.util.Arrays;

/** Image batches whose every value says where it came from, for checking where pixels land. */
final class TestImages {
    private final int batch;
    private final int height;
    private final int width;
    private final int channels;

    TestImages(int batch, int height, int width, int channels) {
        this.batch = batch;
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    /** The value at image b, row y, column x, channel c: {@code 1000 b + 100 y + 10 x + c}. */
    static float value(int b, int y, int x, int c) {
        return 1000 * b + 100 * y + 10 * x + c;
    }

    float[] values() {
        float[] v = new float[batch * height * width * channels];
        for (int b = 0; b < batch; b++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < channels; c++) {
                        v[index(b, y, x, c)] = value(b, y, x, c);
                    }
                }
            }
        }
        return v;
    }

    /** The images as a {@code [batch, height, width, channels]} float32 tensor. */
    Tensor tensor() {
        return Tensor.of(values(), batch, height, width, channels);
    }

    /** The row-major index of (b, y, x, c) in an array of this batch's shape. */
    int index(int b, int y, int x, int c) {
        return ((b * height + y) * width + x) * channels + c;
    }

    /** Image {@code b} of {@code all} (an array of this batch's shape). */
    float[] image(float[] all, int b) {
        int n = height * width * channels;
        float[] one = new float[n];
        System.arraycopy(all, b * n, one, 0, n);
        return one;
    }

    /** Image {@code b} of the pattern, mirrored as {@code flipRows} / {@code flipColumns} say. */
    float[] flipped(int b, boolean flipRows, boolean flipColumns) {
        float[] one = new float[height * width * channels];
        int i = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    one[i++] = value(b, flipRows ? height - 1 - y : y, flipColumns ? width - 1 - x : x, c);
                }
            }
        }
        return one;
    }

    /**
     * Checks that {@code a} and {@code b}, seeded alike, make the same draws on {@code x} in training mode, and
     * that a second call of {@code a} draws anew; returns {@code a}'s first output. Call it inside a scope.
     */
    static float[] assertSeededDraws(RandomImageLayer a, RandomImageLayer b, Tensor x) {
        float[] first = a.call(x, true).toFloatArray();
        assertArrayEquals(first, b.call(x, true).toFloatArray(), "same seed, same draws");
        assertFalse(Arrays.equals(first, a.call(x, true).toFloatArray()), "each call draws anew");
        return first;
    }
}
