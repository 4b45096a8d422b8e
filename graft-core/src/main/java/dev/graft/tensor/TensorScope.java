package dev.graft.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Frees, when closed, every tensor created inside it on the same thread:
 * <pre>{@code
 * try (var scope = TensorScope.open()) {
 *     Tensor loss = ...;              // intermediates are freed at the end of the block
 *     return scope.keep(result);      // except what is kept: it moves to the enclosing scope
 * }
 * }</pre>
 * Scopes nest. A tensor created outside every scope belongs to its creator, who closes it.
 */
public final class TensorScope implements AutoCloseable {
    private static final ThreadLocal<Deque<TensorScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final Thread owner = Thread.currentThread();
    private List<Tensor> tensors = new ArrayList<>();

    private TensorScope() {
    }

    /** Opens a scope on the calling thread. */
    public static TensorScope open() {
        TensorScope scope = new TensorScope();
        STACK.get().push(scope);
        return scope;
    }

    /** Whether a scope is open on the calling thread. */
    public static boolean isActive() {
        return !STACK.get().isEmpty();
    }

    /**
     * Registers a newly created tensor with the innermost scope of the calling thread, if any.
     * Engines call this for every tensor they create.
     */
    public static void track(Tensor tensor) {
        TensorScope scope = STACK.get().peek();
        if (scope != null) {
            scope.tensors.add(tensor);
        }
    }

    /** Removes {@code tensor} from every scope of the calling thread: the caller now owns it. */
    public static <T extends Tensor> T detach(T tensor) {
        for (TensorScope scope : STACK.get()) {
            if (scope.removeTracked(tensor)) {
                break;
            }
        }
        return tensor;
    }

    /** Moves {@code tensor} from this scope to the enclosing one (or to the caller if there is none). */
    public <T extends Tensor> T keep(T tensor) {
        checkOpen();
        if (removeTracked(tensor)) {
            boolean passedSelf = false;
            for (TensorScope scope : STACK.get()) {
                if (passedSelf) {
                    scope.tensors.add(tensor);
                    break;
                }
                passedSelf = scope == this;
            }
        }
        return tensor;
    }

    /** The number of live tensors this scope will free. */
    public int trackedCount() {
        checkOpen();
        return tensors.size();
    }

    private boolean removeTracked(Tensor tensor) {
        for (int i = tensors.size() - 1; i >= 0; i--) {
            if (tensors.get(i) == tensor) {
                tensors.remove(i);
                return true;
            }
        }
        return false;
    }

    private void checkOpen() {
        if (tensors == null) {
            throw new IllegalStateException("This TensorScope is already closed");
        }
    }

    @Override
    public void close() {
        if (tensors == null) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("A TensorScope must be closed on the thread that opened it ("
                    + owner.getName() + "), not on " + Thread.currentThread().getName());
        }
        Deque<TensorScope> stack = STACK.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("TensorScopes must be closed innermost first");
        }
        stack.pop();
        for (int i = tensors.size() - 1; i >= 0; i--) {
            tensors.get(i).close();
        }
        tensors = null;
    }
}
