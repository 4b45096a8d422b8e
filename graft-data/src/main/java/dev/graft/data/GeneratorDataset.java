package dev.graft.data;

import java.util.Iterator;
import java.util.function.Supplier;

/** The elements of a new iterator per pass, as {@code tf.data.Dataset.from_generator}. */
final class GeneratorDataset<T> extends Dataset<T> {
    private final Supplier<? extends Iterator<? extends T>> generator;
    private final long cardinality;

    GeneratorDataset(Supplier<? extends Iterator<? extends T>> generator, long cardinality) {
        if (cardinality < 0 && cardinality != INFINITE && cardinality != UNKNOWN) {
            throw new IllegalArgumentException("fromGenerator: cardinality must be a count >= 0, Dataset.INFINITE "
                    + "or Dataset.UNKNOWN, received " + cardinality);
        }
        this.generator = generator;
        this.cardinality = cardinality;
    }

    @Override
    public long cardinality() {
        return cardinality;
    }

    @Override
    Cursor<T> open() {
        Iterator<? extends T> iterator = generator.get();
        if (iterator == null) {
            throw new IllegalStateException("fromGenerator: the generator " + describe(generator)
                    + " returned null instead of an iterator");
        }
        return new Cursor<>() {
            private long index;
            private boolean done;

            @Override
            public T pull() {
                if (done) {
                    return null;
                }
                T element = Elements.produce(() -> iterator.hasNext() ? nonNull(iterator.next()) : null);
                if (element == null) {
                    close();
                } else {
                    index++;
                }
                return element;
            }

            private T nonNull(T element) {
                if (element == null) {
                    throw new IllegalStateException("fromGenerator: the iterator returned null as element " + index
                            + "; datasets hold no null elements");
                }
                return element;
            }

            @Override
            public void close() {
                if (done) {
                    return;
                }
                done = true;
                if (iterator instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException("fromGenerator: closing the iterator failed: " + e, e);
                    }
                }
            }
        };
    }

    @Override
    public String toString() {
        return "fromGenerator(" + describe(generator) + ", cardinality=" + cardinality + ")";
    }
}
