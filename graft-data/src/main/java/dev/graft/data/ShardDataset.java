package dev.graft.data;

/**
 * Every {@code numShards}-th element, starting at {@code index}, as tf.data's {@code shard}; the others are read
 * and freed. Shards with the same {@code numShards} and different indices split the elements without overlap.
 */
final class ShardDataset<T> extends Dataset<T> {
    private final Dataset<T> input;
    private final long numShards;
    private final long index;

    ShardDataset(Dataset<T> input, long numShards, long index) {
        super(input);
        if (numShards < 1) {
            throw new IllegalArgumentException("shard needs numShards >= 1, received " + numShards);
        }
        if (index < 0 || index >= numShards) {
            throw new IllegalArgumentException("shard index must be 0 to " + (numShards - 1) + " for " + numShards
                    + " shards, received " + index);
        }
        this.input = input;
        this.numShards = numShards;
        this.index = index;
    }

    @Override
    public long cardinality() {
        long n = input.cardinality();
        if (n == INFINITE || n == UNKNOWN) {
            return n;
        }
        // positions index, index + numShards, ... below n
        return n <= index ? 0 : (n - index - 1) / numShards + 1;
    }

    @Override
    Cursor<T> open() {
        return Cursor.selecting(input.open(), (element, position) -> position % numShards == index);
    }

    @Override
    public String toString() {
        return input + ".shard(" + numShards + ", " + index + ")";
    }
}
