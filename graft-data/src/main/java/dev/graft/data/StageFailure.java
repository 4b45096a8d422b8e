package dev.graft.data;

/** The exception a stage throws when work on one element fails, naming the element. */
final class StageFailure {
    private StageFailure() {
    }

    /**
     * An exception for the caller's thread that names the stage and the element (counted from 0 in the pass)
     * and wraps the cause.
     */
    static IllegalStateException of(String stage, long index, Throwable cause) {
        return new IllegalStateException(stage + " failed on element " + index + " of this pass (counting from 0): "
                + cause, cause);
    }
}
