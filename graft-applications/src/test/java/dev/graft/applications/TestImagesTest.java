package dev.graft.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The test's reference resize against values worked out by hand from TensorFlow's definition. */
class TestImagesTest {
    @Test
    void upsamplesWithHalfPixelCenters() {
        // A 1x2 row (0, 100) in every channel, to 1x4: output x samples s = (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75,
        // 1.25; clamped below to pixel 0 and above to pixel 1: 0, 25, 75, 100.
        float[] row = {0, 0, 0, 100, 100, 100};
        float[] out = TestImages.resizeBilinear(row, 1, 2, 1, 4);
        assertArrayEquals(new float[] {0, 0, 0, 25, 25, 25, 75, 75, 75, 100, 100, 100}, out, 1e-4f);
    }

    @Test
    void downsamplesWithoutAntialiasing() {
        // A 1x4 row (0, 10, 20, 30) to 1x2: s = (x + 0.5) * 2 - 0.5 = 0.5, 2.5: the means of neighbours, 5 and 25.
        float[] row = {0, 0, 0, 10, 10, 10, 20, 20, 20, 30, 30, 30};
        assertArrayEquals(new float[] {5, 5, 5, 25, 25, 25}, TestImages.resizeBilinear(row, 1, 4, 1, 2), 1e-4f);
    }
}
