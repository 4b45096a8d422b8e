package dev.graft.data.datasets;

/**
 * How TFDS cuts a split's ordered examples into shard files ({@code core/utils/shard_utils.py}
 * {@code ShardConfig.get_number_shards} and {@code core/writer.py} {@code _get_shard_boundaries}). Shards matter to
 * readers because TFDS reads a slice by interleaving its shards (see {@link TfdsReadOrder}).
 */
final class TfdsShards {
    static final long MIN_SHARD_SIZE = 64L << 20;
    static final long MAX_SHARD_SIZE = 1024L << 20;
    /** Bytes TFRecord adds to each record. */
    static final long RECORD_OVERHEAD = 16;
    private static final int TPU_POD_SHARDS = 1024;
    private static final int[] POWERS_OF_TWO = {512, 256, 128, 64, 32, 16, 8, 4, 2};

    private TfdsShards() {
    }

    /**
     * The number of shards for {@code numExamples} serialized examples of {@code totalSize} bytes: shards of 64 MiB
     * to 1 GiB, 1024 of them (or a multiple) for very large splits, else the largest fitting power of two, else 1.
     */
    static int numberOfShards(long totalSize, long numExamples) {
        long total = totalSize + numExamples * RECORD_OVERHEAD;
        long maxShards = total / MIN_SHARD_SIZE;
        long minShards = total / MAX_SHARD_SIZE;
        if (minShards <= TPU_POD_SHARDS && TPU_POD_SHARDS <= maxShards && numExamples >= TPU_POD_SHARDS) {
            return TPU_POD_SHARDS;
        }
        if (minShards > TPU_POD_SHARDS) {
            // TFDS loops until it finds a multiple; where none can exist (fewer examples) it would loop forever.
            for (long n = 2L * TPU_POD_SHARDS; n <= numExamples; n += TPU_POD_SHARDS) {
                if (n >= minShards) {
                    return (int) n;
                }
            }
            return 1;
        }
        for (int n : POWERS_OF_TWO) {
            if (minShards <= n && n <= maxShards && numExamples >= n) {
                return n;
            }
        }
        return 1;
    }

    /** The examples per shard: shard {@code i} ends at {@code round(numExamples * (i + 1) / numShards)}, ties to even. */
    static int[] shardLengths(int numExamples, int numShards) {
        if (numShards < 1 || numExamples < numShards) {
            throw new IllegalArgumentException("Cannot cut " + numExamples + " examples into " + numShards + " shards");
        }
        int[] lengths = new int[numShards];
        int previous = 0;
        for (int i = 1; i <= numShards; i++) {
            int boundary = (int) Math.rint(numExamples * ((double) i / numShards));
            lengths[i - 1] = boundary - previous;
            previous = boundary;
        }
        return lengths;
    }
}
