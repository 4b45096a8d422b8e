package dev.graft.engine.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.Padding2D;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorOperationException;
import dev.graft.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** libtorch's own errors reach the caller as {@link TensorOperationException}s naming the Graft operation. */
class NativeErrorsTest {

    private static Tensor zeros(long... shape) {
        return Tensor.zeros(Shape.of(shape), DType.FLOAT32);
    }

    @Test
    void aMatmulOfMismatchedShapesNamesTheOperationTheShapesAndTheEngineMessage() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor a = zeros(2, 3);
            Tensor b = zeros(4, 5);
            TensorOperationException e = assertThrows(TensorOperationException.class, () -> a.matmul(b));
            assertEquals("matmul", e.operation());
            assertTrue(e.getMessage().startsWith("matmul failed on inputs (2, 3) float32 and (4, 5) float32: "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("cannot be multiplied"), e.getMessage());
            // Only the first line of the engine's message: no C++ backtrace.
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertFalse(e.getMessage().contains("frame #"), e.getMessage());
            assertSame(RuntimeException.class, e.getCause().getClass());
        }
    }

    @Test
    void aConvolutionWithAKernelLargerThanItsInputNamesConv2d() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor images = zeros(1, 2, 2, 3);
            Tensor kernel = zeros(3, 3, 3, 4);
            TensorOperationException e = assertThrows(TensorOperationException.class, () -> images.conv2d(kernel,
                    null, new int[] {1, 1}, Padding2D.VALID, new int[] {1, 1}, 1));
            assertEquals("conv2d", e.operation());
            assertTrue(e.getMessage().startsWith("conv2d failed on inputs (1, 2, 2, 3) float32 and (3, 3, 3, 4) "
                    + "float32: "), e.getMessage());
            assertTrue(e.getMessage().toLowerCase().contains("kernel size"), e.getMessage());
        }
    }

    @Test
    void aConvolutionWhoseKernelExpectsOtherChannelsNamesConv2d() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor images = zeros(1, 5, 5, 2);
            Tensor kernel = zeros(3, 3, 3, 4);
            TensorOperationException e = assertThrows(TensorOperationException.class, () -> images.conv2d(kernel,
                    null, new int[] {1, 1}, Padding2D.VALID, new int[] {1, 1}, 1));
            assertTrue(e.getMessage().startsWith("conv2d failed on inputs (1, 5, 5, 2) float32"), e.getMessage());
        }
    }

    @Test
    void elementwiseOpsOfShapesThatDoNotBroadcastNameTheOperation() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor a = zeros(2, 3);
            Tensor b = zeros(4);
            TensorOperationException e = assertThrows(TensorOperationException.class, () -> a.add(b));
            assertEquals("add", e.operation());
            assertTrue(e.getMessage().startsWith("add failed on inputs (2, 3) float32 and (4,) float32: "),
                    e.getMessage());
        }
    }

    @Test
    void engineLevelOperationsNameThemselvesAndTheirInputs() {
        try (TensorScope scope = TensorScope.open()) {
            TensorOperationException e = assertThrows(TensorOperationException.class,
                    () -> Tensor.concat(List.of(zeros(2, 3), zeros(2, 4)), 0));
            assertEquals("concat", e.operation());
            assertTrue(e.getMessage().startsWith("concat failed on inputs (2, 3) float32 and (2, 4) float32: "),
                    e.getMessage());

            Tensor x = zeros(2, 3);
            e = assertThrows(TensorOperationException.class, () -> x.reshape(7));
            assertEquals("reshape", e.operation());
            assertTrue(e.getMessage().startsWith("reshape failed on inputs (2, 3) float32: "), e.getMessage());
        }
    }

    @Test
    void anImpossibleAllocationIsAnErrorNotACrash() {
        TensorOperationException e = assertThrows(TensorOperationException.class,
                () -> Tensor.zeros(Shape.of(1L << 40, 1L << 30), DType.FLOAT32));
        assertEquals("full", e.operation());
        assertTrue(e.getMessage().startsWith("full failed on inputs (1099511627776, 1073741824): "), e.getMessage());
    }

    @Test
    void grafsOwnChecksPassUnchanged() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor images = zeros(2, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> images.conv2d(
                    zeros(3, 3, 3, 4), null, new int[] {1, 1}, Padding2D.VALID, new int[] {1, 1}, 1));
            assertFalse(e instanceof TensorOperationException);
            assertTrue(e.getMessage().startsWith("conv2d input must have rank 4"), e.getMessage());
        }
    }

    @Test
    void theFirstLineDropsTheBacktraceAndCopesWithNoMessage() {
        assertEquals("bad shape", NativeErrors.firstLine("bad shape\nException raised from f at x.cpp:1\nframe #0"));
        assertEquals("the engine gave no message", NativeErrors.firstLine(null));
    }
}
