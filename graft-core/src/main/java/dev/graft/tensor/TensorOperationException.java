package dev.graft.tensor;

/**
 * A tensor operation that the engine refused, such as a {@code matmul} of shapes that do not line up or a
 * {@code conv2d} whose kernel is larger than its padded input. The message names the Graft operation, the
 * shapes and dtypes of its inputs, and the first line of the engine's own message.
 */
public final class TensorOperationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String engineMessage;

    /**
     * @param operation     the Graft operation, e.g. {@code "matmul"}
     * @param inputs        its inputs, described, e.g. {@code "[2, 3] float32 and [4, 5] float32"}; empty if unknown
     * @param engineMessage the first line of the engine's message
     * @param cause         the engine's exception
     */
    public TensorOperationException(String operation, String inputs, String engineMessage, Throwable cause) {
        super(operation + " failed" + (inputs.isEmpty() ? "" : " on inputs " + inputs) + ": " + engineMessage, cause);
        this.operation = operation;
        this.engineMessage = engineMessage;
    }

    /** The Graft operation that failed, e.g. {@code "matmul"} or {@code "conv2d"}. */
    public String operation() {
        return operation;
    }

    /** The first line of the engine's message. */
    public String engineMessage() {
        return engineMessage;
    }
}
