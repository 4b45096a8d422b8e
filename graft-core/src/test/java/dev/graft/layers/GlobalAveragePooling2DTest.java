package dev.graft.layers;

import static dev.graft.layers.Conv2DTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class GlobalAveragePooling2DTest {
    @Test
    void meetsTheLayerContract() {
        LayerContract.of(dtype -> GlobalAveragePooling2D.builder().optDType(dtype).build())
                .inputShape(2, 3, 4, 5).expectWeights(0, 0, 0).run();
        LayerContract.of(dtype -> GlobalAveragePooling2D.builder().optKeepDims(true).optDType(dtype).build())
                .inputShape(2, 3, 2, 3).expectWeights(0, 0, 0).run();
    }

    @Test
    void averagesOverHeightAndWidthPerChannel() {
        // batch 2 of 2x2 images with 2 channels; image 0: channel 0 = [1, 2, 3, 4] (mean 2.5),
        // channel 1 = [10, 20, 30, 40] (mean 25); image 1 = -image 0.
        try (TensorScope scope = TensorScope.open(); GlobalAveragePooling2D gap = new GlobalAveragePooling2D()) {
            Tensor x = Tensor.of(new float[] {1, 10, 2, 20, 3, 30, 4, 40, -1, -10, -2, -20, -3, -30, -4, -40},
                    2, 2, 2, 2);
            Tensor y = gap.call(x);
            assertEquals(Shape.of(2, 2), y.shape());
            assertArrayEquals(new float[] {2.5f, 25, -2.5f, -25}, y.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void keepsDimsOnRequest() {
        // The 3x3 ramp has mean 5.
        try (TensorScope scope = TensorScope.open();
             GlobalAveragePooling2D gap = GlobalAveragePooling2D.builder().optKeepDims(true).build()) {
            Tensor y = gap.call(Naive2D.ramp(3));
            assertEquals(Shape.of(1, 1, 1, 1), y.shape());
            assertArrayEquals(new float[] {5}, y.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void infersShapesAndRejectsBadInputs() {
        GlobalAveragePooling2D gap = GlobalAveragePooling2D.builder().optName("gap").build();
        assertEquals(Shape.of(Shape.UNKNOWN, 2048), gap.computeOutputShape(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN,
                Shape.UNKNOWN, 2048)));
        assertEquals(Shape.of(Shape.UNKNOWN, 1, 1, 7), GlobalAveragePooling2D.builder().optKeepDims(true).build()
                .computeOutputShape(Shape.batchOf(10, 10, 7)));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> gap.call(Input.of(10, 7))),
                "'gap'", "(None, 10, 7)", "rank-4");
    }
}
