package dev.graft.data;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Helpers shared by the dataset tests. */
final class DatasetTesting {
    private DatasetTesting() {
    }

    /** The elements of one pass, for elements that hold no tensors. */
    static <T> List<T> collect(Dataset<T> dataset) {
        List<T> out = new ArrayList<>();
        dataset.forEach(out::add);
        return out;
    }

    /** One pass, each element read inside a scope of its own (as fit reads batches) and turned into a value. */
    static <T, V> List<V> read(Dataset<T> dataset, Function<T, V> reader) {
        List<V> out = new ArrayList<>();
        try (DatasetIterator<T> pass = dataset.iterator()) {
            while (true) {
                try (TensorScope step = TensorScope.open()) {
                    if (!pass.hasNext()) {
                        break;
                    }
                    out.add(reader.apply(pass.next()));
                }
            }
        }
        return out;
    }

    /** The single value of each scalar tensor element of one pass. */
    static List<Double> scalars(Dataset<Tensor> dataset) {
        return read(dataset, Tensor::item);
    }

    /** A float32 scalar. */
    static Tensor scalar(double value) {
        return Tensor.scalar((float) value);
    }

    /** The live threads that passes start. */
    static List<String> liveWorkerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(Dataset.THREAD_PREFIX))
                .map(Thread::getName)
                .toList();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
