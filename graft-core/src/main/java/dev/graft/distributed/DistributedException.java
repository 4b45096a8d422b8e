package dev.graft.distributed;

/**
 * A collective operation failed: another process died, stopped answering within the timeout, or the
 * processes could not meet. The message names the operation, this process's rank and the engine's reason.
 */
public final class DistributedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public DistributedException(String message, Throwable cause) {
        super(message, cause);
    }
}
