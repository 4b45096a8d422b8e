package dev.graft.training;

import dev.graft.tensor.Tensor;
import dev.graft.utils.LazySpliterator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Spliterator;

/**
 * In-memory arrays as batches, what Keras does with NumPy arrays: {@code x} ({@code [samples, ...]}) and
 * optional {@code y} are cut into batches of {@code batchSize} along the first axis (the last batch may be
 * smaller). With shuffling on, every pass draws a new order from a generator seeded once, so a run is
 * reproducible; {@link #seekPass} replays the orders, so a resumed run reads the order of any pass. The arrays
 * stay owned by the caller; each batch is a new tensor, created when read.
 */
public final class TensorBatches implements Iterable<Batch>, SeekableData {
    private final Tensor x;
    private final Tensor y;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private Random shuffler;
    private long nextPass;

    /**
     * @param x         inputs {@code [samples, ...]}
     * @param y         targets {@code [samples, ...]}, or null
     * @param batchSize examples per batch
     * @param shuffle   whether each pass visits the examples in a new random order
     * @param seed      the seed of that order
     */
    public TensorBatches(Tensor x, Tensor y, int batchSize, boolean shuffle, long seed) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException("x needs a first (samples) axis, received a scalar");
        }
        if (y != null && (y.rank() == 0 || y.shape().get(0) != x.shape().get(0))) {
            throw new IllegalArgumentException("x and y need the same number of samples, received x of shape "
                    + x.shape() + " and y of shape " + y.shape());
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, received " + batchSize);
        }
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.shuffler = shuffle ? new Random(seed) : null;
    }

    @Override
    public synchronized long nextPass() {
        return nextPass;
    }

    /** Replays the draws of the {@code pass} orders before it, from the seed: cheap, no tensor is touched. */
    @Override
    public synchronized void seekPass(long pass) {
        if (pass < 0) {
            throw new IllegalArgumentException("seekPass needs a pass >= 0, received " + pass);
        }
        if (shuffle) {
            shuffler = new Random(seed);
            for (long p = 0; p < pass; p++) {
                drawOrder();
            }
        }
        nextPass = pass;
    }

    /** The number of samples. */
    public long samples() {
        return x.shape().get(0);
    }

    /** The number of batches in one pass. */
    public long batches() {
        return (samples() + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<Batch> iterator() {
        long[] order = order();
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int n = (int) Math.min(batchSize, order.length - next);
                Batch batch = shuffle ? gather(order, next, n) : slice(next, n);
                next += n;
                return batch;
            }
        };
    }

    /** Knows its size without starting a pass, so sizing the data does not consume a shuffle. */
    @Override
    public Spliterator<Batch> spliterator() {
        return new LazySpliterator<>(batches(), Spliterator.SIZED | Spliterator.ORDERED, this::iterator);
    }

    private synchronized long[] order() {
        nextPass++;
        return drawOrder();
    }

    private long[] drawOrder() {
        long[] order = new long[Math.toIntExact(samples())];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            // Fisher-Yates with the pass's own draws from the seeded generator.
            for (int i = order.length - 1; i > 0; i--) {
                int j = shuffler.nextInt(i + 1);
                long t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private Batch slice(long start, int n) {
        return Batch.of(x.slice(0, start, start + n), y == null ? null : y.slice(0, start, start + n));
    }

    private Batch gather(long[] order, long start, int n) {
        long[] picked = new long[n];
        System.arraycopy(order, (int) start, picked, 0, n);
        try (Tensor indices = Tensor.of(picked, n)) {
            return Batch.of(take(x, indices), y == null ? null : take(y, indices));
        }
    }

    /** The rows {@code indices} of {@code data}, which may live on another device than the indices. */
    private static Tensor take(Tensor data, Tensor indices) {
        try (Tensor local = indices.to(data.device())) {
            return data.take(local, 0);
        }
    }
}
