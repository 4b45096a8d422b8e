package dev.graft.tensor;

/**
 * A seeded source of randomness for random ops (initializers, dropout, augmentation): two generators
 * with the same seed produce the same sequence. Like Keras' {@code SeedGenerator}.
 */
public interface SeedGenerator extends AutoCloseable {

    /** A generator seeded with {@code seed}. */
    static SeedGenerator of(long seed) {
        return Engine.get().seedGenerator(seed);
    }

    /** A generator seeded from the system's entropy. */
    static SeedGenerator unseeded() {
        return of(new java.security.SecureRandom().nextLong());
    }

    /** The seed this generator started from. */
    long seed();

    @Override
    void close();
}
