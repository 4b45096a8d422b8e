package dev.graft.distributed;

import dev.graft.tensor.TensorScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs ranks as threads of this JVM on a free loopback port (each thread is a process as far as Gloo is concerned). */
final class LoopbackRanks {
    /** What one rank does with its rendezvous; runs inside a TensorScope. */
    @FunctionalInterface
    interface Body<T> {
        T run(Rendezvous rendezvous) throws Exception;
    }

    private LoopbackRanks() {
    }

    /** Runs {@code body} on {@code worldSize} ranks at once; returns each rank's result, by rank. */
    static <T> List<T> run(int worldSize, Duration timeout, Body<T> body) throws Exception {
        int port = Rendezvous.freeLocalPort();
        ExecutorService pool = Executors.newFixedThreadPool(worldSize);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int rank = 0; rank < worldSize; rank++) {
                Rendezvous r = new Rendezvous("127.0.0.1", port, rank, worldSize, timeout);
                futures.add(pool.submit(() -> {
                    try (TensorScope scope = TensorScope.open()) {
                        return body.run(r);
                    }
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
