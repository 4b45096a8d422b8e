package dev.graft.data;

import dev.graft.tensor.TensorScope;
import java.util.function.Predicate;

/** Keeps the elements a predicate accepts and frees the others. */
final class FilterDataset<T> extends Dataset<T> {
    private final Dataset<T> input;
    private final Predicate<? super T> predicate;

    FilterDataset(Dataset<T> input, Predicate<? super T> predicate) {
        super(input);
        this.input = input;
        this.predicate = predicate;
    }

    @Override
    public long cardinality() {
        return UNKNOWN;
    }

    @Override
    Cursor<T> open() {
        return Cursor.selecting(input.open(), this::accepts);
    }

    /** Runs the predicate in a scope of its own, which frees what it computes but not the element. */
    private boolean accepts(T element, long index) {
        try (TensorScope scope = TensorScope.open()) {
            return predicate.test(element);
        } catch (RuntimeException e) {
            throw StageFailure.of("filter predicate " + describe(predicate), index, e);
        }
    }

    @Override
    public String toString() {
        return input + ".filter(" + describe(predicate) + ")";
    }
}
