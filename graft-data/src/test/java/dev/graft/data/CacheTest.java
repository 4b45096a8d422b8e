package dev.graft.data;

import static dev.graft.data.DatasetTesting.collect;
import static dev.graft.data.DatasetTesting.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.Batch;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Dataset#cache()} and {@link Dataset#cache(Path)}: hits, partial passes, the file format's checks. */
class CacheTest {
    @TempDir
    Path dir;
    private TensorScope scope;
    private Tensor x;
    private Tensor y;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void data() {
        scope = TensorScope.open();
        float[] values = new float[12 * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        x = Tensor.of(values, 12, 2);
        y = Tensor.of(LongStream.range(0, 12).map(i -> i % 3).toArray(), 12);
    }

    @AfterEach
    void free() {
        scope.close();
    }

    /** Examples of 2 x + 1 and the label, counting the calls of the map function. */
    private Dataset<Example> counted() {
        return Dataset.fromTensorSlices(x, y).map(e -> {
            calls.incrementAndGet();
            return e.mapX(v -> v.mul(2).add(1));
        });
    }

    private static List<String> describe(Dataset<Example> ds) {
        return read(ds, e -> java.util.Arrays.toString(e.x().toFloatArray()) + " " + e.y().item() + " "
                + e.y().dtype());
    }

    private List<Path> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void memoryCacheRunsThePipelineOncePerElement() {
        Dataset<Example> cached = counted().cache();
        List<String> first = describe(cached);
        assertEquals(12, calls.get());
        assertEquals(first, describe(cached));
        assertEquals(first, describe(cached));
        assertEquals(12, calls.get(), "later passes read the cache");
        assertEquals("[1.0, 3.0] 0.0 int64", first.get(0), "2 x + 1 of row 0, label 0");
        cached.close();
        assertEquals(first, describe(cached), "after close() a pass rebuilds the cache");
        assertEquals(24, calls.get());
        cached.close();
    }

    @Test
    void aMemoryPassThatStopsEarlyKeepsNothing() {
        Dataset<Example> cached = counted().cache();
        assertEquals(4, describe(cached.take(4)).size());
        assertEquals(12, describe(cached).size());
        assertEquals(4 + 12, calls.get(), "the partial pass left no cache, the full one did");
        describe(cached);
        assertEquals(16, calls.get());
        cached.close();
    }

    @Test
    void diskCacheRunsThePipelineOnceAcrossPassesAndRuns() throws IOException {
        Path file = dir.resolve("train.cache");
        List<String> first = describe(counted().cache(file));
        assertEquals(12, calls.get());
        assertTrue(Files.isRegularFile(file));

        // A new pipeline built alike stands for the next run of the program.
        Dataset<Example> nextRun = counted().cache(file);
        assertEquals(first, describe(nextRun));
        assertEquals(first, describe(nextRun));
        assertEquals(12, calls.get(), "read from the file, the map function never ran");
        assertEquals(List.of(file), filesInDir(), "no temporary file left behind");
    }

    @Test
    void aDiskPassThatStopsEarlyOrFailsLeavesNoFile() throws IOException {
        Path file = dir.resolve("partial.cache");
        assertEquals(5, describe(counted().cache(file).take(5)).size());
        assertEquals(List.of(), filesInDir(), "an unfinished pass leaves neither the cache nor its temporary file");

        Dataset<Example> failing = Dataset.fromTensorSlices(x, y).map(e -> {
            if (e.y().item() == 2) {
                throw new IllegalStateException("label 2 is not wanted");
            }
            return e;
        }).cache(file);
        assertThrows(IllegalStateException.class, () -> describe(failing));
        assertEquals(List.of(), filesInDir());

        Dataset<Example> cached = counted().cache(file);
        try (DatasetIterator<Example> pass = cached.iterator()) {
            for (int i = 0; i < 11; i++) {
                try (TensorScope step = TensorScope.open()) {
                    pass.next();
                }
            }
            assertFalse(Files.exists(file), "not before the pass has completed");
            try (TensorScope step = TensorScope.open()) {
                pass.next();
            }
            assertFalse(pass.hasNext());
            assertTrue(Files.exists(file), "the completed pass renamed its file into place");
        }
    }

    @Test
    void aDamagedFileIsRefusedNotRead() throws IOException {
        Path file = dir.resolve("damaged.cache");
        List<String> good = describe(counted().cache(file));
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long middle = size / 2;
            raf.seek(middle);
            int b = raf.read();
            raf.seek(middle);
            raf.write(b ^ 0x5A);
        }
        IllegalStateException flipped = assertThrows(IllegalStateException.class, () -> describe(counted().cache(file)));
        assertTrue(flipped.getMessage().contains("is damaged"), flipped.getMessage());
        assertTrue(flipped.getMessage().contains("Delete the file"), flipped.getMessage());

        Files.delete(file);
        assertEquals(good, describe(counted().cache(file)), "rebuilt after deleting it");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size - 7);
        }
        IllegalStateException truncated = assertThrows(IllegalStateException.class, () -> counted().cache(file).iterator());
        assertTrue(truncated.getMessage().contains("no end marker"), truncated.getMessage());
    }

    @Test
    void aForeignFileIsRefused() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "These are my notes, not a dataset cache at all.", StandardCharsets.UTF_8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> counted().cache(file).iterator());
        assertTrue(e.getMessage().contains("is not a Graft dataset cache"), e.getMessage());
        assertEquals(0, calls.get());
        assertEquals("These are my notes, not a dataset cache at all.", Files.readString(file), "left untouched");
    }

    @Test
    void aFileOfAnotherPipelineIsRefused() {
        Path file = dir.resolve("shared.cache");
        describe(counted().cache(file));
        Dataset<Example> other = Dataset.fromTensorSlices(x, y).shuffle(12, 1).cache(file);
        IllegalStateException e = assertThrows(IllegalStateException.class, other::iterator);
        assertTrue(e.getMessage().contains("was written by another pipeline"), e.getMessage());
        assertTrue(e.getMessage().contains(".map(CacheTest lambda)"), e.getMessage());
        assertTrue(e.getMessage().contains(".shuffle(12)"), e.getMessage());
    }

    @Test
    void everyDtypeAndElementStructureRoundTrips() throws IOException {
        Path file = dir.resolve("all.cache");
        Tensor f32 = Tensor.of(new float[] {1.5f, -2, 3e-8f, Float.NaN, 5, 6}, 2, 3);
        Tensor f64 = Tensor.of(new double[] {0.1, -1e300}, 2);
        Tensor i64 = Tensor.of(new long[] {Long.MIN_VALUE, 42, Long.MAX_VALUE}, 3);
        Tensor i32 = Tensor.of(new long[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE}, 3, 1).toType(DType.INT32);
        Tensor u8 = Tensor.of(new long[] {0, 127, 255, 3}, 2, 1, 2).toType(DType.UINT8);
        Tensor bool = Tensor.of(new long[] {1, 0, 1}, 3).toType(DType.BOOL);
        Tensor scalar = Tensor.scalar(7);
        Tensor empty = Tensor.zeros(Shape.of(0, 4), DType.FLOAT32);
        List<Object> elements = List.of(
                new Pair<>(Example.of(f32, i64), new Pair<>(f64, i32)),
                new Pair<>(new Batch(List.of(u8, u8), null), Example.of(bool)),
                new Pair<>(Batch.of(f32, f32), new Pair<>(scalar, empty)));
        Dataset<Object> cached = Dataset.fromList(elements).cache(file);
        List<String> written = read(cached, CacheTest::render);
        List<String> reread = read(cached, CacheTest::render);
        assertEquals(List.of(file), filesInDir());
        assertEquals(elements.stream().map(CacheTest::render).toList(), written);
        assertEquals(written, reread);
    }

    /** Structure, dtypes, shapes and values, as text. */
    private static String render(Object element) {
        if (element == null) {
            return "none";
        }
        if (element instanceof Tensor t) {
            return t.dtype() + t.shape().toString() + (t.size() == 0 ? "[]" : java.util.Arrays.toString(t.toDoubleArray()));
        }
        if (element instanceof Example e) {
            return "Example(" + render(e.x()) + ", " + render(e.y()) + ")";
        }
        if (element instanceof Batch b) {
            return "Batch(" + b.inputs().stream().map(CacheTest::render).toList() + ", " + render(b.targets()) + ")";
        }
        Pair<?, ?> p = (Pair<?, ?>) element;
        return "Pair(" + render(p.first()) + ", " + render(p.second()) + ")";
    }

    @Test
    void onlyTensorStructuredElementsGoToDisk() {
        Path file = dir.resolve("longs.cache");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> collect(Dataset.range(3).cache(file)));
        assertTrue(e.getMessage().contains("java.lang.Long"), e.getMessage());
        assertTrue(e.getMessage().contains("cache() in memory"), e.getMessage());
        assertFalse(Files.exists(file));
        assertNull(assertThrows(IllegalArgumentException.class,
                () -> Dataset.range(3).cache(dir.resolve("missing/dir/file")).iterator()).getCause());
        assertArrayEquals(new long[] {0, 1, 2},
                collect(Dataset.range(3).cache()).stream().mapToLong(Long::longValue).toArray());
    }
}
