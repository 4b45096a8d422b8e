package dev.graft.activations;

import dev.graft.tensor.Tensor;
import java.util.Locale;
import java.util.function.UnaryOperator;

/** The activation functions layers accept, by their Keras names. */
public enum ActivationFunction {
    LINEAR("linear", x -> x.mul(1.0)),
    RELU("relu", Tensor::relu),
    RELU6("relu6", Tensor::relu6),
    SIGMOID("sigmoid", Tensor::sigmoid),
    TANH("tanh", Tensor::tanh),
    /** Softmax over the last axis. */
    SOFTMAX("softmax", x -> x.softmax(-1)),
    /** {@code x * sigmoid(x)}, Keras' {@code silu}. */
    SILU("silu", ActivationFunction::silu),
    /** Keras' alias of {@code silu}, the name EfficientNet uses: {@code x * sigmoid(x)}. */
    SWISH("swish", ActivationFunction::silu);

    private final String kerasName;
    private final UnaryOperator<Tensor> function;

    ActivationFunction(String kerasName, UnaryOperator<Tensor> function) {
        this.kerasName = kerasName;
        this.function = function;
    }

    /** Applies the function elementwise (softmax: over the last axis); returns a new tensor. */
    public Tensor apply(Tensor x) {
        return function.apply(x);
    }

    public String kerasName() {
        return kerasName;
    }

    /** The function with this Keras name, e.g. {@code "relu"}; null or {@code "linear"} is the identity. */
    public static ActivationFunction of(String kerasName) {
        if (kerasName == null) {
            return LINEAR;
        }
        for (ActivationFunction f : values()) {
            if (f.kerasName.equals(kerasName.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("Unknown activation '" + kerasName + "'; expected one of "
                + java.util.Arrays.stream(values()).map(ActivationFunction::kerasName).toList());
    }

    private static Tensor silu(Tensor x) {
        try (Tensor gate = x.sigmoid()) {
            return x.mul(gate);
        }
    }
}
