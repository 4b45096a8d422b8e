package dev.graft.callbacks;

import dev.graft.models.Model;
import java.io.PrintStream;
import java.util.Map;

/**
 * Stops training when a batch's {@code loss} is NaN or infinite, like Keras' {@code TerminateOnNaN}. By
 * default it asks the model to stop, so the epoch ends and every callback's {@code onTrainEnd} still runs;
 * with {@code raiseError} it throws at once instead, so no later hook runs.
 */
public final class TerminateOnNaN implements Callback {
    private final boolean raiseError;
    private final PrintStream out;
    private Model model;
    private int epoch;

    /** Stops gracefully and prints to {@code System.out}. */
    public TerminateOnNaN() {
        this(false, System.out);
    }

    /**
     * @param raiseError true to throw an {@link IllegalStateException} instead of asking the model to stop
     * @param out        where the message goes when stopping gracefully
     */
    public TerminateOnNaN(boolean raiseError, PrintStream out) {
        if (out == null) {
            throw new IllegalArgumentException("TerminateOnNaN needs an output stream, received null");
        }
        this.raiseError = raiseError;
        this.out = out;
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        this.epoch = epoch;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss == null || Double.isFinite(loss)) {
            return;
        }
        // Epochs are shown 1-based like Keras' other messages; batches 0-based like Keras' TerminateOnNaN.
        if (raiseError) {
            throw new IllegalStateException("NaN or Inf loss encountered at batch " + batch + " of epoch "
                    + (epoch + 1) + ". Loss value: " + PythonFloats.repr(loss) + ". Terminating training "
                    + "immediately.");
        }
        out.println("Batch " + batch + ": Invalid loss, terminating training (epoch " + (epoch + 1) + ")");
        CallbackSupport.requireModel(model, "TerminateOnNaN").setStopTraining(true);
    }
}
