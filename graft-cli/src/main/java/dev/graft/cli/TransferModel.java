package dev.graft.cli;

import dev.graft.applications.Application;
import dev.graft.applications.Weights;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.models.Sequential;
import java.util.List;

/**
 * The guide's model: {@code inputs -> augmentation -> preprocessing -> base(training=false) ->
 * GlobalAveragePooling2D -> Dropout(0.2) -> Dense}, with the base frozen. The pooled features and the head
 * are also available as models of their own, for the feature-extraction workflow: the three share their
 * layers, so training the head trains the full model's head.
 */
final class TransferModel implements AutoCloseable {
    private final Model base;
    private final Model model;
    private final Model features;
    private final Model head;

    private TransferModel(Model base, Model model, Model features, Model head) {
        this.base = base;
        this.model = model;
        this.features = features;
        this.head = head;
    }

    /**
     * Builds the base with {@code weights}, frozen, and the model around it.
     *
     * @param alpha        the width multiplier, or null for the application's default
     * @param augmentation the augmentation layers, or null for none
     */
    static TransferModel build(Application application, Double alpha, Weights weights, int imageSize,
            Sequential augmentation, Classification classification) {
        Model base = application.builder(alpha == null ? Double.NaN : alpha).optIncludeTop(false).optWeights(weights)
                .optInputShape(imageSize, imageSize, 3).build();
        base.setTrainable(false);
        SymbolicTensor inputs = Input.of(imageSize, imageSize, 3);
        SymbolicTensor x = augmentation == null ? inputs : augmentation.call(inputs);
        x = BasePreprocessing.apply(application, x);
        x = base.call(x, false);                       // inference mode for good: BatchNormalization stays frozen
        SymbolicTensor pooled = new GlobalAveragePooling2D().call(x);
        Dropout dropout = new Dropout(0.2);
        Dense dense = new Dense(classification.units());
        Model model = new Model(inputs, dense.call(dropout.call(pooled)));
        SymbolicTensor featureInputs = Input.of(pooled.shape().get(1));
        Model head = new Model(featureInputs, dense.call(dropout.call(featureInputs)));
        return new TransferModel(base, model, new Model(inputs, pooled), head);
    }

    /** The pretrained base. */
    Model base() {
        return base;
    }

    /** The whole model: images {@code [batch, size, size, 3]} 0..255 to outputs {@code [batch, units]}. */
    Model model() {
        return model;
    }

    /** The pooled features of the frozen base: images to {@code [batch, channels]}, augmentation included if any. */
    Model features() {
        return features;
    }

    /** The head alone: pooled features {@code [batch, channels]} to outputs, sharing the model's Dropout and Dense. */
    Model head() {
        return head;
    }

    /**
     * Unfreezes the base for fine-tuning: all of it ({@code lastLayers} null, as the guide), or its last
     * {@code lastLayers} layers with their BatchNormalization layers kept frozen (Keras' advice for partial
     * fine-tuning). The base still runs in inference mode, so BatchNormalization statistics never change.
     *
     * @return a description for the report
     */
    String unfreeze(Integer lastLayers) {
        checkUnfreeze(lastLayers);
        base.setTrainable(true);
        if (lastLayers == null) {
            return "the whole base (" + base.layers().size() + " layers)";
        }
        List<Layer> layers = base.layers();
        int firstUnfrozen = layers.size() - lastLayers;
        int batchNorms = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            boolean batchNorm = layer instanceof BatchNormalization;
            if (i < firstUnfrozen || batchNorm) {
                layer.setTrainable(false);
            }
            if (i >= firstUnfrozen && batchNorm) {
                batchNorms++;
            }
        }
        return "the last " + lastLayers + " layers of the base, from " + layers.get(firstUnfrozen).name()
                + " (its " + batchNorms + " BatchNormalization layers among them stay frozen)";
    }

    /** Checks that {@link #unfreeze} can unfreeze {@code lastLayers} layers (null: all of them), before any training. */
    void checkUnfreeze(Integer lastLayers) {
        int count = base.layers().size();
        if (lastLayers != null && (lastLayers < 1 || lastLayers > count)) {
            throw new IllegalArgumentException("--unfreeze takes 'all' or a number of layers from 1 to the base's "
                    + count + ", received " + lastLayers);
        }
    }

    /** Frees every weight (the three models share them). */
    @Override
    public void close() {
        model.close();
    }
}
