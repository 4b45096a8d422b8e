package dev.graft.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.LayerContract;
import dev.graft.layers.LayerContract.TrainingBehaviour;
import dev.graft.tensor.DType;
import dev.graft.tensor.GradientCheck;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomFlipTest {
    @Test
    void meetsTheLayerContract() {
        for (FlipMode mode : FlipMode.values()) {
            LayerContract.of(dtype -> RandomFlip.builder().optMode(mode).optSeed(5).optDType(dtype).build())
                    .inputShape(4, 3, 5, 2).expectWeights(0, 0, 0).trainingBehaviour(TrainingBehaviour.DIFFERENT)
                    .run();
        }
    }

    /** Each image of the batch is either kept or mirrored as a whole; over 32 images both happen. */
    private static void checkEachImageKeptOrFlipped(FlipMode mode, boolean rows, boolean columns) {
        TestImages images = new TestImages(32, 3, 4, 2);
        try (TensorScope scope = TensorScope.open();
                RandomFlip flip = RandomFlip.builder().optMode(mode).optSeed(17).build()) {
            float[] out = flip.call(images.tensor(), true).toFloatArray();
            int flipped = 0;
            for (int b = 0; b < 32; b++) {
                float[] image = images.image(out, b);
                boolean kept = Arrays.equals(image, images.flipped(b, false, false));
                boolean mirrored = Arrays.equals(image, images.flipped(b, rows, columns));
                assertTrue(kept || mirrored, mode + ": image " + b + " is neither kept nor flipped");
                flipped += mirrored ? 1 : 0;
            }
            // A fair coin per image: 32 draws give between 6 and 26 heads but with probability < 1e-4.
            assertTrue(flipped > 5 && flipped < 27, mode + ": " + flipped + " of 32 flipped");
        }
    }

    @Test
    void horizontalFlipsLeftToRight() {
        checkEachImageKeptOrFlipped(FlipMode.HORIZONTAL, false, true);
    }

    @Test
    void verticalFlipsTopToBottom() {
        checkEachImageKeptOrFlipped(FlipMode.VERTICAL, true, false);
    }

    @Test
    void horizontalAndVerticalFlipsBothAxesTogether() {
        checkEachImageKeptOrFlipped(FlipMode.HORIZONTAL_AND_VERTICAL, true, true);
    }

    @Test
    void flippingTwiceWithTheSameDrawsIsTheIdentity() {
        TestImages images = new TestImages(8, 3, 5, 3);
        try (TensorScope scope = TensorScope.open();
                RandomFlip first = new RandomFlip.Builder().optSeed(3).build();
                RandomFlip second = new RandomFlip.Builder().optSeed(3).build()) {
            Tensor once = first.call(images.tensor(), true);
            assertFalse(Arrays.equals(images.values(), once.toFloatArray()), "some image was flipped");
            assertArrayEquals(images.values(), second.call(once, true).toFloatArray());
        }
    }

    @Test
    void inferenceIsTheIdentity() {
        TestImages images = new TestImages(2, 3, 4, 1);
        try (TensorScope scope = TensorScope.open(); RandomFlip flip = new RandomFlip("horizontal")) {
            Tensor x = images.tensor();
            assertArrayEquals(images.values(), flip.call(x).toFloatArray());
            Tensor y = flip.call(x, false);
            assertArrayEquals(images.values(), y.toFloatArray());
            y.close();
            assertFalse(x.isClosed(), "the output is a tensor of its own");
        }
    }

    @Test
    void aSingleImageAndIntegerPixels() {
        TestImages images = new TestImages(1, 3, 4, 2);
        try (TensorScope scope = TensorScope.open();
                RandomFlip flip = RandomFlip.builder().optMode(FlipMode.HORIZONTAL).optSeed(1).build()) {
            float[] seen = null;
            for (int call = 0; call < 20 && seen == null; call++) {
                Tensor y = flip.call(images.tensor().reshape(3, 4, 2), true);
                assertEquals(Shape.of(3, 4, 2), y.shape());
                if (!Arrays.equals(images.values(), y.toFloatArray())) {
                    seen = y.toFloatArray();
                }
            }
            assertArrayEquals(images.flipped(0, false, true), seen, "a single image is flipped too");
            Tensor pixels = Tensor.of(new long[] {0, 255, 7, 9}, 1, 2, 2, 1).toType(DType.UINT8);
            Tensor y = flip.call(pixels, true);
            assertEquals(DType.FLOAT32, y.dtype(), "integer pixels come out in the layer's dtype");
            assertEquals(DType.FLOAT32, flip.call(pixels, false).dtype());
        }
    }

    @Test
    void seedsReproduceAndSuccessiveCallsDiffer() {
        TestImages images = new TestImages(16, 2, 3, 1);
        try (TensorScope scope = TensorScope.open();
                RandomFlip a = RandomFlip.builder().optSeed(42).build();
                RandomFlip b = RandomFlip.builder().optSeed(42).build();
                RandomFlip c = RandomFlip.builder().optSeed(43).build()) {
            Tensor x = images.tensor();
            float[] a1 = a.call(x, true).toFloatArray();
            float[] a2 = a.call(x, true).toFloatArray();
            assertArrayEquals(a1, b.call(x, true).toFloatArray());
            assertArrayEquals(a2, b.call(x, true).toFloatArray());
            assertFalse(Arrays.equals(a1, a2), "each call draws anew");
            assertFalse(Arrays.equals(a1, c.call(x, true).toFloatArray()), "another seed, other draws");
            assertEquals(42, a.seed());
        }
    }

    @Test
    void gradientFlowsThroughTheFlips() {
        // A fresh layer with a fixed seed per evaluation makes the same flips every time.
        GradientCheck.check("RandomFlip", xs -> {
            try (RandomFlip flip = RandomFlip.builder().optSeed(4).optDType(DType.FLOAT64).build()) {
                return flip.call(xs.get(0), true);
            }
        }, new long[] {4, 2, 3, 2});
    }

    @Test
    void configurationAndErrors() {
        try (RandomFlip flip = RandomFlip.builder().optMode(FlipMode.VERTICAL).optSeed(9).optName("flip").build()) {
            assertEquals("<RandomFlip name=flip, mode=vertical, seed=9>", flip.toString());
            assertEquals(FlipMode.VERTICAL, flip.mode());
        }
        try (RandomFlip flip = new RandomFlip()) {
            assertEquals(FlipMode.HORIZONTAL_AND_VERTICAL, flip.mode());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomFlip("diagonal"));
        assertTrue(e.getMessage().contains("horizontal_and_vertical"), e.getMessage());
        try (TensorScope scope = TensorScope.open(); RandomFlip flip = new RandomFlip()) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> flip.call(Tensor.zeros(Shape.of(2, 3), DType.FLOAT32)));
            assertTrue(e.getMessage().contains("[batch, height, width, channels]"), e.getMessage());
        }
    }
}
