package dev.graft.contract;

import dev.graft.layers.Activation;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.List;

/** The guide's model on a small stand-in for Xception, shared by the contract tests. */
final class GuideModels {
    private GuideModels() {
    }

    /** conv(3x3x3x8)+bias: 224, BN(8): 32, conv(3x3x8x16, stride 2)+bias: 1168, BN(16): 64 = 1,488 params. */
    static Model tinyBase() {
        SymbolicTensor in = Input.of(16, 16, 3);
        SymbolicTensor x = new Conv2D(8, 3).call(in);
        x = new BatchNormalization().call(x);
        x = new Activation("relu").call(x);
        x = Conv2D.builder().setFilters(16).setKernelSize(3).optStrides(2).build().call(x);
        x = new BatchNormalization().call(x);
        return new Model(List.of(in), List.of(x), "tiny_base");
    }

    /** The guide's model: rescaling, base called with training=false, pooling, dropout, Dense(1). */
    static Model guideModel(Model base) {
        SymbolicTensor inputs = Input.of(16, 16, 3);
        SymbolicTensor x = new Rescaling(1 / 127.5, -1).call(inputs);
        x = base.call(x, false);
        x = new GlobalAveragePooling2D().call(x);
        x = new Dropout(0.2).call(x);
        return new Model(inputs, new Dense(1).call(x));
    }

    /** {@code n} random images {@code [n, 16, 16, 3]} with pixel values in [0, 255). */
    static Tensor images(int n, long seed) {
        try (SeedGenerator g = SeedGenerator.of(seed)) {
            return Tensor.randomUniform(Shape.of(n, 16, 16, 3), 0, 255, DType.FLOAT32, g);
        }
    }

    /** {@code n} labels, alternately 0 and 1. */
    static Tensor labels(int n) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
        }
        return Tensor.of(y, n);
    }
}
