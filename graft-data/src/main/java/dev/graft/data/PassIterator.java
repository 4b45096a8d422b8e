package dev.graft.data;

import java.util.NoSuchElementException;

/**
 * The iterator {@link Dataset#iterator()} returns: reads one element ahead for {@link #hasNext()}, hands each
 * element to the caller's {@link dev.graft.tensor.TensorScope} on {@link #next()}, and closes the pass when it
 * is exhausted, fails or is closed.
 */
final class PassIterator<T> implements DatasetIterator<T> {
    private Cursor<T> cursor;
    private T ahead;

    PassIterator(Cursor<T> cursor) {
        this.cursor = cursor;
    }

    @Override
    public boolean hasNext() {
        if (ahead != null) {
            return true;
        }
        if (cursor == null) {
            return false;
        }
        try {
            ahead = cursor.pull();
        } catch (RuntimeException | Error e) {
            closeAfter(e);
            throw e;
        }
        if (ahead == null) {
            close();
            return false;
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("This pass over the dataset has no more elements");
        }
        T element = ahead;
        ahead = null;
        // Tensors made on worker threads (or outside the caller's scope) join the caller's scope here.
        Elements.trackInCallerScope(element);
        return element;
    }

    private void closeAfter(Throwable failure) {
        try {
            close();
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        if (ahead != null) {
            T element = ahead;
            ahead = null;
            Elements.close(element);
        }
        if (cursor != null) {
            Cursor<T> c = cursor;
            cursor = null;
            c.close();
        }
    }
}
