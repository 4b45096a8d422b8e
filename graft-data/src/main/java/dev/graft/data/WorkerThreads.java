package dev.graft.data;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The daemon threads of a pass, named {@code graft-dataset-<stage>-<pass>-<n>}. */
final class WorkerThreads {
    private static final AtomicLong PASSES = new AtomicLong();

    private WorkerThreads() {
    }

    /** A factory for the threads of one pass of one stage. */
    static ThreadFactory factory(String stage) {
        String prefix = Dataset.THREAD_PREFIX + stage + "-" + PASSES.incrementAndGet() + "-";
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Waits until {@code pool}'s threads have ended, after interrupting them. A worker inside a function ends
     * when the function returns; an interrupt of the waiting thread is kept for its caller.
     */
    static void stop(ExecutorService pool) {
        pool.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.HOURS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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
