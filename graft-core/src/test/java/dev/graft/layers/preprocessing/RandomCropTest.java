package dev.graft.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.Input;
import dev.graft.layers.LayerContract;
import dev.graft.layers.LayerContract.TrainingBehaviour;
import dev.graft.tensor.DType;
import dev.graft.tensor.GradientCheck;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Interpolation;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomCropTest {
    @Test
    void meetsTheLayerContract() {
        // Inference resizes the whole 6x7 image to 4x5; training cuts a 4x5 window.
        LayerContract.of(dtype -> RandomCrop.builder().setHeight(4).setWidth(5).optSeed(1).optDType(dtype).build())
                .inputShape(2, 6, 7, 3).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.DIFFERENT).run();
    }

    @Test
    void trainingCutsARandomWindowAtTheSamePlaceForTheWholeBatch() {
        TestImages images = new TestImages(3, 6, 7, 2);
        Set<String> corners = new HashSet<>();
        try (RandomCrop crop = RandomCrop.builder().setHeight(4).setWidth(5).optSeed(6).build()) {
            for (int call = 0; call < 60; call++) {
                try (TensorScope scope = TensorScope.open()) {
                    Tensor y = crop.call(images.tensor(), true);
                    assertEquals(Shape.of(3, 4, 5, 2), y.shape());
                    float[] out = y.toFloatArray();
                    // The top-left output value tells where the window starts: 100 top + 10 left.
                    int top = (int) out[0] / 100;
                    int left = (int) out[0] % 100 / 10;
                    assertTrue(top <= 2 && left <= 2, "window at " + top + ", " + left);
                    TestImages window = new TestImages(3, 4, 5, 2);
                    for (int b = 0; b < 3; b++) {
                        for (int r = 0; r < 4; r++) {
                            for (int c = 0; c < 5; c++) {
                                assertEquals(TestImages.value(b, top + r, left + c, 1),
                                        out[window.index(b, r, c, 1)], "image " + b);
                            }
                        }
                    }
                    corners.add(top + "," + left);
                }
            }
        }
        assertEquals(9, corners.size(), "every offset in [0, 2] x [0, 2] occurs: " + corners);
    }

    @Test
    void inferenceCutsTheLargestCenteredWindowOfTheTargetAspectAndResizesIt() {
        try (TensorScope scope = TensorScope.open(); RandomCrop crop = new RandomCrop(2, 2)) {
            // A 4x8 image to 2x2: the largest square window is 4x4, centered at columns 2..5, then halved; the
            // half-pixel resize reads 0.5 and 2.5 in the window, the means of its 2x2 blocks.
            TestImages images = new TestImages(1, 4, 8, 1);
            float[] out = crop.call(images.tensor()).toFloatArray();
            // Block means of 100 y + 10 x: rows 0..1 -> 50, 2..3 -> 250; columns 2..3 -> 25, 4..5 -> 45.
            assertArrayEquals(new float[] {75, 95, 275, 295}, out, 1e-3f);
        }
        try (TensorScope scope = TensorScope.open(); RandomCrop crop = new RandomCrop(4, 3)) {
            // A 4x6 image to 4x3: the window 4x3 fits at columns 1..3 (left (6 - 3) / 2 = 1), no resize.
            TestImages images = new TestImages(2, 4, 6, 1);
            float[] out = crop.call(images.tensor(), false).toFloatArray();
            TestImages window = new TestImages(2, 4, 3, 1);
            for (int b = 0; b < 2; b++) {
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(TestImages.value(b, r, c + 1, 0), out[window.index(b, r, c, 0)]);
                    }
                }
            }
            // In training too, an image no larger than the target on some axis takes the same center cut.
            assertArrayEquals(out, crop.call(images.tensor(), true).toFloatArray());
        }
    }

    @Test
    void inferenceOfAnImageLargerOnBothAxesResizesTheWholeImage() {
        try (TensorScope scope = TensorScope.open(); RandomCrop crop = new RandomCrop(3, 3)) {
            Tensor x = new TestImages(2, 6, 6, 2).tensor();
            assertArrayEquals(x.resizeImages(3, 3, Interpolation.BILINEAR).toFloatArray(), crop.call(x).toFloatArray());
        }
    }

    @Test
    void shapesForSymbolicBatchesAndSingleImages() {
        try (TensorScope scope = TensorScope.open(); RandomCrop crop = new RandomCrop(4, 5)) {
            assertEquals(Shape.of(Shape.UNKNOWN, 4, 5, 3), crop.call(Input.of(Shape.batchOf(8, 9, 3), DType.FLOAT32,
                    null)).shape());
            assertEquals(Shape.of(4, 5, 3), crop.computeOutputShape(Shape.of(8, 9, 3)));
            Tensor single = crop.call(new TestImages(1, 8, 9, 3).tensor().reshape(8, 9, 3), true);
            assertEquals(Shape.of(4, 5, 3), single.shape());
            Tensor pixels = Tensor.of(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1).toType(DType.UINT8);
            assertEquals(DType.FLOAT32, crop.call(pixels).dtype());
        }
    }

    @Test
    void gradients() {
        GradientCheck.check("RandomCrop training", xs -> {
            try (RandomCrop crop = RandomCrop.builder().setHeight(2).setWidth(3).optSeed(2).optDType(DType.FLOAT64)
                    .build()) {
                return crop.call(xs.get(0), true);
            }
        }, new long[] {2, 4, 5, 2});
        GradientCheck.check("RandomCrop inference", xs -> {
            try (RandomCrop crop = RandomCrop.builder().setHeight(3).setWidth(2).optDType(DType.FLOAT64).build()) {
                return crop.call(xs.get(0), false);
            }
        }, new long[] {2, 4, 5, 2});
    }

    @Test
    void configurationAndErrors() {
        try (RandomCrop crop = RandomCrop.builder().setHeight(3).setWidth(2).optSeed(5).optName("crop").build()) {
            assertEquals("<RandomCrop name=crop, height=3, width=2, seed=5>", crop.toString());
            assertEquals(3, crop.height());
            assertEquals(2, crop.width());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomCrop(0, 2));
        assertTrue(e.getMessage().contains("setHeight"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RandomCrop.builder().setHeight(2).build());
    }
}
