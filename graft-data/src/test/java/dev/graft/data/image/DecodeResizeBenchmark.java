package dev.graft.data.image;

import dev.graft.tensor.Engine;
import dev.graft.tensor.TensorScope;
import dev.graft.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Images per second through {@link ImageDecoder} alone and through decode + resize to 150 x 150 (the
 * Keras guide's input), over the shared cats-and-dogs photos, on 1 and 2 threads. Not a test: run it with
 * the test class path, e.g. {@code java -cp <test class path> dev.graft.data.image.DecodeResizeBenchmark}.
 * Libtorch's own kernels run on one thread, so the Java threads are the only parallelism.
 */
public final class DecodeResizeBenchmark {

    private DecodeResizeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = SharedData.root().resolve("data/cats_and_dogs_filtered");
        if (!Files.isDirectory(root)) {
            System.err.println("Shared photos not found at " + root + "; set " + SharedData.ENV);
            System.exit(2);
        }
        List<Path> photos = SharedPhotosDecodeTest.jpegsUnder(root);
        Engine.get().setNumThreads(1);
        ImageDecoder decoder = new ImageDecoder();
        ImageResizer resize = new ImageResizer(150, 150);
        Consumer<Path> decodeOnly = photo -> decoder.decode(photo);
        Consumer<Path> decodeAndResize = photo -> resize.apply(decoder.decode(photo));

        System.out.printf(Locale.ROOT, "%d photos, %d processors, libtorch threads %d%n", photos.size(),
                Runtime.getRuntime().availableProcessors(), Engine.get().numThreads());
        run(photos.subList(0, Math.min(300, photos.size())), 2, decodeAndResize); // warm-up
        for (int threads : new int[] {1, 2}) {
            report("decode", threads, photos.size(), run(photos, threads, decodeOnly));
            report("decode + resize 150x150", threads, photos.size(), run(photos, threads, decodeAndResize));
        }
    }

    private static void report(String what, int threads, int count, double seconds) {
        System.out.printf(Locale.ROOT, "%-24s threads=%d: %d images in %.2f s = %.0f images/s%n", what, threads, count,
                seconds, count / seconds);
    }

    /** Seconds to run {@code work} over every photo, each inside its own TensorScope, on {@code threads}. */
    private static double run(List<Path> photos, int threads, Consumer<Path> work) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            Future<?>[] workers = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                workers[t] = pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < photos.size(); i = next.getAndIncrement()) {
                        try (TensorScope scope = TensorScope.open()) {
                            work.accept(photos.get(i));
                        }
                    }
                    return null;
                });
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdown();
        }
    }
}
