package dev.graft.fuzz;

import java.util.Random;

/** A generator of malformed inputs of one family; it may hold files or a server, released by close(). */
interface FuzzInputs extends AutoCloseable {

    /** The family's name, e.g. {@code "images"}. */
    String family();

    /** The {@code index}-th case, its variations drawn from {@code random}. */
    FuzzCase next(int index, Random random) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
