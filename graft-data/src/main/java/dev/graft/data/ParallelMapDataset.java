package dev.graft.data;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Applies a function on worker threads to a window of up to {@code workers} consecutive elements, and returns
 * the results in input order. The input is read on the caller's thread, so its order never depends on timing.
 */
final class ParallelMapDataset<T, U> extends Dataset<U> {
    private final Dataset<T> input;
    private final Function<? super T, ? extends U> fn;
    private final int workers;

    ParallelMapDataset(Dataset<T> input, Function<? super T, ? extends U> fn, int workers) {
        super(input);
        this.input = input;
        this.fn = fn;
        this.workers = workers;
    }

    @Override
    public long cardinality() {
        return input.cardinality();
    }

    @Override
    Cursor<U> open() {
        return new Pass(input.open());
    }

    /** One element's work: started at most once, either by a worker or, when the pass closes, by nobody. */
    private final class Task implements Runnable {
        final T element;
        final long index;
        final CompletableFuture<U> result = new CompletableFuture<>();
        final AtomicBoolean claimed = new AtomicBoolean();

        Task(T element, long index) {
            this.element = element;
            this.index = index;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                result.complete(MapDataset.apply(fn, element, index));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }

        /** Frees the input if no worker started on it, then, once the workers are stopped, the result. */
        void discardInput() {
            if (claimed.compareAndSet(false, true)) {
                Elements.close(element);
            }
        }

        void discardResult() {
            if (result.isDone() && !result.isCompletedExceptionally()) {
                Elements.close(result.join());
            }
        }
    }

    private final class Pass implements Cursor<U> {
        private final Cursor<T> upstream;
        private final WorkerThreads.Factory threads = WorkerThreads.factory("map");
        private final ExecutorService pool = Executors.newFixedThreadPool(workers, threads);
        private final ArrayDeque<Task> window = new ArrayDeque<>();
        private long nextIndex;
        private boolean upstreamDone;
        private boolean closed;

        Pass(Cursor<T> upstream) {
            this.upstream = upstream;
        }

        @Override
        public U pull() {
            if (closed) {
                return null;
            }
            fill();
            Task head = window.peek();
            if (head == null) {
                return null;
            }
            U result = await(head); // on failure the task stays in the window, for close() to free
            window.poll();
            try {
                fill(); // keeps the workers busy while the caller uses this result
            } catch (RuntimeException | Error e) {
                Elements.close(result);
                throw e;
            }
            return result;
        }

        private void fill() {
            while (!upstreamDone && window.size() < workers) {
                T element = upstream.pull();
                if (element == null) {
                    upstreamDone = true;
                    return;
                }
                Task task = new Task(element, nextIndex++);
                window.add(task);
                pool.execute(task);
            }
        }

        private U await(Task task) {
            try {
                return task.result.get();
            } catch (ExecutionException e) {
                // MapDataset.apply already names the element; rethrown here so the trace shows this thread too.
                Throwable cause = e.getCause();
                if (cause instanceof IllegalStateException failure) {
                    throw new IllegalStateException(failure.getMessage(), failure);
                }
                throw StageFailure.of("map function " + describe(fn), task.index, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for element " + task.index
                        + " of a parallel map", e);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            window.forEach(Task::discardInput);
            WorkerThreads.stop(pool, threads);
            window.forEach(Task::discardResult);
            window.clear();
            upstream.close();
        }
    }

    @Override
    public String toString() {
        // As map(fn): parallelism changes no element, so a disk cache accepts either.
        return input + ".map(" + describe(fn) + ")";
    }
}
