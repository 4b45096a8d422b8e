package dev.graft.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the elements of the first complete pass in memory and replays them, as fresh handles, in later passes.
 * A pass that stops early discards what it recorded, as tf.data does, so a cache is never partial.
 */
final class MemoryCacheDataset<T> extends Dataset<T> {
    private final Dataset<T> input;
    /** The recorded elements once a pass completed, else null. */
    private List<T> stored;

    MemoryCacheDataset(Dataset<T> input) {
        super(input);
        this.input = input;
    }

    @Override
    public long cardinality() {
        return input.cardinality();
    }

    /** The cache is filled from the input's first pass, whatever pass reads it first. */
    @Override
    void seekOpens(long opens) {
        super.seekOpens(0);
    }

    @Override
    Cursor<T> open() {
        List<T> complete;
        synchronized (this) {
            complete = stored;
        }
        return complete != null ? Cursor.replaying(complete) : record(input.open());
    }

    private Cursor<T> record(Cursor<T> upstream) {
        return new Cursor<>() {
            private List<T> recorded = new ArrayList<>();

            @Override
            public T pull() {
                if (recorded == null) {
                    return null;
                }
                T element = upstream.pull();
                if (element == null) {
                    publish(recorded);
                    recorded = null;
                    return null;
                }
                recorded.add(element);
                return Elements.produce(() -> Elements.alias(element));
            }

            @Override
            public void close() {
                if (recorded != null) {
                    recorded.forEach(Elements::close);
                    recorded = null;
                }
                upstream.close();
            }
        };
    }

    /** Keeps a complete pass, unless a concurrent pass completed first. */
    private void publish(List<T> elements) {
        boolean kept;
        synchronized (this) {
            kept = stored == null;
            if (kept) {
                stored = elements;
            }
        }
        if (!kept) {
            elements.forEach(Elements::close);
        }
    }

    @Override
    void release() {
        List<T> elements;
        synchronized (this) {
            elements = stored;
            stored = null;
        }
        if (elements != null) {
            elements.forEach(Elements::close);
        }
    }

    @Override
    public String toString() {
        return input + ".cache()";
    }
}
