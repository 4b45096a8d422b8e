package dev.graft.layers;

import dev.graft.activations.ActivationFunction;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;

/**
 * Keras' {@code Activation}: applies an activation function elementwise (softmax: over the last axis).
 * Any input shape, e.g. {@code [batch, height, width, channels]}; the output has the same shape. No weights.
 */
public final class Activation extends Layer {
    private final ActivationFunction activation;

    /** {@code Activation(function)}. */
    public Activation(ActivationFunction activation) {
        this(builder().setActivation(activation));
    }

    /** {@code Activation("relu")}: the function by its Keras name. */
    public Activation(String kerasName) {
        this(builder().setActivation(kerasName));
    }

    private Activation(Builder b) {
        super(b);
        if (b.activation == null) {
            throw new IllegalArgumentException("Activation needs a function (setActivation)");
        }
        this.activation = b.activation;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ActivationFunction activation() {
        return activation;
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.putActivation("activation", activation);
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code Activation.from_config}). */
    public static Activation fromConfig(LayerConfig c) {
        return c.common(builder()).setActivation(c.getActivation("activation")).build();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        if (activation == ActivationFunction.SOFTMAX && inputShape.rank() < 1) {
            throw shapeError("an input of rank >= 1 for softmax over the last axis", inputShape);
        }
        return inputShape;
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        return activation.apply(input);
    }

    /** Builds an {@link Activation}: {@link #setActivation} is required. */
    public static final class Builder extends Layer.Builder<Builder> {
        private ActivationFunction activation;

        public Builder setActivation(ActivationFunction activation) {
            this.activation = activation;
            return this;
        }

        /** The function by its Keras name, e.g. {@code "relu"}; fails on an unknown name. */
        public Builder setActivation(String kerasName) {
            this.activation = ActivationFunction.of(kerasName);
            return this;
        }

        public Activation build() {
            return new Activation(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
