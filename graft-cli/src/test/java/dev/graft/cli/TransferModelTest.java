package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.applications.Application;
import dev.graft.applications.Weights;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Layer;
import dev.graft.tensor.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransferModelTest {

    private static TransferModel mobileNet() {
        return TransferModel.build(Application.MOBILENET, 0.25, Weights.none(), 96, Augmentation.parse("flip"),
                Classification.forClasses(2));
    }

    private static Set<Variable> identities(List<Variable> variables) {
        Set<Variable> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(variables);
        return set;
    }

    @Test
    void theBaseStartsFrozenAndTheHeadIsShared() {
        try (TransferModel transfer = mobileNet()) {
            List<Variable> trainable = transfer.model().trainableWeights();
            assertEquals(2, trainable.size(), "the Dense kernel and bias");
            assertEquals(identities(trainable), identities(transfer.head().trainableWeights()),
                    "the head model trains the same variables");
            assertEquals(256, transfer.features().outputs().get(0).shape().get(1), "pooled features of MobileNet 0.25");
        }
    }

    @Test
    void unfreezingTheLastLayersKeepsBatchNormalizationFrozen() {
        try (TransferModel transfer = mobileNet()) {
            List<Layer> layers = transfer.base().layers();
            int n = 5;
            List<Variable> expected = new ArrayList<>(transfer.model().trainableWeights());   // the head
            String description = transfer.unfreeze(n);
            int batchNorms = 0;
            for (Layer layer : layers.subList(layers.size() - n, layers.size())) {
                if (layer instanceof BatchNormalization) {
                    batchNorms++;
                } else {
                    expected.addAll(layer.weights());
                }
            }
            assertTrue(batchNorms > 0, "the last layers include BatchNormalization");
            assertEquals(identities(expected), identities(transfer.model().trainableWeights()));
            assertEquals("the last 5 layers of the base, from " + layers.get(layers.size() - n).name() + " (its "
                    + batchNorms + " BatchNormalization layers among them stay frozen)", description);
        }
    }

    @Test
    void unfreezingAllTrainsTheWholeBaseAsTheGuide() {
        try (TransferModel transfer = mobileNet()) {
            transfer.unfreeze(null);
            // Every weight but BatchNormalization's moving statistics.
            assertEquals(transfer.base().trainableWeights().size() + 2, transfer.model().trainableWeights().size());
            long movingStatistics = transfer.base().layers().stream().filter(l -> l instanceof BatchNormalization)
                    .count() * 2;
            assertEquals(movingStatistics, transfer.base().nonTrainableWeights().size());
        }
    }
}
