package dev.graft.layers;

import dev.graft.tensor.Tensor;

/**
 * Keras' {@code Add}: the elementwise sum of two or more inputs, e.g. a residual connection of two
 * {@code [batch, height, width, channels]} tensors. Call it with a list: {@code add.call(List.of(a, b))} or
 * {@code add.callSymbolic(List.of(a, b))}. Shapes broadcast as {@link Merge} describes. No weights.
 */
public final class Add extends Merge {

    /** {@code Add()}. */
    public Add() {
        this(builder());
    }

    private Add(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code Add.from_config}): only the common options. */
    public static Add fromConfig(LayerConfig c) {
        return c.common(builder()).build();
    }

    @Override
    protected Tensor merge(Tensor a, Tensor b) {
        return a.add(b);
    }

    /** Builds an {@link Add}; it has only the common options. */
    public static final class Builder extends Layer.Builder<Builder> {
        public Add build() {
            return new Add(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
