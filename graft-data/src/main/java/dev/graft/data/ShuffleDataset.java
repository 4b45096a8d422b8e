package dev.graft.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Shuffles with a bounded buffer, as {@code tf.data}: the buffer is filled with the next elements, and each
 * element returned is a uniform draw from it, replaced by the next input element.
 */
final class ShuffleDataset<T> extends Dataset<T> {
    private final Dataset<T> input;
    private final int bufferSize;
    private final long seed;
    private final boolean reshuffleEachIteration;
    /** Draws one seed per pass, so the sequence of orders depends on the seed alone. */
    private Random passSeeds;

    ShuffleDataset(Dataset<T> input, int bufferSize, long seed, boolean reshuffleEachIteration) {
        super(input);
        if (bufferSize < 1) {
            throw new IllegalArgumentException("shuffle bufferSize must be >= 1, received " + bufferSize);
        }
        this.input = input;
        this.bufferSize = bufferSize;
        this.seed = seed;
        this.reshuffleEachIteration = reshuffleEachIteration;
        this.passSeeds = new Random(seed);
    }

    @Override
    public long cardinality() {
        return input.cardinality();
    }

    private long nextPassSeed() {
        if (!reshuffleEachIteration) {
            return seed;
        }
        synchronized (this) {
            return passSeeds.nextLong();
        }
    }

    /** Replays the seeds of the first {@code opens} passes, so the next pass draws the order it drew then. */
    @Override
    void seekOpens(long opens) {
        Random replay = new Random(seed);
        if (reshuffleEachIteration) {
            for (long i = 0; i < opens; i++) {
                replay.nextLong();
            }
        }
        synchronized (this) {
            passSeeds = replay;
        }
        super.seekOpens(opens);
    }

    @Override
    boolean hasPassState() {
        return reshuffleEachIteration || super.hasPassState();
    }

    @Override
    Cursor<T> open() {
        Random random = new Random(nextPassSeed());
        Cursor<T> upstream = input.open();
        return new Cursor<>() {
            private final List<T> buffer = new ArrayList<>();
            private boolean upstreamDone;

            @Override
            public T pull() {
                while (!upstreamDone && buffer.size() < bufferSize) {
                    T element = upstream.pull();
                    if (element == null) {
                        upstreamDone = true;
                    } else {
                        buffer.add(element);
                    }
                }
                if (buffer.isEmpty()) {
                    return null;
                }
                int last = buffer.size() - 1;
                int pick = random.nextInt(buffer.size());
                T element = buffer.get(pick);
                buffer.set(pick, buffer.get(last));
                buffer.remove(last);
                return element;
            }

            @Override
            public void close() {
                buffer.forEach(Elements::close);
                buffer.clear();
                upstream.close();
            }
        };
    }

    @Override
    public String toString() {
        // Not the seed: a disk cache after a shuffle must accept the next run's (unseeded) pipeline.
        return input + ".shuffle(" + bufferSize + (reshuffleEachIteration ? "" : ", reshuffleEachIteration=false")
                + ")";
    }
}
