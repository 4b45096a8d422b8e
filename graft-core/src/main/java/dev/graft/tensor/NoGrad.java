package dev.graft.tensor;

/**
 * Stops recording for gradients inside its block, even within an open {@link GradientTape}, like
 * PyTorch's {@code torch.no_grad()}. Optimizers and metrics update state this way so that their
 * arithmetic never joins the graph of a loss.
 * <pre>{@code
 * try (var noGrad = NoGrad.open()) {
 *     variable.assign(variable.value().sub(update));
 * }
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previousMode;
    private boolean closed;

    private NoGrad() {
        this.previousMode = Engine.get().setGradEnabled(false);
    }

    /** Disables recording on the calling thread until {@link #close()}. */
    public static NoGrad open() {
        return new NoGrad();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Engine.get().setGradEnabled(previousMode);
        }
    }
}
