package dev.graft.layers;

import dev.graft.activations.ActivationFunction;
import dev.graft.initializers.Constant;
import dev.graft.initializers.GlorotUniform;
import dev.graft.initializers.Initializer;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;

/**
 * A densely connected layer: {@code activation(x · kernel + bias)} over the last axis. Kernel
 * {@code [in, units]} (glorot_uniform), bias {@code [units]} (zeros).
 */
public final class Dense extends Layer {
    private final int units;
    private final ActivationFunction activation;
    private final boolean useBias;
    private final Initializer kernelInitializer;
    private final Initializer biasInitializer;
    private Variable kernel;
    private Variable bias;

    /** {@code Dense(units)} with Keras' defaults: no activation, a bias. */
    public Dense(int units) {
        this(builder().setUnits(units));
    }

    private Dense(Builder b) {
        super(b);
        if (b.units <= 0) {
            throw new IllegalArgumentException("Dense needs units > 0 (setUnits), received " + b.units);
        }
        this.units = b.units;
        this.activation = b.activation;
        this.useBias = b.useBias;
        this.kernelInitializer = b.kernelInitializer;
        this.biasInitializer = b.biasInitializer;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int units() {
        return units;
    }

    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("units", units).putActivation("activation", activation).put("use_bias", useBias)
                .putInitializer("kernel_initializer", kernelInitializer)
                .putInitializer("bias_initializer", biasInitializer)
                .putNull("kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint");
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code Dense.from_config}), without weights. */
    public static Dense fromConfig(LayerConfig c) {
        Builder b = c.common(builder());
        return b.setUnits(c.getInt("units"))
                .optActivation(c.getActivation("activation"))
                .optUseBias(c.getBoolean("use_bias", b.useBias))
                .optKernelInitializer(c.getInitializer("kernel_initializer", b.kernelInitializer))
                .optBiasInitializer(c.getInitializer("bias_initializer", b.biasInitializer))
                .build();
    }

    @Override
    protected void onBuild(Shape inputShape) {
        long in = inputDim(inputShape);
        kernel = addWeight("kernel", Shape.of(in, units), kernelInitializer, true);
        if (useBias) {
            bias = addWeight("bias", Shape.of(units), biasInitializer, true);
        }
    }

    private long inputDim(Shape inputShape) {
        if (inputShape.rank() < 2 || inputShape.last() == Shape.UNKNOWN) {
            throw shapeError("an input of rank >= 2 with a known last dimension", inputShape);
        }
        return inputShape.last();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long in = inputDim(inputShape);
        if (kernel != null && in != kernel.shape().get(0)) {
            throw shapeError("an input with last dimension " + kernel.shape().get(0), inputShape);
        }
        return inputShape.with(-1, units);
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        Tensor y = input.matmul(kernel.value());
        if (bias != null) {
            y = y.add(bias.value());
        }
        return activation == ActivationFunction.LINEAR ? y : activation.apply(y);
    }

    /** Builds a {@link Dense}: {@link #setUnits} is required. */
    public static final class Builder extends Layer.Builder<Builder> {
        private int units = -1;
        private ActivationFunction activation = ActivationFunction.LINEAR;
        private boolean useBias = true;
        private Initializer kernelInitializer = new GlorotUniform();
        private Initializer biasInitializer = Constant.ZEROS;

        /** The number of outputs. */
        public Builder setUnits(int units) {
            this.units = units;
            return this;
        }

        public Builder optActivation(ActivationFunction activation) {
            this.activation = activation;
            return this;
        }

        public Builder optUseBias(boolean useBias) {
            this.useBias = useBias;
            return this;
        }

        public Builder optKernelInitializer(Initializer initializer) {
            this.kernelInitializer = initializer;
            return this;
        }

        public Builder optBiasInitializer(Initializer initializer) {
            this.biasInitializer = initializer;
            return this;
        }

        public Dense build() {
            return new Dense(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
