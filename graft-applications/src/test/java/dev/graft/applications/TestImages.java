package dev.graft.applications;

import dev.graft.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Test photos as Keras feeds them: decoded to RGB and resized like {@code tf.image.resize} (bilinear, half-pixel
 * centers, no antialiasing), values in {@code [0, 255]} as float32 {@code [1, size, size, 3]}.
 */
final class TestImages {
    private TestImages() {
    }

    static Tensor load(Path jpeg, int size) {
        BufferedImage image;
        try {
            image = ImageIO.read(jpeg.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (image == null) {
            throw new IllegalStateException("javax.imageio cannot decode " + jpeg);
        }
        int h = image.getHeight();
        int w = image.getWidth();
        float[] rgb = new float[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                int at = (y * w + x) * 3;
                rgb[at] = (p >> 16) & 0xff;
                rgb[at + 1] = (p >> 8) & 0xff;
                rgb[at + 2] = p & 0xff;
            }
        }
        return Tensor.of(resizeBilinear(rgb, h, w, size, size), 1, size, size, 3);
    }

    /**
     * TensorFlow's bilinear resize with half-pixel centers: output pixel {@code o} samples the input at
     * {@code s = (o + 0.5) * in / out - 0.5}, between {@code max(floor(s), 0)} and {@code min(ceil(s), in - 1)}
     * with weight {@code s - floor(s)} on the upper one.
     */
    static float[] resizeBilinear(float[] image, int h, int w, int outH, int outW) {
        float[] out = new float[outH * outW * 3];
        for (int oy = 0; oy < outH; oy++) {
            double sy = (oy + 0.5) * h / outH - 0.5;
            int y0 = Math.max((int) Math.floor(sy), 0);
            int y1 = Math.min((int) Math.ceil(sy), h - 1);
            double fy = sy - Math.floor(sy);
            for (int ox = 0; ox < outW; ox++) {
                double sx = (ox + 0.5) * w / outW - 0.5;
                int x0 = Math.max((int) Math.floor(sx), 0);
                int x1 = Math.min((int) Math.ceil(sx), w - 1);
                double fx = sx - Math.floor(sx);
                for (int c = 0; c < 3; c++) {
                    double top = lerp(image[(y0 * w + x0) * 3 + c], image[(y0 * w + x1) * 3 + c], fx);
                    double bottom = lerp(image[(y1 * w + x0) * 3 + c], image[(y1 * w + x1) * 3 + c], fx);
                    out[(oy * outW + ox) * 3 + c] = (float) lerp(top, bottom, fy);
                }
            }
        }
        return out;
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
