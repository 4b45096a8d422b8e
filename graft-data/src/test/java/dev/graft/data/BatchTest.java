package dev.graft.data;

import static dev.graft.data.DatasetTesting.collect;
import static dev.graft.data.DatasetTesting.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.Batch;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Dataset#batch} and {@link Dataset#unbatch()}: shapes, remainders, element types, round trips. */
class BatchTest {
    private TensorScope scope;
    private Tensor images;
    private Tensor labels;

    @BeforeEach
    void data() {
        scope = TensorScope.open();
        // 10 "images" [2, 3, 1] whose values are 6 * index + position, and scalar labels index % 4.
        float[] values = new float[10 * 6];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        images = Tensor.of(values, 10, 2, 3, 1);
        labels = Tensor.of(LongStream.range(0, 10).map(i -> i % 4).toArray(), 10);
    }

    @AfterEach
    void free() {
        scope.close();
    }

    @Test
    void examplesStackIntoBatchesAndScalarLabelsIntoVectors() {
        Dataset<Batch> batches = Dataset.fromTensorSlices(images, labels).batch(4);
        List<String> shapes = read(batches, b -> b.inputs().get(0).shape() + " " + b.targets().shape());
        assertEquals(List.of("(4, 2, 3, 1) (4,)", "(4, 2, 3, 1) (4,)", "(2, 2, 3, 1) (2,)"), shapes,
                "the last, partial batch is kept");
        List<long[]> targets = read(batches, b -> b.targets().toLongArray());
        assertArrayEquals(new long[] {0, 1, 2, 3}, targets.get(0));
        assertArrayEquals(new long[] {0, 1}, targets.get(2), "labels 8 % 4 and 9 % 4");
        List<float[]> inputs = read(batches, b -> b.inputs().get(0).toFloatArray());
        assertArrayEquals(java.util.Arrays.copyOfRange(images.toFloatArray(), 48, 60), inputs.get(2),
                "the last batch holds images 8 and 9");
        assertEquals(DType.INT64, read(batches, b -> b.targets().dtype()).get(0));
    }

    @Test
    void dropRemainderDropsTheLastPartialBatch() {
        List<Long> sizes = read(Dataset.fromTensorSlices(images, labels).batch(4, true), Batch::size);
        assertEquals(List.of(4L, 4L), sizes);
        assertEquals(List.of(), read(Dataset.fromTensorSlices(images, labels).batch(11, true), Batch::size));
    }

    @Test
    void tensorsAndExamplesWithoutTargetsStackIntoBatchesWithoutTargets() {
        List<String> fromTensors = read(Dataset.fromTensorSlices(images).batch(6),
                b -> b.inputs().get(0).shape() + " " + b.targets());
        assertEquals(List.of("(6, 2, 3, 1) null", "(4, 2, 3, 1) null"), fromTensors);
        List<Batch> noTargets = read(Dataset.fromTensorSlices(images).map(Example::of).batch(10), b -> b);
        assertNull(noTargets.get(0).targets());
    }

    @Test
    void batchThenUnbatchGivesBackTheExamples() {
        Dataset<Example> examples = Dataset.fromTensorSlices(images, labels);
        Dataset<Example> roundTrip = examples.batch(3).unbatch();
        List<String> expected = read(examples, BatchTest::render);
        List<String> actual = read(roundTrip, BatchTest::render);
        assertEquals(10, actual.size());
        assertEquals(expected, actual);
        assertEquals("(2, 3, 1) [0.0, 1.0, 2.0, 3.0, 4.0, 5.0] () 0", actual.get(0));
        assertEquals(read(Dataset.fromTensorSlices(images).map(Example::of), BatchTest::render),
                read(Dataset.fromTensorSlices(images).batch(4).unbatch(), BatchTest::render),
                "batches without targets give examples without targets");
    }

    private static String render(Example e) {
        return e.x().shape() + " " + java.util.Arrays.toString(e.x().toFloatArray()) + " "
                + (e.hasTarget() ? e.y().shape() + " " + e.y().toLongArray()[0] : "no target");
    }

    @Test
    void otherElementsNeedAStacker() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> collect(Dataset.range(5).batch(2)));
        assertTrue(e.getMessage().contains("java.lang.Long"), e.getMessage());
        assertTrue(e.getMessage().contains("batch(n, elements -> ...)"), e.getMessage());

        List<Long> sums = collect(Dataset.range(7).batch(3, group -> group.stream().mapToLong(Long::longValue).sum()));
        assertEquals(List.of(0L + 1 + 2, 3L + 4 + 5, 6L), sums);
        assertEquals(List.of(3L, 12L), collect(Dataset.range(7).batch(3, true,
                group -> group.stream().mapToLong(Long::longValue).sum())));
    }

    @Test
    void elementsOfDifferentShapesAreNamed() {
        Tensor small = Tensor.zeros(Shape.of(2, 2), DType.FLOAT32);
        Tensor large = Tensor.zeros(Shape.of(3, 2), DType.FLOAT32);
        Dataset<Batch> mixed = Dataset.fromList(List.of(small, small, large)).batch(3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> read(mixed, b -> b));
        assertTrue(e.getMessage().contains("element 2 is (3, 2) float32"), e.getMessage());

        Dataset<Batch> someTargets = Dataset.fromList(List.of(Example.of(small, labels), Example.of(small))).batch(2);
        IllegalStateException targets = assertThrows(IllegalStateException.class, () -> read(someTargets, b -> b));
        assertTrue(targets.getMessage().contains("1 of the 2 examples"), targets.getMessage());
    }

    @Test
    void unbatchRefusesWhatIsNotABatchOfOneInput() {
        IllegalStateException notBatch = assertThrows(IllegalStateException.class,
                () -> collect(Dataset.fromTensorSlices(images).unbatch()));
        assertTrue(notBatch.getMessage().contains("splits Batch elements"), notBatch.getMessage());
        Dataset<Batch> twoInputs = Dataset.fromList(List.of(new Batch(List.of(images, images), labels)));
        IllegalStateException inputs = assertThrows(IllegalStateException.class, () -> collect(twoInputs.unbatch()));
        assertTrue(inputs.getMessage().contains("has 2 inputs"), inputs.getMessage());
    }

    @Test
    void refusesABatchSizeBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).batch(0));
    }
}
