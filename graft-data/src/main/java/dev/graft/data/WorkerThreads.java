package dev.graft.data;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The daemon threads of a pass, named {@code graft-dataset-<stage>-<pass>-<n>}. */
final class WorkerThreads {
    private static final AtomicLong PASSES = new AtomicLong();

    private WorkerThreads() {
    }

    /** A factory for the threads of one pass of one stage; it remembers them so that they can be joined. */
    static Factory factory(String stage) {
        return new Factory(Dataset.THREAD_PREFIX + stage + "-" + PASSES.incrementAndGet() + "-");
    }

    /** Makes named daemon threads and remembers them. */
    static final class Factory implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        private Factory(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        }
    }

    /**
     * Waits until {@code pool}'s threads have ended, after interrupting them. A worker inside a function ends
     * when the function returns; an interrupt of the waiting thread is kept for its caller.
     */
    static void stop(ExecutorService pool, Factory factory) {
        pool.shutdownNow();
        // A terminated pool's last worker may still be on its way out: join every thread it made.
        for (Thread thread : factory.threads) {
            stop(thread);
        }
    }

    /** Interrupts {@code thread} and waits until it has ended, keeping an interrupt of the waiting thread. */
    static void stop(Thread thread) {
        thread.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
