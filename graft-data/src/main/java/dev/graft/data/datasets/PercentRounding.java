package dev.graft.data.datasets;

/**
 * How a percent boundary of a split slice becomes an example index, as TFDS' {@code ReadInstruction(rounding=)}.
 */
public enum PercentRounding {
    /**
     * {@code round(p * n / 100)} with Python's rounding (half to even): each boundary as close to the percentage
     * as possible. TFDS' default.
     */
    CLOSEST,
    /**
     * {@code p * floor(n / 100)}: every percent holds the same number of examples, and up to 99 examples at the
     * end are never read. Forbidden on splits of fewer than 100 examples.
     */
    PCT1_DROPREMAINDER
}
