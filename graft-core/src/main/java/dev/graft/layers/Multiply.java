package dev.graft.layers;

import dev.graft.tensor.Tensor;

/**
 * Keras' {@code Multiply}: the elementwise product of two or more inputs, e.g. the squeeze-and-excitation
 * scaling of {@code [batch, height, width, channels]} features by {@code [batch, 1, 1, channels]} weights.
 * Call it with a list: {@code multiply.call(List.of(a, b))} or {@code multiply.callSymbolic(List.of(a, b))}.
 * Shapes broadcast as {@link Merge} describes. No weights.
 */
public final class Multiply extends Merge {

    /** {@code Multiply()}. */
    public Multiply() {
        this(builder());
    }

    private Multiply(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code Multiply.from_config}): only the common options. */
    public static Multiply fromConfig(LayerConfig c) {
        return c.common(builder()).build();
    }

    @Override
    protected Tensor merge(Tensor a, Tensor b) {
        return a.mul(b);
    }

    /** Builds a {@link Multiply}; it has only the common options. */
    public static final class Builder extends Layer.Builder<Builder> {
        public Multiply build() {
            return new Multiply(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
