package dev.graft.training;

import dev.graft.models.Model;
import dev.graft.tensor.Device;
import dev.graft.tensor.DeviceScope;
import dev.graft.tensor.Engine;
import dev.graft.tensor.Variable;
import java.util.Iterator;
import java.util.List;

/**
 * How the training loops read their data when the model lives on a GPU: the data makes its batches on the
 * CPU (decoding, augmenting and stacking there, in its own threads too), and each batch moves to the model's
 * device when a step takes it. On the CPU the data's own iterator is used as it is.
 */
final class DeviceBatches implements Iterator<Batch>, AutoCloseable {
    private final Iterator<Batch> source;
    private final Device target;

    private DeviceBatches(Iterator<Batch> source, Device target) {
        this.source = source;
        this.target = target;
    }

    /** An iterator over {@code data} whose batches are on {@code model}'s device. */
    static Iterator<Batch> iterator(Iterable<Batch> data, Model model) {
        Device target = deviceOf(model);
        if (target.isCpu() && Engine.get().defaultDevice().isCpu()) {
            return data.iterator();
        }
        return over(data, target);
    }

    /** An iterator over {@code data} that makes each batch on the CPU and moves it to {@code target}. */
    static DeviceBatches over(Iterable<Batch> data, Device target) {
        // Worker threads a data set starts here inherit the CPU as their device.
        try (DeviceScope cpu = DeviceScope.open(Device.CPU)) {
            return new DeviceBatches(data.iterator(), target);
        }
    }

    /** Where the model's weights live; the default device for a model without weights. */
    static Device deviceOf(Model model) {
        List<Variable> weights = model.weights();
        return weights.isEmpty() ? Engine.get().defaultDevice() : weights.get(0).value().device();
    }

    @Override
    public boolean hasNext() {
        // A data set may produce the next batch while answering.
        try (DeviceScope cpu = DeviceScope.open(Device.CPU)) {
            return source.hasNext();
        }
    }

    @Override
    public Batch next() {
        Batch batch;
        try (DeviceScope cpu = DeviceScope.open(Device.CPU)) {
            batch = source.next();
        }
        return batch.to(target);
    }

    /** Closes the data's iterator when it holds resources (worker threads). */
    @Override
    public void close() throws Exception {
        if (source instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
