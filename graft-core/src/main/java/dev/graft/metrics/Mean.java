package dev.graft.metrics;

import dev.graft.losses.RankAlignment;
import dev.graft.tensor.DType;
import dev.graft.tensor.NoGrad;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;

/**
 * Keras' {@code Mean}: the weighted mean {@code total / count} of the values given to it (0 before any),
 * e.g. the running loss of an epoch: {@code lossMean.update(batchLoss, batchSize)}.
 *
 * <p>As in Keras, {@link #updateState(Tensor, Tensor)} takes values and their weights, not targets and
 * predictions: this metric averages numbers the caller computes, and is not meant for {@code compile}.
 */
public class Mean extends Metric {
    private double total;
    private double count;

    /** A mean named {@code mean}. */
    public Mean() {
        this("mean");
    }

    /** A mean with its own name. */
    public Mean(String name) {
        super(name);
    }

    /** Adds {@code value} with weight {@code weight}: total += value * weight, count += weight. */
    public void update(double value, double weight) {
        total += value * weight;
        count += weight;
    }

    /** Adds {@code value} with weight 1. */
    public void update(double value) {
        update(value, 1);
    }

    /** Adds every sample of {@code values}, each with weight 1; see {@link #updateState(Tensor, Tensor)}. */
    public void updateState(Tensor values) {
        updateState(values, null);
    }

    /**
     * Keras' {@code Mean.update_state(values, sample_weight)}. Without weights, each sample (the first axis)
     * counts once, with the mean of its values: {@code [batch]} or {@code [batch, d]} add {@code batch} to the
     * count; a scalar adds 1. With weights, the ranks are aligned ({@link RankAlignment}), the values are
     * averaged down to the weights' rank, multiplied by the weights (which must broadcast to them), and the
     * count grows by the weights' sum over that shape: per-sample weights {@code [batch]} give the weighted
     * mean of the samples, and a scalar weight counts the whole batch as one value of that weight.
     *
     * @param values       any float, integer or bool tensor
     * @param sampleWeight weights as described, or null for 1 each
     */
    @Override
    public void updateState(Tensor values, Tensor sampleWeight) {
        try (TensorScope scope = TensorScope.open(); NoGrad noGrad = NoGrad.open()) {
            Tensor v = values.toType(DType.FLOAT64);
            if (sampleWeight == null) {
                total += perSample(v).sum().item();
                count += v.rank() == 0 ? 1 : v.shape().get(0);
                return;
            }
            RankAlignment.Aligned aligned = RankAlignment.squeezeOrExpand(v, sampleWeight.toType(DType.FLOAT64));
            Tensor w = aligned.second();
            v = meanOverAxesFrom(aligned.first(), w.rank());
            checkBroadcast(w.shape(), v.shape());
            total += perSample(v.mul(w)).sum().item();
            double weightSum = perSample(w).sum().item();
            // Broadcasting repeats a weight of batch size 1 over every sample.
            count += w.rank() == 0 ? weightSum : weightSum * (v.shape().get(0) / w.shape().get(0));
        }
    }

    /** {@code x} averaged over every axis but the first. */
    private static Tensor perSample(Tensor x) {
        return meanOverAxesFrom(x, 1);
    }

    private static Tensor meanOverAxesFrom(Tensor x, int firstAxis) {
        if (x.rank() <= firstAxis) {
            return x;
        }
        int[] axes = new int[x.rank() - firstAxis];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = firstAxis + i;
        }
        return x.mean(axes, false);
    }

    private void checkBroadcast(Shape weights, Shape values) {
        boolean ok = weights.rank() == values.rank();
        for (int i = 0; ok && i < weights.rank(); i++) {
            ok = weights.get(i) == values.get(i) || weights.get(i) == 1;
        }
        if (!ok) {
            throw new IllegalArgumentException("Metric " + name() + ": sample weights of shape " + weights
                    + " do not broadcast to the values of shape " + values + "; pass one weight per sample, "
                    + "e.g. [batch], or a scalar");
        }
    }

    /** {@code total / count}, or 0 when the count is 0 (Keras' {@code divide_no_nan}). */
    @Override
    public double result() {
        return count == 0 ? 0 : total / count;
    }

    @Override
    public void resetState() {
        total = 0;
        count = 0;
    }

    /** {@code [total, count]}. */
    @Override
    public double[] getStateValues() {
        return new double[] {total, count};
    }

    @Override
    public void setStateValues(double[] values) {
        checkStateLength(values, 2);
        total = values[0];
        count = values[1];
    }
}
