package dev.graft.bench;

import dev.graft.applications.Weights;
import dev.graft.applications.Xception;
import dev.graft.layers.*;
import dev.graft.losses.BinaryCrossentropy;
import dev.graft.models.Model;
import dev.graft.optimizers.Adam;
import dev.graft.tensor.*;
import dev.graft.training.Batch;
import java.util.*;

/** Prototype: times one mode of the guide's workload. */
public final class StepProbe {
    public static void main(String[] args) {
        String mode = args[0];
        int iters = Integer.parseInt(args[1]);
        Model base = Xception.builder().optIncludeTop(false).optInputShape(150, 150, 3).optWeights(Weights.none()).build();
        SymbolicTensor in = Input.of(150, 150, 3);
        SymbolicTensor x = new Rescaling(1 / 127.5, -1).call(in);
        x = base.call(x, false);
        x = new GlobalAveragePooling2D().call(x);
        x = new Dropout(0.2).call(x);
        Model model = new Model(in, new Dense(1).call(x));
        Tensor images = Tensor.randomUniform(Shape.of(32, 150, 150, 3), 0, 255, DType.FLOAT32, SeedGenerator.of(2));
        Tensor labels = Tensor.randomUniform(Shape.of(32, 1), 0, 1, DType.FLOAT32, SeedGenerator.of(3)).greaterThan(0.5).toType(DType.FLOAT32);
        calibrate(base, images);
        Runnable step;
        if (mode.equals("infer")) {
            step = () -> { try (TensorScope s = TensorScope.open(); NoGrad g = NoGrad.open()) { model.call(images, false).toFloatArray(); } };
        } else {
            base.setTrainable(mode.equals("phase2"));
            model.compile(mode.equals("phase2") ? new Adam(1e-5) : new Adam(1e-3), new BinaryCrossentropy(true));
            List<Batch> one = List.of(new Batch(List.of(images), labels));
            step = () -> model.fit(one, dev.graft.training.FitOptions.builder().optEpochs(1).optVerbose(0).build());
        }
        step.run();
        double[] t = new double[iters];
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            step.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        System.out.printf("%s median %.1f ms min %.1f ms%n", mode, t[iters / 2], t[0]);
    }

    public static void calibrate(Model base, Tensor images) {
        try (TensorScope s = TensorScope.open(); NoGrad g = NoGrad.open()) {
            base.call(images.div(127.5).sub(1), true);
            for (Layer l : base.layers()) {
                if (l instanceof BatchNormalization bn) {
                    bn.movingMean().assign(bn.movingMean().value().div(0.01));
                    bn.movingVariance().assign(bn.movingVariance().value().sub(0.99).div(0.01).clip(1e-3, 1e9));
                }
            }
        }
    }
}
