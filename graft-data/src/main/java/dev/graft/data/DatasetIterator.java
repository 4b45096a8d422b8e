package dev.graft.data;

import java.util.Iterator;

/**
 * One pass over a {@link Dataset}. It holds what the pass opened (worker threads, files, elements read ahead)
 * until it is exhausted or closed: close an iterator you stop reading early, e.g. with try-with-resources.
 * {@code fit}, {@code evaluate} and {@code predict} close theirs at the end of each pass.
 *
 * @param <T> the element type
 */
public interface DatasetIterator<T> extends Iterator<T>, AutoCloseable {

    /** Ends the pass: stops its threads, closes its files and frees the elements it read ahead. Idempotent. */
    @Override
    void close();
}
