package dev.graft.data;

/** The elements of several passes of the input, or of passes without end. */
final class RepeatDataset<T> extends Dataset<T> {
    private final Dataset<T> input;
    /** The number of passes, or -1 for no end. */
    private final long count;

    RepeatDataset(Dataset<T> input, long count) {
        super(input);
        this.input = input;
        this.count = count;
    }

    @Override
    public long cardinality() {
        long n = input.cardinality();
        if (count < 0) {
            return n == 0 ? 0 : INFINITE;
        }
        if (count == 0) {
            return 0;
        }
        if (n == INFINITE || n == UNKNOWN) {
            return n;
        }
        return Math.multiplyExact(count, n);
    }

    /** A pass of {@code repeat(n)} opens its input {@code n} times; an endless one cannot be replayed. */
    @Override
    void seekOpens(long opens) {
        if (count >= 0) {
            input.seekOpens(Math.multiplyExact(opens, count));
        } else if (opens > 0 && input.hasPassState()) {
            throw new IllegalStateException("Cannot replay pass " + opens + " of " + this + ": an endless repeat() "
                    + "opens its input as often as the earlier passes read, which is not known; shuffle after "
                    + "repeat() (dataset.repeat().shuffle(...)) so the order is drawn once per pass");
        }
    }

    @Override
    Cursor<T> open() {
        return new Cursor<>() {
            private Cursor<T> pass;
            private long passesDone;
            private boolean passGaveElements;
            private boolean done;

            @Override
            public T pull() {
                while (!done) {
                    if (pass == null) {
                        if (count >= 0 && passesDone >= count) {
                            done = true;
                            break;
                        }
                        pass = input.open();
                        passGaveElements = false;
                    }
                    T element = pass.pull();
                    if (element != null) {
                        passGaveElements = true;
                        return element;
                    }
                    pass.close();
                    pass = null;
                    passesDone++;
                    // A pass with no element would make repeat() spin for ever; it ends instead, as tf.data.
                    done = !passGaveElements;
                }
                return null;
            }

            @Override
            public void close() {
                done = true;
                if (pass != null) {
                    Cursor<T> p = pass;
                    pass = null;
                    p.close();
                }
            }
        };
    }

    @Override
    public String toString() {
        return input + (count < 0 ? ".repeat()" : ".repeat(" + count + ")");
    }
}
