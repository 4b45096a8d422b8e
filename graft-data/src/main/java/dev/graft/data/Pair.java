package dev.graft.data;

/**
 * Two elements side by side, as {@link Dataset#zip(Dataset)} yields them.
 *
 * @param first  the element of the dataset {@code zip} was called on
 * @param second the element of the dataset it was given
 * @param <A>    the first element's type
 * @param <B>    the second element's type
 */
public record Pair<A, B>(A first, B second) {

    public Pair {
        if (first == null || second == null) {
            throw new IllegalArgumentException("A Pair holds two elements, received " + first + " and " + second);
        }
    }
}
