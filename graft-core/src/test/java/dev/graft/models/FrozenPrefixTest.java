package dev.graft.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.Add;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SymbolicTensor;
import dev.graft.layers.preprocessing.RandomFlip;
import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.utils.RandomSeed;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which calls {@link FrozenPrefix#of} puts in a model's frozen prefix, and that the split computes the model. */
class FrozenPrefixTest {
    private TensorScope scope;

    @BeforeEach
    void open() {
        RandomSeed.set(7);
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** A small convolutional base: conv, batch normalization, conv. */
    private static Model base(int size) {
        SymbolicTensor in = Input.of(size, size, 3);
        SymbolicTensor x = new BatchNormalization().call(new Conv2D(4, 3).call(in));
        return new Model(in, new Conv2D(6, 3).call(x));
    }

    private static List<String> names(FrozenPrefix prefix) {
        return prefix.layers().stream().map(Layer::name).toList();
    }

    private static Tensor images(long batch, long size) {
        try (SeedGenerator g = SeedGenerator.of(3)) {
            return Tensor.randomNormal(Shape.of(batch, size, size, 3), 0, 1, DType.FLOAT32, g);
        }
    }

    /** The guide's phase-one model: the prefix runs to the pooling, whose output alone is stored. */
    @Test
    void guideModelSplitsAfterThePooling() {
        Model base = base(10);
        base.setTrainable(false);
        SymbolicTensor in = Input.of(10, 10, 3);
        Rescaling rescaling = new Rescaling(1 / 127.5, -1);
        GlobalAveragePooling2D pooling = new GlobalAveragePooling2D();
        SymbolicTensor pooled = pooling.call(base.call(rescaling.call(in), false));
        Model model = new Model(in, new Dense(1).call(new Dropout(0.2).call(pooled)));

        FrozenPrefix prefix = FrozenPrefix.of(model).orElseThrow();
        assertEquals(List.of(rescaling.name(), base.name(), pooling.name()), names(prefix));
        assertEquals(List.of(pooled.shape()), prefix.frontierShapes());
        assertEquals(base.weights().size(), prefix.variables().size());
    }

    /** The split computes what the model computes, bit for bit, in both modes. */
    @Test
    void frontierThenRestEqualsTheWholeModel() {
        Model base = base(10);
        base.setTrainable(false);
        SymbolicTensor in = Input.of(10, 10, 3);
        SymbolicTensor pooled = new GlobalAveragePooling2D().call(base.call(new Rescaling(0.5).call(in), false));
        Model model = new Model(in, new Dense(2).call(pooled));
        FrozenPrefix prefix = FrozenPrefix.of(model).orElseThrow();
        Tensor x = images(5, 10);
        for (boolean training : new boolean[] {true, false}) {
            List<Tensor> frontier = prefix.computeFrontier(List.of(x), training);
            assertEquals(Shape.of(5, 6), frontier.get(0).shape());
            assertArrayEquals(model.callAll(List.of(x), training).get(0).toFloatArray(),
                    prefix.runRest(List.of(x), frontier, training).get(0).toFloatArray());
        }
    }

    /** A trainable batch normalization in training mode mixes the samples: not frozen; a frozen one is. */
    @Test
    void batchNormalizationIsFrozenOnlyWhenItUsesTheMovingStatistics() {
        SymbolicTensor in = Input.of(8, 8, 3);
        Conv2D conv = Conv2D.builder().setFilters(4).setKernelSize(3).optTrainable(false).build();
        BatchNormalization bn = new BatchNormalization();
        SymbolicTensor x = new GlobalAveragePooling2D().call(bn.call(conv.call(in)));
        Model model = new Model(in, new Dense(1).call(x));
        assertEquals(List.of(conv.name()), names(FrozenPrefix.of(model).orElseThrow()));

        bn.setTrainable(false);
        assertEquals(3, FrozenPrefix.of(model).orElseThrow().layers().size(), "conv, frozen BN and pooling");
        assertTrue(bn.isFrozenFunction(true) && bn.isFrozenFunction(false));
        bn.setTrainable(true);
        assertFalse(bn.isFrozenFunction(false), "trainable gamma and beta need gradients");
    }

    /** Random layers are frozen only in inference mode (Dropout also at rate 0, which drops nothing). */
    @Test
    void randomLayersAreFrozenOnlyInInference() {
        Dropout dropout = new Dropout(0.5);
        RandomFlip flip = new RandomFlip();
        dropout.build(Shape.batchOf(4));
        flip.build(Shape.batchOf(4, 4, 3));
        assertFalse(dropout.isFrozenFunction(true));
        assertTrue(dropout.isFrozenFunction(false));
        assertFalse(flip.isFrozenFunction(true));
        assertTrue(flip.isFrozenFunction(false));
        Dropout none = new Dropout(0);
        none.build(Shape.batchOf(4));
        assertTrue(none.isFrozenFunction(true));
        assertFalse(new Rescaling(2).isFrozenFunction(false), "an unbuilt layer may still create weights");
    }

    /** Augmentation in the model before the base: the base's inputs change every epoch, so no prefix. */
    @Test
    void augmentationBeforeTheBaseMeansNoPrefix() {
        Model base = base(10);
        base.setTrainable(false);
        SymbolicTensor in = Input.of(10, 10, 3);
        SymbolicTensor x = base.call(new RandomFlip("horizontal").call(new Rescaling(0.5).call(in)), false);
        Model model = new Model(in, new Dense(1).call(new GlobalAveragePooling2D().call(x)));
        assertEquals(Optional.empty(), FrozenPrefix.of(model));
    }

    /** Weightless layers alone (a rescaling) cost about what reading their stored output would: no prefix. */
    @Test
    void weightlessPrefixIsNotWorthStoring() {
        SymbolicTensor in = Input.of(6);
        Model model = new Model(in, new Dense(1).call(new Rescaling(0.5).call(in)));
        assertEquals(Optional.empty(), FrozenPrefix.of(model));
    }

    /**
     * A nested model called without a mode is analysed in the mode it inherits: a frozen base ending in
     * dropout is frozen only when the call pins inference mode.
     */
    @Test
    void nestedModelIsJudgedInTheModeItRunsIn() {
        SymbolicTensor inner = Input.of(5);
        Model block = new Model(inner, new Dropout(0.5).call(new Dense(4).call(inner)));
        block.setTrainable(false);
        SymbolicTensor in = Input.of(5);
        Model inherited = new Model(in, new Dense(1).call(block.call(in)));
        assertEquals(Optional.empty(), FrozenPrefix.of(inherited));
        SymbolicTensor in2 = Input.of(5);
        Model pinned = new Model(in2, new Dense(1).call(block.call(in2, false)));
        assertEquals(List.of(block.name()), names(FrozenPrefix.of(pinned).orElseThrow()));
    }

    /**
     * Two frozen branches read by trainable layers: two frontier tensors. The input, which the rest reads too,
     * comes with every batch and is not part of the frontier.
     */
    @Test
    void severalFrontierTensors() {
        SymbolicTensor in = Input.of(6);
        Dense frozenA = Dense.builder().setUnits(3).optTrainable(false).build();
        Dense frozenB = Dense.builder().setUnits(2).optTrainable(false).build();
        SymbolicTensor a = frozenA.call(in);
        SymbolicTensor b = frozenB.call(in);
        SymbolicTensor sum = new Add().callSymbolic(List.of(new Dense(4).call(a), new Dense(4).call(b),
                new Dense(4).call(in)));
        Model model = new Model(in, sum);
        FrozenPrefix prefix = FrozenPrefix.of(model).orElseThrow();
        assertEquals(List.of(a.shape(), b.shape()), prefix.frontierShapes());

        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6}, 2, 6);
        List<Tensor> frontier = prefix.computeFrontier(List.of(x), true);
        assertArrayEquals(frozenA.call(x).toFloatArray(), frontier.get(0).toFloatArray());
        assertArrayEquals(frozenB.call(x).toFloatArray(), frontier.get(1).toFloatArray());
        assertArrayEquals(model.callAll(List.of(x), true).get(0).toFloatArray(),
                prefix.runRest(List.of(x), frontier, true).get(0).toFloatArray());
    }

    /** A Sequential splits after its leading frozen layers; an unbuilt one has no prefix yet. */
    @Test
    void sequentialSplitsAfterItsLeadingFrozenLayers() {
        Conv2D conv = Conv2D.builder().setFilters(4).setKernelSize(3).optTrainable(false).build();
        GlobalAveragePooling2D pooling = new GlobalAveragePooling2D();
        Sequential model = new Sequential(conv, pooling, new Dropout(0.5), new Dense(1));
        assertEquals(Optional.empty(), FrozenPrefix.of(model));
        model.build(Shape.batchOf(7, 7, 3));
        FrozenPrefix prefix = FrozenPrefix.of(model).orElseThrow();
        assertEquals(List.of(conv.name(), pooling.name()), names(prefix));
        assertEquals(List.of(Shape.batchOf(4)), prefix.frontierShapes());

        Tensor x = images(3, 7);
        List<Tensor> frontier = prefix.computeFrontier(List.of(x), false);
        assertArrayEquals(model.callAll(List.of(x), false).get(0).toFloatArray(),
                prefix.runRest(List.of(x), frontier, false).get(0).toFloatArray());
    }

    /** Unfreezing a prefix layer is noticed; the prefix is found afresh without it. */
    @Test
    void unfreezingALayerEndsItsPrefix() {
        Dense frozen = Dense.builder().setUnits(3).optTrainable(false).build();
        SymbolicTensor in = Input.of(4);
        Model model = new Model(in, new Dense(1).call(frozen.call(in)));
        FrozenPrefix prefix = FrozenPrefix.of(model).orElseThrow();
        assertTrue(prefix.isStillFrozen());
        frozen.setTrainable(true);
        assertFalse(prefix.isStillFrozen());
        assertEquals(Optional.empty(), FrozenPrefix.of(model));
    }

    /** The split checks the inputs as the model does. */
    @Test
    void wrongInputShapeIsRefusedAsByTheModel() {
        Dense frozen = Dense.builder().setUnits(3).optTrainable(false).build();
        SymbolicTensor in = Input.of(4);
        Model model = new Model(in, new Dense(1).call(frozen.call(in)));
        FrozenPrefix prefix = FrozenPrefix.of(model).orElseThrow();
        Tensor wrong = Tensor.zeros(Shape.of(2, 5), DType.FLOAT32);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> prefix.computeFrontier(List.of(wrong), true));
        assertTrue(e.getMessage().contains("received shape (2, 5)"), e.getMessage());
    }
}
