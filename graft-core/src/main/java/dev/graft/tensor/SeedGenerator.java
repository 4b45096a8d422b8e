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

    /**
     * Where this generator is in its sequence, as bytes that {@link #setState} of a generator of the same
     * engine reads back: the next draws after {@code setState(getState())} are the ones this generator would
     * have made. Checkpoints ({@link dev.graft.callbacks.BackupAndRestore}) keep it so that a resumed run
     * drops and augments exactly as the interrupted one would have.
     *
     * @throws IllegalStateException if the generator is closed
     */
    byte[] getState();

    /**
     * Puts this generator where {@link #getState} was taken.
     *
     * @throws IllegalArgumentException if {@code state} was not written by this engine's {@link #getState}
     * @throws IllegalStateException    if the generator is closed
     */
    void setState(byte[] state);

    @Override
    void close();
}
