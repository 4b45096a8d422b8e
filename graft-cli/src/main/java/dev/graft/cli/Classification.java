package dev.graft.cli;

import dev.graft.activations.ActivationFunction;
import dev.graft.data.datasets.LabelMode;
import dev.graft.layers.Layer;
import dev.graft.losses.BinaryCrossentropy;
import dev.graft.losses.Loss;
import dev.graft.losses.SparseCategoricalCrossentropy;
import dev.graft.metrics.BinaryAccuracy;
import dev.graft.metrics.Metric;
import dev.graft.metrics.SparseCategoricalAccuracy;
import dev.graft.models.Model;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;

/**
 * What a classifier's output means, as the Keras guide sets it up: two classes read one output (class 1's logit,
 * {@code Dense(1)} with {@code BinaryCrossentropy(fromLogits=true)}, labels 0/1 as floats); more classes read one
 * output per class ({@code Dense(n)} with {@code SparseCategoricalCrossentropy(fromLogits=true)}, integer labels).
 * A saved model whose last layer applies a sigmoid or softmax outputs probabilities instead of logits.
 *
 * @param numClasses the number of classes, at least 2
 * @param fromLogits whether the outputs are logits (else probabilities)
 */
record Classification(int numClasses, boolean fromLogits) {
    /** Keras' clipping of probabilities in its cross-entropies. */
    private static final double EPSILON = 1e-7;

    Classification {
        if (numClasses < 2) {
            throw new IllegalArgumentException("A classifier needs at least 2 classes, received " + numClasses);
        }
    }

    /** The guide's classifier over {@code numClasses} classes: logits. */
    static Classification forClasses(int numClasses) {
        return new Classification(numClasses, true);
    }

    /** The classification a model's output {@code [batch, units]} stands for: 1 unit for 2 classes, else 1 per class. */
    static Classification of(Model model) {
        Shape output = model.outputs().get(0).shape();
        if (output.rank() != 2 || output.get(1) < 1) {
            throw new IllegalArgumentException("A classifier outputs [batch, classes] (or [batch, 1] for two classes), "
                    + "but " + model.name() + " outputs " + output);
        }
        long units = output.get(1);
        Layer last = model.outputs().get(0).node().layer();
        String activation = last.getConfig().json().path("activation").asText("linear");
        boolean probabilities = units == 1 ? ActivationFunction.SIGMOID.kerasName().equals(activation)
                : ActivationFunction.SOFTMAX.kerasName().equals(activation);
        return new Classification(units == 1 ? 2 : Math.toIntExact(units), !probabilities);
    }

    boolean binary() {
        return numClasses == 2;
    }

    /** The width of the last Dense layer. */
    int units() {
        return binary() ? 1 : numClasses;
    }

    /** The labels {@code imageDatasetFromDirectory} should give. */
    LabelMode labelMode() {
        return binary() ? LabelMode.BINARY : LabelMode.INT;
    }

    /** One example's label as {@link #labelMode()} encodes it: float {@code [1]} for two classes, an int32 scalar otherwise. */
    Tensor label(int classIndex) {
        return binary() ? Tensor.of(new float[] {classIndex}, 1) : Tensor.of(new long[] {classIndex}).toType(DType.INT32);
    }

    Loss loss() {
        return binary() ? new BinaryCrossentropy(fromLogits) : new SparseCategoricalCrossentropy(fromLogits);
    }

    /** The accuracy metric: on logits, class 1 when the logit is above 0; on probabilities, above 0.5. */
    Metric accuracy() {
        if (!binary()) {
            return new SparseCategoricalAccuracy();
        }
        return fromLogits ? new LogitBinaryAccuracy() : new BinaryAccuracy();
    }

    /** The accuracy's name in the logs: {@code binary_accuracy} or {@code sparse_categorical_accuracy}. */
    String accuracyName() {
        return accuracy().name();
    }

    /** The probability of each class, for one output row ({@code units()} values). */
    double[] probabilities(float[] row) {
        if (binary()) {
            double p = fromLogits ? 1 / (1 + Math.exp(-row[0])) : row[0];
            return new double[] {1 - p, p};
        }
        double[] p = new double[numClasses];
        double max = Double.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < numClasses; c++) {
            p[c] = fromLogits ? Math.exp(row[c] - max) : row[c];
            sum += p[c];
        }
        for (int c = 0; c < numClasses; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /** The predicted class for one output row, by the rule {@link #accuracy()} applies. */
    int predictedClass(float[] row) {
        if (binary()) {
            return row[0] > (fromLogits ? 0 : 0.5) ? 1 : 0;
        }
        int best = 0;
        for (int c = 1; c < numClasses; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The loss of one output row against its label, as {@link #loss()} computes it for a single sample. */
    double sampleLoss(float[] row, int label) {
        if (binary() && fromLogits) {
            // Stable binary cross-entropy of a logit z: max(z, 0) - z * y + log(1 + exp(-|z|)).
            double z = row[0];
            return Math.max(z, 0) - z * label + Math.log1p(Math.exp(-Math.abs(z)));
        }
        if (fromLogits) {
            // -log softmax(z)[y] = logsumexp(z) - z[y], shifted by max(z) for stability.
            double max = Double.NEGATIVE_INFINITY;
            for (float v : row) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (float v : row) {
                sum += Math.exp(v - max);
            }
            return max + Math.log(sum) - row[label];
        }
        // Probabilities: Keras clips them to [eps, 1 - eps] before the log.
        double p = Math.min(Math.max(probabilities(row)[label], EPSILON), 1 - EPSILON);
        return -Math.log(p);
    }
}
