package dev.graft.training;

import dev.graft.tensor.Device;
import dev.graft.tensor.Tensor;
import java.util.List;

/**
 * One batch for {@code fit}, {@code evaluate} or {@code predict}: the model's inputs (one tensor per model
 * input, e.g. images {@code [batch, height, width, channels]}) and the targets (e.g. labels {@code [batch]}),
 * which {@code predict} does not need.
 * <p>
 * The training loops read each batch inside that step's {@link dev.graft.tensor.TensorScope}: tensors a
 * data source creates while producing the batch are freed when the step ends, and tensors created
 * earlier (a list of batches kept in memory) stay with their creator and can be read every epoch.
 *
 * @param inputs  one tensor per model input, all with the same batch size
 * @param targets the targets, or null when there are none
 */
public record Batch(List<Tensor> inputs, Tensor targets) {

    public Batch {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("A batch needs at least one input tensor");
        }
        inputs = List.copyOf(inputs);
        long size = inputs.get(0).shape().get(0);
        for (Tensor t : inputs) {
            if (t.rank() == 0 || t.shape().get(0) != size) {
                throw new IllegalArgumentException("Every input of a batch needs the same batch size (first "
                        + "axis), received shapes " + inputs.stream().map(Tensor::shape).toList());
            }
        }
        if (targets != null && (targets.rank() == 0 || targets.shape().get(0) != size)) {
            throw new IllegalArgumentException("Targets of shape " + targets.shape() + " do not match the batch "
                    + "size " + size + " of the inputs " + inputs.get(0).shape());
        }
    }

    /** A batch of one input {@code x} and its targets {@code y}. */
    public static Batch of(Tensor x, Tensor y) {
        return new Batch(List.of(x), y);
    }

    /** A batch of one input without targets, for {@code predict}. */
    public static Batch of(Tensor x) {
        return new Batch(List.of(x), null);
    }

    /** The number of examples in this batch. */
    public long size() {
        return inputs.get(0).shape().get(0);
    }

    // ---- added for devices ----

    /**
     * This batch on {@code device}: itself when all its tensors are there already, else a batch of their
     * copies there, created in the caller's {@link dev.graft.tensor.TensorScope}.
     */
    public Batch to(Device device) {
        boolean there = targets == null || targets.device().equals(device);
        for (Tensor t : inputs) {
            there &= t.device().equals(device);
        }
        if (there) {
            return this;
        }
        return new Batch(inputs.stream().map(t -> t.to(device)).toList(),
                targets == null ? null : targets.to(device));
    }
}
