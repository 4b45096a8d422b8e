package dev.graft.callbacks;

import dev.graft.models.Model;
import dev.graft.optimizers.Optimizer;

/** Checks shared by the callbacks that act on their model. */
final class CallbackSupport {
    private CallbackSupport() {
    }

    /** {@code model}, or an error saying that {@code callback} was never given one. */
    static Model requireModel(Model model, String callback) {
        if (model == null) {
            throw new IllegalStateException(callback + " has no model: fit() passes it through setModel(model); "
                    + "call setModel(model) first when driving the callback by hand");
        }
        return model;
    }

    /** The optimizer of {@code model}, or an error saying that the model is not compiled. */
    static Optimizer requireOptimizer(Model model, String callback) {
        Optimizer optimizer = requireModel(model, callback).optimizer();
        if (optimizer == null) {
            throw new IllegalStateException(callback + " changes the learning rate, but model '" + model.name()
                    + "' has no optimizer; call model.compile(optimizer, loss) before training");
        }
        return optimizer;
    }

    /** Whether callbacks write files in this process: always, except on the non-chief workers of a distributed fit. */
    static boolean writesFiles(Model model) {
        return model == null || model.distributeStrategy() == null || model.distributeStrategy().isChief();
    }
}
