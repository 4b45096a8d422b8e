package dev.graft.utils;

import java.util.SplittableRandom;

/**
 * The global source of seeds for random work that was given no seed of its own (weight initializers,
 * dropout), like {@code keras.utils.set_random_seed}. Set it once to make a whole program reproducible.
 */
public final class RandomSeed {
    private static SplittableRandom random = new SplittableRandom();

    private RandomSeed() {
    }

    /** Makes every later unseeded random draw reproducible. */
    public static synchronized void set(long seed) {
        random = new SplittableRandom(seed);
    }

    /**
     * The next seed from the global sequence, in [1, 10^9] as Keras draws default seeds, so that a seed
     * written into a saved model reads back in every Keras backend (some hold seeds in 32 bits).
     */
    public static synchronized long next() {
        return random.nextLong(1, 1_000_000_001L);
    }
}
