package dev.graft.tensor;

/**
 * A tensor operation that the engine refused, such as a {@code matmul} of shapes that do not line up or a
 * {@code conv2d} whose kernel is larger than its padded input. The message names the Graft operation, the
 * shapes and dtypes of its inputs, and the first line of the engine's own message; when the operation ran
 * inside a layer, it starts with that layer.
 */
public final class TensorOperationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String engineMessage;
    private final String layer;

    /**
     * @param operation     the Graft operation, e.g. {@code "matmul"}
     * @param inputs        its inputs, described, e.g. {@code "(2, 3) float32 and (4, 5) float32"}; empty if unknown
     * @param engineMessage the first line of the engine's message
     * @param cause         the engine's exception
     */
    public TensorOperationException(String operation, String inputs, String engineMessage, Throwable cause) {
        this(null, operation + " failed" + (inputs.isEmpty() ? "" : " on inputs " + inputs) + ": " + engineMessage,
                operation, engineMessage, cause);
    }

    private TensorOperationException(String layer, String message, String operation, String engineMessage,
                                     Throwable cause) {
        super(layer == null ? message : layer + ": " + message, cause);
        this.layer = layer;
        this.operation = operation;
        this.engineMessage = engineMessage;
    }

    /**
     * This failure as seen from {@code layer} (e.g. {@code "Layer 'dense' (Dense)"}), whose call ran the
     * operation: the message starts with the layer. The innermost layer is kept when layers are nested.
     */
    public TensorOperationException inLayer(String layer) {
        if (this.layer != null) {
            return this;
        }
        TensorOperationException located = new TensorOperationException(layer, getMessage(), operation,
                engineMessage, getCause());
        located.setStackTrace(getStackTrace());
        return located;
    }

    /** The Graft operation that failed, e.g. {@code "matmul"} or {@code "conv2d"}. */
    public String operation() {
        return operation;
    }

    /** The first line of the engine's message. */
    public String engineMessage() {
        return engineMessage;
    }

    /** The layer whose call ran the operation, as {@link #inLayer} received it; null outside any layer. */
    public String layer() {
        return layer;
    }
}
