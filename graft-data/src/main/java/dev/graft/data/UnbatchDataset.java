package dev.graft.data;

import dev.graft.tensor.Tensor;
import dev.graft.training.Batch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Splits each {@link Batch} into its {@link Example}s, views of the batch's tensors. */
final class UnbatchDataset extends Dataset<Example> {
    private final Dataset<?> input;

    UnbatchDataset(Dataset<?> input) {
        super(input);
        this.input = input;
    }

    @Override
    public long cardinality() {
        // The batch sizes are only known by reading the batches; as tf.data, whose batch sizes are not static.
        long n = input.cardinality();
        return n == INFINITE ? INFINITE : UNKNOWN;
    }

    @Override
    Cursor<Example> open() {
        Cursor<?> upstream = input.open();
        return new Cursor<>() {
            private final ArrayDeque<Example> pending = new ArrayDeque<>();
            private long batches;

            @Override
            public Example pull() {
                while (pending.isEmpty()) {
                    Object element = upstream.pull();
                    if (element == null) {
                        return null;
                    }
                    pending.addAll(split(element, batches++));
                }
                return pending.poll();
            }

            @Override
            public void close() {
                pending.forEach(Example::close);
                pending.clear();
                upstream.close();
            }
        };
    }

    private static List<Example> split(Object element, long index) {
        try {
            if (!(element instanceof Batch batch)) {
                throw new IllegalStateException("unbatch() splits Batch elements, but element " + index + " is a "
                        + element.getClass().getName());
            }
            if (batch.inputs().size() != 1) {
                throw new IllegalStateException("unbatch() splits batches of one input into Examples, but batch "
                        + index + " has " + batch.inputs().size() + " inputs");
            }
            Tensor x = batch.inputs().get(0);
            Tensor y = batch.targets();
            return Elements.produce(() -> {
                List<Example> examples = new ArrayList<>((int) batch.size());
                for (long i = 0; i < batch.size(); i++) {
                    examples.add(new Example(SlicesDataset.row(x, i), y == null ? null : SlicesDataset.row(y, i)));
                }
                return examples;
            });
        } finally {
            // The examples are views: they keep the storage alive after the batch's handles are freed.
            Elements.close(element);
        }
    }

    @Override
    public String toString() {
        return input + ".unbatch()";
    }
}
