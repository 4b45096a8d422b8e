package dev.graft.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.models.Model;
import dev.graft.models.Sequential;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorOperationException;
import dev.graft.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An engine error inside a layer's computation names the layer as well as the operation. */
class LayerEngineErrorTest {

    /** A layer whose computation multiplies by a matrix of the wrong size: only the engine notices. */
    private static final class WrongMatmul extends Layer {
        WrongMatmul(String name) {
            super(name, DType.FLOAT32);
        }

        @Override
        public Shape computeOutputShape(Shape inputShape) {
            return inputShape;
        }

        @Override
        protected Tensor forward(Tensor input, boolean training) {
            return input.matmul(Tensor.zeros(Shape.of(input.shape().get(1) + 1, 2), DType.FLOAT32));
        }
    }

    @Test
    void theMessageStartsWithTheLayerThenNamesTheOperation() {
        try (TensorScope scope = TensorScope.open(); WrongMatmul layer = new WrongMatmul("projection")) {
            TensorOperationException e = assertThrows(TensorOperationException.class,
                    () -> layer.call(Tensor.zeros(Shape.of(2, 3), DType.FLOAT32)));
            assertEquals("Layer 'projection' (WrongMatmul)", e.layer());
            assertEquals("matmul", e.operation());
            assertTrue(e.getMessage().startsWith("Layer 'projection' (WrongMatmul): matmul failed on inputs (2, 3) "
                    + "float32 and (4, 2) float32: "), e.getMessage());
        }
    }

    @Test
    void insideNestedModelsTheInnermostLayerIsNamed() {
        try (TensorScope scope = TensorScope.open()) {
            Sequential inner = new Sequential("inner", new WrongMatmul("deep"));
            SymbolicTensor in = Input.of(3);
            try (Model outer = new Model(List.of(in), List.of(inner.call(in)), "outer")) {
                TensorOperationException e = assertThrows(TensorOperationException.class,
                        () -> outer.call(Tensor.zeros(Shape.of(2, 3), DType.FLOAT32)));
                assertTrue(e.getMessage().startsWith("Layer 'deep' (WrongMatmul): matmul failed"), e.getMessage());
            }
        }
    }
}
