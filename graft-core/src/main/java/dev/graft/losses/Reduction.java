package dev.graft.losses;

/** How a {@link Loss} turns its per-sample losses into what {@link Loss#call} returns, as in Keras. */
public enum Reduction {
    /** The sum of the per-sample losses divided by their number: the mean over the batch (the default). */
    SUM_OVER_BATCH_SIZE("sum_over_batch_size"),
    /** The sum of the per-sample losses. */
    SUM("sum"),
    /** No reduction: the per-sample losses themselves, e.g. {@code [batch]}. */
    NONE("none");

    private final String kerasName;

    Reduction(String kerasName) {
        this.kerasName = kerasName;
    }

    /** The name Keras uses, e.g. {@code sum_over_batch_size}. */
    public String kerasName() {
        return kerasName;
    }

    @Override
    public String toString() {
        return kerasName;
    }
}
