package dev.graft.data;

import static dev.graft.data.DatasetTesting.liveWorkerThreads;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.testing.ResidentMemory;
import dev.graft.testing.TestJvm;
import dev.graft.training.Batch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who frees what: elements read inside a scope are freed with it (whichever thread made them), stored data
 * survives any number of such passes, and the pipeline frees what it does not hand out.
 */
class OwnershipTest {
    @TempDir
    Path dir;
    /** Six rows [0, 1], [2, 3], ..., owned by the test, outside every scope. */
    private Tensor x;

    @BeforeEach
    void data() {
        x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 2);
    }

    @AfterEach
    void free() {
        x.close();
        assertFalse(TensorScope.isActive(), "a test left a scope open");
        assertEquals(List.of(), liveWorkerThreads());
    }

    /** Three fit-like passes: every element read and checked inside a step scope, and freed by it. */
    private static void assertFitLikePasses(Dataset<Tensor> dataset, float[][] expected) {
        for (int pass = 0; pass < 3; pass++) {
            List<Tensor> handedOut = new ArrayList<>();
            try (DatasetIterator<Tensor> it = dataset.iterator()) {
                int i = 0;
                while (true) {
                    try (TensorScope step = TensorScope.open()) {
                        if (!it.hasNext()) {
                            break;
                        }
                        Tensor element = it.next();
                        handedOut.add(element);
                        assertArrayEquals(expected[i++], element.toFloatArray(), "pass " + pass);
                    }
                }
                assertEquals(expected.length, i, "pass " + pass);
            }
            assertTrue(handedOut.stream().allMatch(Tensor::isClosed), "each step's scope freed its element");
        }
    }

    private static final float[][] ROWS_TIMES_TWO = {{0, 2}, {4, 6}, {8, 10}, {12, 14}, {16, 18}, {20, 22}};

    @Test
    void aListOfStoredTensorsSurvivesPassesThatFreeTheirElements() {
        List<Tensor> stored = List.of(Tensor.of(new float[] {1, 2}, 2), Tensor.of(new float[] {3, 4}, 2));
        try {
            assertFitLikePasses(Dataset.fromList(stored), new float[][] {{1, 2}, {3, 4}});
            assertTrue(stored.stream().noneMatch(Tensor::isClosed), "the list's tensors stay the caller's");
        } finally {
            stored.forEach(Tensor::close);
        }
    }

    @Test
    void memoryAndDiskCachesSurvivePassesThatFreeTheirElements() {
        Dataset<Tensor> inMemory = Dataset.fromTensorSlices(x).map(t -> t.mul(2)).cache();
        assertFitLikePasses(inMemory, ROWS_TIMES_TWO);
        inMemory.close();
        Dataset<Tensor> onDisk = Dataset.fromTensorSlices(x).map(t -> t.mul(2)).cache(dir.resolve("rows.cache"));
        assertFitLikePasses(onDisk, ROWS_TIMES_TWO);
        assertFalse(x.isClosed(), "the sliced tensor stays the caller's");
    }

    @Test
    void elementsMadeOnWorkerThreadsJoinTheCallersScope() {
        assertFitLikePasses(Dataset.fromTensorSlices(x).map(t -> t.mul(2), 3).prefetch(2), ROWS_TIMES_TWO);
        assertFitLikePasses(Dataset.fromTensorSlices(x).map(t -> t.mul(2)).cache().prefetch(2), ROWS_TIMES_TWO);
    }

    @Test
    void withoutAScopeTheCallerOwnsTheElements() {
        List<Tensor> elements = new ArrayList<>();
        Dataset.fromTensorSlices(x).map(t -> t.mul(2), 2).prefetch(1).forEach(elements::add);
        try {
            assertEquals(6, elements.size());
            assertTrue(elements.stream().noneMatch(Tensor::isClosed), "nothing freed them behind the caller's back");
            assertArrayEquals(new float[] {20, 22}, elements.get(5).toFloatArray());
        } finally {
            elements.forEach(Tensor::close);
        }
    }

    @Test
    void mapConsumesItsInputButKeepsWhatTheResultHolds() {
        Tensor y = Tensor.of(new long[] {0, 1, 0, 1, 0, 1}, 6);
        try {
            List<Example> inputs = new CopyOnWriteArrayList<>();
            Dataset<Example> scaled = Dataset.fromTensorSlices(x, y).map(e -> {
                inputs.add(e);
                return e.mapX(v -> v.div(2).add(1));
            }, 2);
            try (DatasetIterator<Example> it = scaled.iterator(); TensorScope step = TensorScope.open()) {
                Example first = it.next();
                // Two workers: the first element's input is not necessarily the first one recorded.
                Example input = inputs.stream().filter(in -> in.y() == first.y()).findFirst()
                        .orElseThrow(() -> new AssertionError("the label passed through as it was"));
                assertTrue(input.x().isClosed(), "the input x the result does not hold was freed after the call");
                assertFalse(first.y().isClosed());
                assertArrayEquals(new float[] {1, 1.5f}, first.x().toFloatArray(), "[0, 1] / 2 + 1");
            }
        } finally {
            y.close();
        }
    }

    @Test
    void filterFreesTheElementsItDrops() {
        List<Tensor> seen = new CopyOnWriteArrayList<>();
        Dataset<Tensor> small = Dataset.fromTensorSlices(x).map(t -> {
            Tensor doubled = t.mul(2);
            seen.add(doubled);
            return doubled;
        }).filter(t -> t.sum().item() < 20);
        // Row i is [2i, 2i + 1]; doubled it sums to 8i + 2: rows 0 to 2 pass, rows 3 to 5 are dropped.
        List<float[]> kept = DatasetTesting.read(small, Tensor::toFloatArray);
        assertEquals(3, kept.size(), "sums 2, 10 and 18");
        assertEquals(6, seen.size());
        assertTrue(seen.stream().allMatch(Tensor::isClosed), "kept ones freed by the steps, dropped ones by filter");
    }

    @Test
    void closingAPassEarlyFreesWhatItHoldsInBuffers() {
        List<Tensor> made = new CopyOnWriteArrayList<>();
        Dataset<Batch> pipeline = Dataset.fromTensorSlices(x).map(t -> {
            Tensor copy = t.add(0);
            made.add(copy);
            return copy;
        }, 2).shuffle(4, 1).batch(2).prefetch(2);
        try (DatasetIterator<Batch> it = pipeline.iterator(); TensorScope step = TensorScope.open()) {
            assertEquals(2, it.next().size());
        }
        assertTrue(made.size() >= 4, "the shuffle buffer was filled: " + made.size());
        assertTrue(made.stream().allMatch(Tensor::isClosed), "the shuffle buffer, window and queue were freed");
    }

    /** An element type of the user's own. */
    private record Squared(Tensor row, Tensor square) {
    }

    @Test
    void recordsOfYourOwnAreWalkedForTheirTensors() {
        Dataset<Squared> squares = Dataset.fromTensorSlices(x).map(t -> new Squared(t, t.square()), 2).cache();
        for (int pass = 0; pass < 2; pass++) {
            List<Squared> handedOut = new ArrayList<>();
            List<String> values = DatasetTesting.read(squares, s -> {
                handedOut.add(s);
                return java.util.Arrays.toString(s.row().toFloatArray()) + java.util.Arrays.toString(s.square().toFloatArray());
            });
            assertEquals("[4.0, 5.0][16.0, 25.0]", values.get(2), "pass " + pass);
            assertTrue(handedOut.stream().allMatch(s -> s.row().isClosed() && s.square().isClosed()),
                    "both components joined the step's scope");
        }
        squares.close();
    }

    @Test
    void storedElementsAreHandedOutAsFreshHandlesOnTheSameData() {
        Tensor stored = Tensor.of(new float[] {5, 6}, 2);
        try (TensorScope step = TensorScope.open()) {
            Tensor handedOut = Dataset.fromList(List.of(Map.of("image", stored))).iterator().next().get("image");
            assertNotSame(stored, handedOut);
            assertArrayEquals(new float[] {5, 6}, handedOut.toFloatArray());
        } finally {
            assertFalse(stored.isClosed());
            stored.close();
        }
    }

    /**
     * Many passes of a pipeline that allocates on worker threads must not grow the process. Each pass maps 32
     * elements of 256 KiB (two 256 KiB intermediates each) on 3 workers, batches and prefetches them: 24 MiB of
     * native allocations a pass, 720 MiB over the 30 measured passes, so keeping even a tenth of them would
     * exceed the 48 MiB bound, which leaves room for the allocator's own settling. It runs in a JVM of its own,
     * as {@code MemoryStabilityTest} explains.
     */
    @Test
    void passesOverAThreadedPipelineKeepResidentMemoryFlat() throws IOException, InterruptedException {
        assumeTrue(ResidentMemory.isAvailable(), "Skipped: resident memory is read from /proc, which only Linux has");
        TestJvm.runStatic(TestJvm.MEMORY_OPTIONS, OwnershipTest.class, "passesOverAThreadedPipeline", 300);
    }

    private static void passesOverAThreadedPipeline() throws IOException {
        try (SeedGenerator g = SeedGenerator.of(4);
                Tensor images = TensorScope.detach(Tensor.randomUniform(Shape.of(32, 256, 256), 0, 1, DType.FLOAT32, g))) {
            Dataset<Batch> pipeline = Dataset.fromTensorSlices(images).map(t -> t.mul(2).add(1).sqrt(), 3)
                    .batch(8).prefetch(2);
            long warm = 0;
            for (int pass = 0; pass < 35; pass++) {
                if (pass == 5) {
                    warm = ResidentMemory.settled();
                }
                assertEquals(4, DatasetTesting.read(pipeline, Batch::size).size());
            }
            long grown = ResidentMemory.settled() - warm;
            assertTrue(grown < 48L << 20, "resident memory grew by " + (grown >> 20) + " MiB over 30 passes");
        }
    }
}
