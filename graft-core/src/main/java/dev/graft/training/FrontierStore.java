package dev.graft.training;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.SampleHasher.SampleKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The frozen prefix's outputs (the frontier values) per sample, in native memory, under a byte budget: a
 * sample that does not fit is not stored (and is recomputed whenever it comes). Rows are stored as the
 * batches bring them, in blocks that are merged into chunks of up to {@link #CHUNK_ROWS} rows, and read
 * back with one gather per chunk. {@link #close()} frees everything.
 */
final class FrontierStore implements AutoCloseable {
    /** Rows per merged chunk; more would only make the occasional merge copy larger. */
    static final int CHUNK_ROWS = 1024;

    private final long budgetBytes;
    private long usedBytes;
    private final Map<SampleKey, Slot> slots = new HashMap<>();
    /** The blocks stored since the last merge, all with the same row layout. */
    private final List<Chunk> tail = new ArrayList<>();
    private final List<Chunk> merged = new ArrayList<>();

    FrontierStore(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** Where a sample's row lives. */
    private static final class Slot {
        Chunk chunk;
        int row;

        Slot(Chunk chunk, int row) {
            this.chunk = chunk;
            this.row = row;
        }
    }

    /** One tensor {@code [rows, ...]} per frontier tensor, and the slots that point into it. */
    private record Chunk(List<Tensor> columns, List<Slot> slots, String layout) {
        int rows() {
            return slots.size();
        }
    }

    /** The number of samples stored. */
    int size() {
        return slots.size();
    }

    long usedBytes() {
        return usedBytes;
    }

    /**
     * The frontier values of these samples, in this order (one tensor {@code [batch, ...]} per frontier tensor,
     * in the current scope), or null unless every one of them is stored (or there are none).
     */
    List<Tensor> gather(SampleKey[] keys) {
        if (keys.length == 0) {
            return null;
        }
        Map<Chunk, List<Integer>> positionsByChunk = new IdentityHashMap<>();
        List<Chunk> chunks = new ArrayList<>();
        for (int b = 0; b < keys.length; b++) {
            Slot slot = slots.get(keys[b]);
            if (slot == null) {
                return null;
            }
            positionsByChunk.computeIfAbsent(slot.chunk, c -> {
                chunks.add(c);
                return new ArrayList<>();
            }).add(b);
        }
        int columns = chunks.get(0).columns().size();
        List<List<Tensor>> pieces = new ArrayList<>();
        long[] batchPositions = new long[keys.length];
        int next = 0;
        for (Chunk chunk : chunks) {
            List<Integer> positions = positionsByChunk.get(chunk);
            long[] rows = new long[positions.size()];
            for (int k = 0; k < rows.length; k++) {
                rows[k] = slots.get(keys[positions.get(k)]).row;
                batchPositions[positions.get(k)] = next++;
            }
            try (Tensor indices = Tensor.of(rows, rows.length)) {
                pieces.add(chunk.columns().stream().map(c -> c.take(indices, 0)).toList());
            }
        }
        if (pieces.size() == 1) {
            return pieces.get(0); // taken in batch order already
        }
        List<Tensor> values = new ArrayList<>();
        try (Tensor order = Tensor.of(batchPositions, batchPositions.length)) {
            for (int c = 0; c < columns; c++) {
                int column = c;
                try (Tensor joined = Tensor.concat(pieces.stream().map(p -> p.get(column)).toList(), 0)) {
                    values.add(joined.take(order, 0));
                }
            }
        }
        pieces.forEach(p -> p.forEach(Tensor::close));
        return values;
    }

    /**
     * Stores the rows of {@code frontier} (one tensor {@code [batch, ...]} per frontier tensor) of the samples
     * not stored yet, as far as the budget allows.
     */
    void put(SampleKey[] keys, List<Tensor> frontier) {
        long rowBytes = 0;
        for (Tensor t : frontier) {
            rowBytes += t.shape().dropFirst().size() * t.dtype().byteSize();
        }
        List<Integer> picked = new ArrayList<>();
        Set<SampleKey> pickedKeys = new HashSet<>();
        for (int b = 0; b < keys.length && usedBytes + rowBytes <= budgetBytes; b++) {
            if (!slots.containsKey(keys[b]) && pickedKeys.add(keys[b])) {
                picked.add(b);
                usedBytes += rowBytes;
            }
        }
        if (picked.isEmpty()) {
            return;
        }
        List<Tensor> columns = new ArrayList<>();
        try (Tensor indices = Tensor.of(picked.stream().mapToLong(Integer::longValue).toArray(), picked.size())) {
            for (Tensor t : frontier) {
                columns.add(TensorScope.detach(t.take(indices, 0)));
            }
        }
        String layout = frontier.stream().map(t -> t.dtype() + t.shape().dropFirst().toString()).toList().toString();
        Chunk block = new Chunk(columns, new ArrayList<>(), layout);
        for (int k = 0; k < picked.size(); k++) {
            Slot slot = new Slot(block, k);
            block.slots().add(slot);
            slots.put(keys[picked.get(k)], slot);
        }
        if (!tail.isEmpty() && !tail.get(0).layout().equals(layout)) {
            mergeTail();
        }
        tail.add(block);
        if (tail.stream().mapToInt(Chunk::rows).sum() >= CHUNK_ROWS) {
            mergeTail();
        }
    }

    /** Joins the tail's blocks into one chunk (rows kept in order), repointing their slots. */
    private void mergeTail() {
        if (tail.size() == 1) {
            merged.add(tail.remove(0));
            return;
        }
        List<Tensor> columns = new ArrayList<>();
        for (int c = 0; c < tail.get(0).columns().size(); c++) {
            int column = c;
            columns.add(TensorScope.detach(Tensor.concat(tail.stream().map(b -> b.columns().get(column)).toList(), 0)));
        }
        Chunk chunk = new Chunk(columns, new ArrayList<>(), tail.get(0).layout());
        for (Chunk block : tail) {
            for (Slot slot : block.slots()) {
                slot.chunk = chunk;
                slot.row = chunk.rows();
                chunk.slots().add(slot);
            }
            block.columns().forEach(Tensor::close);
        }
        tail.clear();
        merged.add(chunk);
    }

    /** Forgets every sample and frees their rows. */
    void clear() {
        merged.forEach(c -> c.columns().forEach(Tensor::close));
        tail.forEach(c -> c.columns().forEach(Tensor::close));
        merged.clear();
        tail.clear();
        slots.clear();
        usedBytes = 0;
    }

    @Override
    public void close() {
        clear();
    }
}
