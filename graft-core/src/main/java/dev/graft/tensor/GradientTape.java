package dev.graft.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Records the operations run inside it so that gradients can be taken, like TensorFlow's
 * {@code tf.GradientTape}. Outside a tape (or a training step) nothing is recorded.
 * <pre>{@code
 * try (var tape = GradientTape.open()) {
 *     Tensor loss = lossFn.call(yTrue, model.call(x, true));
 *     List<Tensor> grads = tape.gradient(loss, model.trainableWeights());
 *     optimizer.applyGradients(grads, model.trainableWeights());
 * }
 * }</pre>
 * Gradients are taken with respect to trainable variables, which are watched automatically.
 */
public final class GradientTape implements AutoCloseable {
    private final boolean persistent;
    private final boolean previousMode;
    private boolean used;
    private boolean closed;

    private GradientTape(boolean persistent) {
        this.persistent = persistent;
        this.previousMode = Engine.get().setGradEnabled(true);
    }

    /** A tape whose {@link #gradient} may be called once. */
    public static GradientTape open() {
        return new GradientTape(false);
    }

    /** A tape whose {@link #gradient} may be called several times (it keeps the graph until closed). */
    public static GradientTape openPersistent() {
        return new GradientTape(true);
    }

    /**
     * The gradient of the scalar {@code target} with respect to each variable, in order; null for a variable
     * the target does not depend on or that is not trainable.
     */
    public List<Tensor> gradient(Tensor target, List<Variable> variables) {
        if (closed) {
            throw new IllegalStateException("This GradientTape is closed; take gradients inside its block");
        }
        if (used && !persistent) {
            throw new IllegalStateException(
                    "gradient() was already called on this non-persistent tape; use GradientTape.openPersistent()");
        }
        if (target.size() != 1) {
            throw new IllegalArgumentException("gradient() needs a scalar target, received shape " + target.shape());
        }
        used = true;
        List<Tensor> sources = new ArrayList<>(variables.size());
        for (Variable v : variables) {
            sources.add(v.trainable() ? v.value() : null);
        }
        return Engine.get().gradient(target, sources, persistent);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Engine.get().setGradEnabled(previousMode);
        }
    }
}
