package dev.graft.layers;

import dev.graft.tensor.HostArray;
import dev.graft.tensor.Tensor;
import java.util.Random;

/**
 * Direct loop implementations of TensorFlow's 2D convolution and pooling on NHWC arrays, written from the
 * definitions (not from the engine), to check the layers on random data. Padding is TensorFlow's: 'same'
 * pads {@code max((ceil(n/s)-1)*s + k_eff - n, 0)} in total, the odd pixel after the image.
 */
final class Naive2D {
    private Naive2D() {
    }

    /** Pad before, pad after and output length along one axis. */
    static int[] axis(int n, int k, int s, int d, boolean same) {
        int eff = (k - 1) * d + 1;
        if (!same) {
            return new int[] {0, 0, (n - eff) / s + 1};
        }
        int out = (n + s - 1) / s;
        int total = Math.max((out - 1) * s + eff - n, 0);
        return new int[] {total / 2, total - total / 2, out};
    }

    /** Conv2D, kernel {@code [kh, kw, c / groups, out]}; result {@code [n, oh, ow, out]}. */
    static float[] conv(float[] x, int n, int h, int w, int c, float[] k, int kh, int kw, int out, int s, int d,
                        boolean same, int groups) {
        int[] ah = axis(h, kh, s, d, same);
        int[] aw = axis(w, kw, s, d, same);
        int cg = c / groups;
        int og = out / groups;
        float[] y = new float[n * ah[2] * aw[2] * out];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < ah[2]; i++) {
                for (int j = 0; j < aw[2]; j++) {
                    for (int o = 0; o < out; o++) {
                        int g = o / og;
                        double acc = 0;
                        for (int p = 0; p < kh; p++) {
                            for (int q = 0; q < kw; q++) {
                                int r = i * s + p * d - ah[0];
                                int t = j * s + q * d - aw[0];
                                if (r < 0 || r >= h || t < 0 || t >= w) {
                                    continue;
                                }
                                for (int ci = 0; ci < cg; ci++) {
                                    acc += x[((b * h + r) * w + t) * c + g * cg + ci]
                                            * k[((p * kw + q) * cg + ci) * out + o];
                                }
                            }
                        }
                        y[((b * ah[2] + i) * aw[2] + j) * out + o] = (float) acc;
                    }
                }
            }
        }
        return y;
    }

    /** Keras' DepthwiseConv2D, kernel {@code [kh, kw, c, m]}; output channel {@code ci * m + mi}. */
    static float[] depthwise(float[] x, int n, int h, int w, int c, float[] k, int kh, int kw, int m, int s, int d,
                             boolean same) {
        int[] ah = axis(h, kh, s, d, same);
        int[] aw = axis(w, kw, s, d, same);
        float[] y = new float[n * ah[2] * aw[2] * c * m];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < ah[2]; i++) {
                for (int j = 0; j < aw[2]; j++) {
                    for (int ci = 0; ci < c; ci++) {
                        for (int mi = 0; mi < m; mi++) {
                            double acc = 0;
                            for (int p = 0; p < kh; p++) {
                                for (int q = 0; q < kw; q++) {
                                    int r = i * s + p * d - ah[0];
                                    int t = j * s + q * d - aw[0];
                                    if (r >= 0 && r < h && t >= 0 && t < w) {
                                        acc += x[((b * h + r) * w + t) * c + ci] * k[((p * kw + q) * c + ci) * m + mi];
                                    }
                                }
                            }
                            y[((b * ah[2] + i) * aw[2] + j) * c * m + ci * m + mi] = (float) acc;
                        }
                    }
                }
            }
        }
        return y;
    }

    static float[] random(int size, long seed) {
        Random r = new Random(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    static Tensor tensor(float[] data, long... shape) {
        return Tensor.of(data, shape);
    }

    static HostArray host(float[] data, long... shape) {
        return new HostArray(data, shape);
    }

    /** The ramp 1, 2, ..., n*n as a {@code [1, n, n, 1]} image. */
    static Tensor ramp(int n) {
        float[] v = new float[n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        return Tensor.of(v, 1, n, n, 1);
    }

    static float[] ones(int size) {
        float[] v = new float[size];
        java.util.Arrays.fill(v, 1f);
        return v;
    }
}
