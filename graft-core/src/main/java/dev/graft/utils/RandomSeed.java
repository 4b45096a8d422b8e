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

    /** The next seed from the global sequence. */
    public static synchronized long next() {
        return random.nextLong();
    }
}
