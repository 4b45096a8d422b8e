package dev.graft.layers;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;

/** Starts a functional model: {@code SymbolicTensor x = Input.of(150, 150, 3);} (the batch is implied). */
public final class Input {
    private Input() {
    }

    /** A float32 input of shape {@code [batch, dims...]}. */
    public static SymbolicTensor of(long... dims) {
        return of(Shape.batchOf(dims), DType.FLOAT32, null);
    }

    /**
     * An input of the full shape {@code shape}, batch included ({@link Shape#UNKNOWN} for any batch size).
     *
     * @param name the input's name, or null for {@code input_1}, {@code input_2}, ...
     */
    public static SymbolicTensor of(Shape shape, DType dtype, String name) {
        return new InputLayer(shape, dtype, name).output();
    }
}
