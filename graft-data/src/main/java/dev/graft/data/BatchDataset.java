package dev.graft.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Groups consecutive elements and turns each group into one element. */
final class BatchDataset<T, B> extends Dataset<B> {
    private final Dataset<T> input;
    private final int batchSize;
    private final boolean dropRemainder;
    private final Function<? super List<T>, ? extends B> stacker;
    private final String stackerName;

    BatchDataset(Dataset<T> input, int batchSize, boolean dropRemainder,
            Function<? super List<T>, ? extends B> stacker, String stackerName) {
        super(input);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, received " + batchSize);
        }
        this.input = input;
        this.batchSize = batchSize;
        this.dropRemainder = dropRemainder;
        this.stacker = stacker;
        this.stackerName = stackerName;
    }

    @Override
    public long cardinality() {
        long n = input.cardinality();
        if (n == INFINITE || n == UNKNOWN) {
            return n;
        }
        return n / batchSize + (n % batchSize == 0 || dropRemainder ? 0 : 1);
    }

    @Override
    Cursor<B> open() {
        Cursor<T> upstream = input.open();
        return new Cursor<>() {
            @Override
            public B pull() {
                List<T> group = new ArrayList<>(batchSize);
                try {
                    while (group.size() < batchSize) {
                        T element = upstream.pull();
                        if (element == null) {
                            break;
                        }
                        group.add(element);
                    }
                } catch (RuntimeException | Error e) {
                    Elements.close(group);
                    throw e;
                }
                if (group.isEmpty() || (dropRemainder && group.size() < batchSize)) {
                    Elements.close(group);
                    return null;
                }
                B batch = Elements.apply(group, stacker);
                if (batch == null) {
                    throw new IllegalStateException("batch: the stacker " + stackerName + " returned null for "
                            + "a group of " + group.size() + " elements");
                }
                return batch;
            }

            @Override
            public void close() {
                upstream.close();
            }
        };
    }

    @Override
    public String toString() {
        return input + ".batch(" + batchSize + ", dropRemainder=" + dropRemainder
                + (stackerName == null ? "" : ", stacker=" + stackerName) + ")";
    }
}
