package dev.graft.data;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Reads the input on a background thread, up to {@code bufferSize} elements ahead of the caller: the producer
 * takes a permit before reading each element and the caller returns it when it takes the element, so at most
 * {@code bufferSize} elements wait at any time.
 */
final class PrefetchDataset<T> extends Dataset<T> {
    private final Dataset<T> input;
    private final int bufferSize;

    PrefetchDataset(Dataset<T> input, int bufferSize) {
        super(input);
        if (bufferSize < 1) {
            throw new IllegalArgumentException("prefetch bufferSize must be >= 1 or Dataset.AUTOTUNE, received "
                    + bufferSize);
        }
        this.input = input;
        this.bufferSize = bufferSize;
    }

    @Override
    public long cardinality() {
        return input.cardinality();
    }

    @Override
    Cursor<T> open() {
        return new Pass(input.open());
    }

    /** What the producer hands over: an element, the end of the input, or the failure that ended it. */
    private record Item<T>(T element, long index, Throwable failure) {
    }

    private final class Pass implements Cursor<T> {
        private final Cursor<T> upstream;
        private final Semaphore room = new Semaphore(bufferSize);
        private final LinkedBlockingQueue<Item<T>> queue = new LinkedBlockingQueue<>();
        private final Thread producer;
        private volatile boolean stopping;
        private boolean finished;

        Pass(Cursor<T> upstream) {
            this.upstream = upstream;
            this.producer = WorkerThreads.factory("prefetch").newThread(this::produce);
            producer.start();
        }

        private void produce() {
            long index = 0;
            try {
                while (!stopping) {
                    room.acquire();
                    if (stopping) {
                        return;
                    }
                    T element = upstream.pull();
                    queue.add(new Item<>(element, index, null));
                    if (element == null) {
                        return;
                    }
                    index++;
                }
            } catch (InterruptedException e) {
                // close() stops the producer; it frees what the queue holds.
            } catch (Throwable t) {
                queue.add(new Item<>(null, index, t));
            }
        }

        @Override
        public T pull() {
            if (finished) {
                return null;
            }
            Item<T> item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a prefetched element", e);
            }
            room.release();
            if (item.failure() != null) {
                finished = true;
                Throwable cause = item.failure();
                throw StageFailure.of("prefetch (reading the input on a background thread)", item.index(), cause);
            }
            if (item.element() == null) {
                finished = true;
            }
            return item.element();
        }

        @Override
        public void close() {
            if (stopping) {
                return;
            }
            stopping = true;
            finished = true;
            WorkerThreads.stop(producer);
            for (Item<T> item : queue) {
                if (item.element() != null) {
                    Elements.close(item.element());
                }
            }
            queue.clear();
            upstream.close();
        }
    }

    @Override
    public String toString() {
        return input + ".prefetch(" + bufferSize + ")";
    }
}
