package dev.graft.bench;

import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.BinaryCrossentropy;
import dev.graft.models.Model;
import dev.graft.optimizers.Adam;
import dev.graft.tensor.NoGrad;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * The guide's model around a base: {@code Input -> Rescaling(1/127.5, -1) -> base(training=false) ->
 * GlobalAveragePooling2D -> Dropout(0.2) -> Dense(1)}, images {@code [batch, size, size, 3]} with values
 * 0..255 in, one logit {@code [batch, 1]} out, trained with {@code BinaryCrossentropy(fromLogits=true)}.
 *
 * @param base  the base, called in inference mode
 * @param model the whole model
 */
record GuideModel(Model base, Model model) implements AutoCloseable {

    static GuideModel build(Workload workload) {
        Model base = workload.buildBase();
        SymbolicTensor input = Input.of(workload.imageSize(), workload.imageSize(), 3);
        SymbolicTensor x = new Rescaling(1 / 127.5, -1).call(input);
        x = base.call(x, false);
        x = new GlobalAveragePooling2D().call(x);
        x = new Dropout(0.2).call(x);
        return new GuideModel(base, new Model(input, new Dense(1).call(x)));
    }

    /**
     * Sets every BatchNormalization layer's moving statistics to the mean and variance of its input over
     * {@code images} {@code [batch, size, size, 3]} (0..255), as the peer does, so that inference-mode
     * activations have realistic magnitudes with random weights. One training-mode forward moves each moving
     * value {@code v} to {@code m * v + (1 - m) * batchValue}; solving for the batch value recovers it.
     */
    void calibrate(Tensor images) {
        List<BatchNormalization> layers = new ArrayList<>();
        collectBatchNormalization(base, layers);
        List<Tensor> meansBefore = new ArrayList<>();
        List<Tensor> variancesBefore = new ArrayList<>();
        try (TensorScope scope = TensorScope.open(); NoGrad noGrad = NoGrad.open()) {
            for (BatchNormalization bn : layers) {
                meansBefore.add(copy(bn.movingMean()));
                variancesBefore.add(copy(bn.movingVariance()));
            }
            base.call(images.div(127.5).sub(1), true);
            for (int i = 0; i < layers.size(); i++) {
                BatchNormalization bn = layers.get(i);
                double m = bn.momentum();
                bn.movingMean().assign(recover(bn.movingMean(), meansBefore.get(i), m));
                // Rounding can leave a tiny negative variance where the batch's is near zero: relu clamps it at 0.
                bn.movingVariance().assign(recover(bn.movingVariance(), variancesBefore.get(i), m).relu());
            }
        }
    }

    private static Tensor copy(Variable variable) {
        return variable.value().toType(variable.dtype());
    }

    private static Tensor recover(Variable moving, Tensor before, double momentum) {
        return moving.value().sub(before.mul(momentum)).div(1 - momentum);
    }

    private static void collectBatchNormalization(Model model, List<BatchNormalization> found) {
        for (Layer layer : model.layers()) {
            if (layer instanceof Model nested) {
                collectBatchNormalization(nested, found);
            } else if (layer instanceof BatchNormalization bn) {
                found.add(bn);
            }
        }
    }

    /** Freezes or unfreezes the base and compiles for {@code mode}; inference needs no compiling. */
    void prepare(Mode mode) {
        switch (mode) {
            case INFERENCE -> {
            }
            case PHASE1 -> {
                base.setTrainable(false);
                model.compile(new Adam(1e-3), new BinaryCrossentropy(true));
            }
            case PHASE2 -> {
                base.setTrainable(true);
                model.compile(new Adam(1e-5), new BinaryCrossentropy(true));
            }
        }
    }

    /** The base's weight counts as Keras' summary gives them (before any freezing): trainable and not. */
    long[] baseParams() {
        long trainable = base.trainableWeights().stream().mapToLong(Variable::size).sum();
        long nonTrainable = base.nonTrainableWeights().stream().mapToLong(Variable::size).sum();
        return new long[] {trainable, nonTrainable};
    }

    @Override
    public void close() {
        model.close();
    }
}
