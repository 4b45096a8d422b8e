package dev.graft.bench;

import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.training.Batch;
import java.util.AbstractList;

/**
 * {@code count} distinct batches of random images {@code [batch, size, size, 3]} (uniform 0..255) with random
 * 0/1 labels {@code [batch, 1]}, made when read: batch {@code i} is drawn from seed {@code seed + i}, so no two
 * steps see the same data (no cache of any kind can help a step) and only the batch being used is in memory.
 * The tensors belong to the caller's {@link dev.graft.tensor.TensorScope}, which {@code fit} and
 * {@code predict} open for each step.
 */
final class RandomBatches extends AbstractList<Batch> {
    private final int count;
    private final int imageSize;
    private final boolean withLabels;
    private final long seed;

    RandomBatches(int count, int imageSize, boolean withLabels, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("RandomBatches needs at least one batch, received " + count);
        }
        this.count = count;
        this.imageSize = imageSize;
        this.withLabels = withLabels;
        this.seed = seed;
    }

    @Override
    public Batch get(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("Batch " + index + " of " + count);
        }
        try (SeedGenerator generator = SeedGenerator.of(seed + index)) {
            Tensor images = Tensor.randomUniform(Shape.of(Workload.BATCH, imageSize, imageSize, 3), 0, 255,
                    DType.FLOAT32, generator);
            if (!withLabels) {
                return Batch.of(images);
            }
            Tensor labels = Tensor.randomUniform(Shape.of(Workload.BATCH, 1), 0, 1, DType.FLOAT32, generator)
                    .greaterThan(0.5).toType(DType.FLOAT32);
            return Batch.of(images, labels);
        }
    }

    @Override
    public int size() {
        return count;
    }
}
