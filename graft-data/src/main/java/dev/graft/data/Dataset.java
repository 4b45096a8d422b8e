package dev.graft.data;

import dev.graft.tensor.Tensor;
import dev.graft.training.Batch;
import dev.graft.training.SeekableData;
import dev.graft.utils.LazySpliterator;
import dev.graft.utils.RandomSeed;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A lazy pipeline of elements, as {@code tf.data.Dataset}: a source ({@link #fromTensorSlices(Tensor, Tensor)},
 * {@link #fromList(List)}, {@link #fromGenerator(Supplier, long)}, {@link #range(long)}) followed by
 * transformations, each returning a new dataset. Nothing runs until the dataset is iterated, and it can be
 * iterated any number of times (one pass per {@link #iterator()}):
 * <pre>{@code
 * Dataset<Batch> train = Dataset.fromTensorSlices(images, labels)   // Example: [h, w, 3] and a scalar
 *         .shuffle(1000, 42)
 *         .map(e -> e.mapX(x -> x.div(255)), Dataset.AUTOTUNE)
 *         .batch(32)                                                // Batch: [32, h, w, 3] and [32]
 *         .prefetch(2);
 * model.fit(train, FitOptions.builder().optEpochs(10).optValidationData(validation).build());
 * }</pre>
 *
 * <h2>Elements</h2>
 * An element is a {@link Tensor}, a record of elements ({@link Example}, {@link Batch}, {@link Pair} or one of
 * your own), a {@link List} or {@link java.util.Map} of elements, or a value that holds no tensors (a {@code Long}, a
 * {@code Path}). Elements are never null.
 *
 * <h2>Who frees what</h2>
 * <ul>
 * <li>Every element an iterator returns holds tensor handles that the caller owns. When the caller has a
 *     {@link dev.graft.tensor.TensorScope} open (as {@code fit} does for each step), they are registered with
 *     it and freed when it closes, whichever thread made them; otherwise the caller closes them.</li>
 * <li>Functions given to {@link #map}, {@link #filter} and {@link #batch(int, Function)} run inside a scope
 *     of their own, on a worker thread or the caller's: what they create and do not return is freed at once.
 *     A {@code map} function receives its input to consume: the input's tensors that the result does not
 *     hold are freed after the call, so return new tensors or tensors of the input, never tensors the
 *     function captured from outside (return {@code t.detach()}, a fresh handle, for those).</li>
 * <li>Stages that hand out stored data ({@link #fromList}, {@link #cache()}) hand out fresh handles on it
 *     ({@link Tensor#detach()}, which copies nothing), so freeing an element never breaks a later pass.
 *     The tensors given to {@link #fromList} and {@link #fromTensorSlices} stay their caller's.</li>
 * <li>A generator's iterators ({@link #fromGenerator}) create each element's tensors in {@code hasNext()}
 *     or {@code next()}; the dataset then owns them.</li>
 * <li>{@link #close()} frees what the dataset keeps between passes (caches), in this stage and the stages it
 *     was built from; close it after its last pass.</li>
 * </ul>
 *
 * <h2>Threads and order</h2>
 * {@link #map(Function, int)} and {@link #prefetch(int)} work on daemon threads that belong to one pass and end
 * with it. Elements always come out in the order of the input, so a pipeline with a seed gives the same
 * elements in the same order in every run, with or without them. An exception on a worker surfaces on the
 * caller's thread, from {@code hasNext()} or {@code next()}, as an {@link IllegalStateException} that names the
 * element and wraps the cause; the pass then stops its threads.
 *
 * <h2>Resuming</h2>
 * A dataset counts its passes and can replay any of them ({@link SeekableData}), which is how {@code fit}
 * resumes an interrupted run: after {@link #seekPass seekPass(k)}, a freshly built pipeline gives pass
 * {@code k}'s elements in pass {@code k}'s order, each seeded {@link #shuffle(int, long) shuffle} drawing the
 * order it drew then. This holds for pipelines whose passes are read to the end or cut by {@code fit}'s
 * steps per epoch, with stages that are opened once per pass, a fixed number of times ({@code repeat(n)}), or
 * only until a cache is complete; a {@link #fromGenerator generator} must give the same elements every pass.
 *
 * @param <T> the element type
 */
public abstract class Dataset<T> implements Iterable<T>, AutoCloseable, SeekableData {
    /** The {@link #cardinality()} of a dataset that never ends, as {@code tf.data.INFINITE_CARDINALITY}. */
    public static final long INFINITE = -1;
    /** The {@link #cardinality()} of a dataset whose length is only known by reading it. */
    public static final long UNKNOWN = -2;
    /**
     * Lets Graft choose: for {@link #map(Function, int)} one worker per processor, for {@link #prefetch(int)}
     * a buffer of {@value #AUTOTUNE_PREFETCH} elements. Unlike tf.data, Graft does not tune these while running.
     */
    public static final int AUTOTUNE = -1;
    static final int AUTOTUNE_PREFETCH = 2;
    /** The name prefix of every thread a pass starts. */
    static final String THREAD_PREFIX = "graft-dataset-";

    private final List<Dataset<?>> inputs;
    /** The passes started through {@link #iterator()}. */
    private long passes;

    /** Datasets are made by the factories and operations of this class only. */
    Dataset(Dataset<?>... inputs) {
        this.inputs = List.of(inputs);
    }

    // ---- sources ----------------------------------------------------------------------------------

    /**
     * The elements of {@code elements}, in order. The list is copied; its tensors stay the caller's, and each
     * pass hands out fresh handles on them.
     */
    public static <T> Dataset<T> fromList(List<? extends T> elements) {
        return new ListDataset<>(elements);
    }

    /**
     * The elements of the iterators {@code generator} supplies, one iterator per pass, as
     * {@code tf.data.Dataset.from_generator}. An iterator that is {@link AutoCloseable} is closed when its pass
     * ends.
     *
     * @param cardinality the number of elements each iterator gives, or {@link #INFINITE} or {@link #UNKNOWN}
     */
    public static <T> Dataset<T> fromGenerator(Supplier<? extends Iterator<? extends T>> generator,
            long cardinality) {
        return new GeneratorDataset<>(generator, cardinality);
    }

    /** The elements of the iterators {@code generator} supplies, of {@link #UNKNOWN} number. */
    public static <T> Dataset<T> fromGenerator(Supplier<? extends Iterator<? extends T>> generator) {
        return fromGenerator(generator, UNKNOWN);
    }

    /**
     * The slices of {@code x} {@code [samples, ...]} along its first axis, each {@code [...]}. The slices are
     * views of {@code x}, which stays the caller's.
     */
    public static Dataset<Tensor> fromTensorSlices(Tensor x) {
        return SlicesDataset.of(x);
    }

    /**
     * Examples pairing the slices of {@code x} {@code [samples, ...]} and {@code y} {@code [samples, ...]} along
     * their first axis: e.g. images {@code [samples, height, width, channels]} and labels {@code [samples]}
     * give examples of an image {@code [height, width, channels]} and a scalar label. The slices are views of
     * {@code x} and {@code y}, which stay the caller's.
     */
    public static Dataset<Example> fromTensorSlices(Tensor x, Tensor y) {
        return SlicesDataset.of(x, y);
    }

    /** The numbers {@code 0, 1, ..., n - 1}. */
    public static Dataset<Long> range(long n) {
        return range(0, n);
    }

    /** The numbers {@code start, start + 1, ..., end - 1}; none when {@code end <= start}. */
    public static Dataset<Long> range(long start, long end) {
        return new RangeDataset(start, end);
    }

    // ---- transformations --------------------------------------------------------------------------

    /**
     * Applies {@code fn} to each element, on the calling thread. {@code fn} consumes its input (see the class
     * notes on freeing) and must not return null.
     */
    public <U> Dataset<U> map(Function<? super T, ? extends U> fn) {
        return new MapDataset<>(this, fn);
    }

    /**
     * Applies {@code fn} to up to {@code numParallelCalls} elements at once on worker threads, keeping the
     * input order. At most {@code numParallelCalls} elements are in flight.
     *
     * @param numParallelCalls the number of workers, or {@link #AUTOTUNE} for one per processor; 1 maps on the
     *                         calling thread
     */
    public <U> Dataset<U> map(Function<? super T, ? extends U> fn, int numParallelCalls) {
        int workers = numParallelCalls == AUTOTUNE ? Runtime.getRuntime().availableProcessors() : numParallelCalls;
        if (workers < 1) {
            throw new IllegalArgumentException("numParallelCalls must be >= 1 or Dataset.AUTOTUNE, received "
                    + numParallelCalls);
        }
        return workers == 1 ? map(fn) : new ParallelMapDataset<>(this, fn, workers);
    }

    /**
     * Keeps the elements for which {@code predicate} holds; the others are freed. The predicate reads the
     * element and must neither keep nor close it.
     */
    public Dataset<T> filter(Predicate<? super T> predicate) {
        return new FilterDataset<>(this, predicate);
    }

    /**
     * Groups consecutive elements into batches of {@code batchSize}, the last one smaller if the elements run
     * out. {@link Example}s stack into {@code Batch.of(x, y)}, their inputs into {@code [batch, ...]} and their
     * targets likewise (scalar labels into {@code [batch]}); {@link Tensor}s stack into a batch without
     * targets. For other elements give a stacker: {@link #batch(int, Function)}.
     */
    public Dataset<Batch> batch(int batchSize) {
        return batch(batchSize, false);
    }

    /** Like {@link #batch(int)}; with {@code dropRemainder} a last batch smaller than {@code batchSize} is dropped. */
    public Dataset<Batch> batch(int batchSize, boolean dropRemainder) {
        return new BatchDataset<>(this, batchSize, dropRemainder, Stacking::toBatch, null);
    }

    /**
     * Groups consecutive elements into lists of up to {@code batchSize} and turns each list into one element
     * with {@code stacker}, which consumes the elements (see the class notes on freeing).
     */
    public <B> Dataset<B> batch(int batchSize, Function<? super List<T>, ? extends B> stacker) {
        return batch(batchSize, false, stacker);
    }

    /** Like {@link #batch(int, Function)}; with {@code dropRemainder} a smaller last group is dropped. */
    public <B> Dataset<B> batch(int batchSize, boolean dropRemainder, Function<? super List<T>, ? extends B> stacker) {
        return new BatchDataset<>(this, batchSize, dropRemainder, stacker, describe(stacker));
    }

    /**
     * Splits each {@link Batch} element (one input) into its {@link Example}s, the inverse of {@link #batch(int)}:
     * inputs {@code [batch, ...]} and targets {@code [batch, ...]} give examples of {@code [...]}. The examples
     * are views of the batch.
     */
    public Dataset<Example> unbatch() {
        return new UnbatchDataset(this);
    }

    /**
     * Shuffles with a buffer of {@code bufferSize} elements: each element comes from a uniform draw among the
     * next {@code bufferSize} not yet returned, as {@code tf.data}; a buffer at least as large as the dataset
     * shuffles it completely. Each pass draws a new order. The seed comes from
     * {@link RandomSeed}, so {@code RandomSeed.set} makes runs reproducible.
     */
    public Dataset<T> shuffle(int bufferSize) {
        return shuffle(bufferSize, RandomSeed.next());
    }

    /** Like {@link #shuffle(int)} with a seed: every run draws the same sequence of orders. */
    public Dataset<T> shuffle(int bufferSize, long seed) {
        return shuffle(bufferSize, seed, true);
    }

    /**
     * Like {@link #shuffle(int, long)}; without {@code reshuffleEachIteration} every pass has the same order.
     */
    public Dataset<T> shuffle(int bufferSize, long seed, boolean reshuffleEachIteration) {
        return new ShuffleDataset<>(this, bufferSize, seed, reshuffleEachIteration);
    }

    /**
     * Keeps the elements in memory after the first complete pass; later passes read them from there and run
     * nothing before this stage. A pass that stops early keeps nothing. {@link #close()} frees the elements.
     */
    public Dataset<T> cache() {
        return new MemoryCacheDataset<>(this);
    }

    /**
     * Keeps the elements in the file {@code file} after the first complete pass, for this and later runs:
     * when the file exists, every pass reads it and runs nothing before this stage. The file is written under
     * a temporary name and renamed once the pass completes, so a pass that stops early leaves none. Elements
     * must be {@link Tensor}s, {@link Example}s, {@link Batch}es or {@link Pair}s of these. A file written by
     * another pipeline (told by its description, {@link #toString()}) or damaged is refused: delete it. The
     * description names each stage and the class that wrote each function, not the function's code: after
     * editing a function, delete the file yourself.
     */
    public Dataset<T> cache(Path file) {
        return new DiskCacheDataset<>(this, file);
    }

    /**
     * Prepares up to {@code bufferSize} elements ahead on a background thread while the caller works on the
     * current one; memory holds at most {@code bufferSize} elements more than without it.
     *
     * @param bufferSize the number of elements, or {@link #AUTOTUNE}
     */
    public Dataset<T> prefetch(int bufferSize) {
        return new PrefetchDataset<>(this, bufferSize == AUTOTUNE ? AUTOTUNE_PREFETCH : bufferSize);
    }

    /** The first {@code count} elements. */
    public Dataset<T> take(long count) {
        return new TakeDataset<>(this, count);
    }

    /** All but the first {@code count} elements. */
    public Dataset<T> skip(long count) {
        return new SkipDataset<>(this, count);
    }

    /**
     * Every {@code numShards}-th element starting at {@code index}, like tf.data's {@code shard}: in a distributed
     * fit, worker {@code rank} of {@code worldSize} reads {@code shard(worldSize, rank)}. Shard before shuffling
     * with a seed shared by the workers' pipelines, or after a seeded shuffle, so that shards never overlap.
     */
    public Dataset<T> shard(long numShards, long index) {
        return new ShardDataset<>(this, numShards, index);
    }

    /**
     * The elements over and over, a new pass of this dataset each time (a shuffle draws a new order); ends
     * only if a pass gives no element. Give {@code fit} a step count with {@code optStepsPerEpoch}.
     */
    public Dataset<T> repeat() {
        return new RepeatDataset<>(this, -1);
    }

    /** The elements of {@code count} passes, one after the other. */
    public Dataset<T> repeat(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("repeat count must be >= 0, received " + count
                    + "; call repeat() to repeat forever");
        }
        return new RepeatDataset<>(this, count);
    }

    /** Pairs of this dataset's elements and {@code other}'s, until either ends. */
    public <U> Dataset<Pair<T, U>> zip(Dataset<U> other) {
        return new ZipDataset<>(this, other);
    }

    // ---- reading ----------------------------------------------------------------------------------

    /**
     * The number of elements, without reading any, as {@code tf.data.Dataset.cardinality()}: a count,
     * {@link #INFINITE} or {@link #UNKNOWN} (e.g. after {@link #filter}).
     */
    public abstract long cardinality();

    /** Opens one pass. */
    abstract Cursor<T> open();

    /** Starts a pass; close the iterator if you stop before the end (see {@link DatasetIterator}). */
    @Override
    public final DatasetIterator<T> iterator() {
        synchronized (this) {
            passes++;
        }
        return new PassIterator<>(open());
    }

    @Override
    public final synchronized long nextPass() {
        return passes;
    }

    /**
     * Makes the next {@link #iterator()} give pass {@code pass} as a fresh pipeline would have given it after
     * {@code pass} passes: each shuffle below replays its draws of the earlier passes.
     *
     * @throws IllegalStateException if an infinite {@code repeat()} sits above a stage that draws per pass
     *     (such as a shuffle): how often it was opened depends on how much each pass read
     */
    @Override
    public final synchronized void seekPass(long pass) {
        if (pass < 0) {
            throw new IllegalArgumentException("seekPass needs a pass >= 0, received " + pass);
        }
        seekOpens(pass);
        passes = pass;
    }

    /** Puts this stage and those below it where they are after this stage was opened {@code opens} times. */
    void seekOpens(long opens) {
        for (Dataset<?> input : inputs) {
            input.seekOpens(opens);
        }
    }

    /** Whether this stage or one below draws something new each time it is opened (a reshuffle). */
    boolean hasPassState() {
        for (Dataset<?> input : inputs) {
            if (input.hasPassState()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A spliterator that starts a pass only when first advanced. It is {@code SIZED} with the
     * {@link #cardinality()} when that is a count, {@code SIZED} with {@code Long.MAX_VALUE} when the dataset is
     * infinite, and unsized when its length is unknown: this is how {@code fit} learns the steps of an epoch.
     */
    @Override
    public Spliterator<T> spliterator() {
        long n = cardinality();
        int characteristics = Spliterator.ORDERED | Spliterator.NONNULL;
        if (n >= 0 || n == INFINITE) {
            characteristics |= Spliterator.SIZED;
        }
        return new LazySpliterator<>(n >= 0 ? n : Long.MAX_VALUE, characteristics, this::iterator);
    }

    /** Runs {@code action} on every element of one pass, closing the pass even if {@code action} throws. */
    @Override
    public void forEach(Consumer<? super T> action) {
        try (DatasetIterator<T> pass = iterator()) {
            while (pass.hasNext()) {
                action.accept(pass.next());
            }
        }
    }

    /**
     * Frees what this dataset and the datasets it was built from keep between passes (caches). A later pass
     * starts afresh.
     */
    @Override
    public final void close() {
        release();
        for (Dataset<?> input : inputs) {
            input.close();
        }
    }

    /** Frees what this stage keeps between passes; idempotent. */
    void release() {
    }

    /** The pipeline, e.g. {@code range(10).map(MyApp lambda).batch(4, dropRemainder=false)}. */
    @Override
    public abstract String toString();

    /**
     * Names a function for {@link #toString()}: its class, or for a lambda the class that wrote it (the
     * lambda's own class name changes from run to run).
     */
    static String describe(Object fn) {
        String name = fn.getClass().getName();
        int lambda = name.indexOf("$$Lambda");
        String owner = lambda >= 0 ? name.substring(0, lambda) : name;
        String simple = owner.substring(owner.lastIndexOf('.') + 1);
        return lambda >= 0 ? simple + " lambda" : simple;
    }
}
