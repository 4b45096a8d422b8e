package dev.graft.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Dense;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.tensor.DType;
import dev.graft.tensor.HostArray;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks every application test shares. */
final class ApplicationTesting {
    private ApplicationTesting() {
    }

    /** The model's BatchNormalization layers, in order. */
    static List<BatchNormalization> batchNorms(Model model) {
        List<BatchNormalization> out = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (l instanceof BatchNormalization bn) {
                out.add(bn);
            }
        }
        return out;
    }

    /** Every BatchNormalization has Keras' epsilon and momentum for this model, and there are {@code count}. */
    static void assertBatchNorms(Model model, int count, double epsilon, double momentum) {
        List<BatchNormalization> bns = batchNorms(model);
        assertEquals(count, bns.size(), "BatchNormalization layers");
        for (BatchNormalization bn : bns) {
            assertEquals(epsilon, bn.epsilon(), 0, bn.name() + " epsilon");
            assertEquals(momentum, bn.momentum(), 0, bn.name() + " momentum");
        }
    }

    /**
     * The ImageNet classifier as Keras builds it: its name, parameter count ({@code withoutTop} plus the top's
     * Dense, {@code features * 1000 + 1000}), input {@code [batch, 224, 224, 3]} and output {@code [batch, 1000]}.
     */
    static void assertImagenetClassifier(Model model, String name, long params, long withoutTop, long features) {
        assertEquals(name, model.name());
        assertEquals(params, model.countParams());
        assertEquals(withoutTop + features * 1000 + 1000, params);
        assertEquals(Shape.batchOf(224, 224, 3), model.inputs().get(0).shape());
        assertEquals(Shape.batchOf(1000), model.outputs().get(0).shape());
    }

    /** Layer names are unique within the model, and {@code names} are among them. */
    static void assertLayerNames(Model model, String... names) {
        Set<String> all = new HashSet<>();
        for (Layer l : model.layers()) {
            assertTrue(all.add(l.name()), "duplicate layer name " + l.name());
        }
        for (String n : names) {
            assertTrue(all.contains(n), "no layer named " + n);
        }
    }

    /** The output shape of layer {@code layerName}, found from the model's output along first inputs. */
    static Shape outputShapeOf(Model model, String layerName) {
        SymbolicTensor t = model.outputs().get(0);
        while (!t.node().layer().name().equals(layerName)) {
            assertFalse(t.node().isInput(), "no layer " + layerName + " on the path from the output");
            t = t.node().inputs().get(0);
        }
        return t.shape();
    }

    /** Random pixel values in [0, 255], {@code [batch, size, size, 3]}. */
    static Tensor images(int batch, int size, long seed) {
        try (SeedGenerator g = SeedGenerator.of(seed)) {
            return Tensor.randomUniform(Shape.of(batch, size, size, 3), 0, 255, DType.FLOAT32, g);
        }
    }

    /** Each row of {@code probabilities} {@code [batch, classes]} is non-negative and sums to 1. */
    static void assertProbabilityRows(Tensor probabilities) {
        float[] p = probabilities.toFloatArray();
        int classes = (int) probabilities.shape().get(1);
        for (int row = 0; row < probabilities.shape().get(0); row++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                float v = p[row * classes + c];
                assertTrue(v >= 0 && Float.isFinite(v), "probability " + v);
                sum += v;
            }
            assertEquals(1, sum, 1e-4, "row " + row + " sums to 1");
        }
    }

    /**
     * Keras' transfer-learning pattern: {@code base.call(x, false)} inside a new model keeps the base in
     * inference mode when the new model is trained, so its BatchNormalization statistics stay put and its
     * dropout stays off; calling the base itself in training mode does move them.
     */
    static void assertInferencePinned(Model base, int size) {
        SymbolicTensor in = Input.of(size, size, 3);
        SymbolicTensor features = base.call(in, false);
        GlobalAveragePooling2D pool = features.shape().rank() == 4 ? new GlobalAveragePooling2D() : null;
        Dense head = new Dense(1);
        // The outer model is not closed: that would free the shared base. Only its own layers are.
        Model outer = new Model(in, head.call(pool == null ? features : pool.call(features)));
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = images(2, size, 5);
            List<HostArray> before = movingStatistics(base);
            float[] trained = outer.call(x, true).toFloatArray();
            assertEquals(before, movingStatistics(base), "a pinned base keeps its moving statistics");
            assertArrayEquals(outer.call(x, false).toFloatArray(), trained, 1e-5f,
                    "a pinned base computes in inference mode inside a training call");
            base.call(x, true);
            assertFalse(before.equals(movingStatistics(base)), "the base's own training call moves them");
        } finally {
            head.close();
            if (pool != null) {
                pool.close();
            }
        }
    }

    private static List<HostArray> movingStatistics(Model model) {
        List<HostArray> out = new ArrayList<>();
        for (BatchNormalization bn : batchNorms(model)) {
            out.add(bn.movingMean().toHostArray());
            out.add(bn.movingVariance().toHostArray());
        }
        return out;
    }
}
