package dev.graft.optimizers;

import dev.graft.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Keras' gradient clipping by norm and by global norm; the results stay on the device. */
final class GradientClipping {

    private GradientClipping() {
    }

    /** {@code g * clipnorm / max(||g||, clipnorm)}: unchanged when its L2 norm is at most {@code clipnorm}. */
    static Tensor byNorm(Tensor gradient, double clipnorm) {
        Tensor norm = gradient.square().sum().sqrt();
        return gradient.mul(clipnorm).div(norm.clip(clipnorm, Double.POSITIVE_INFINITY));
    }

    /**
     * Every gradient times {@code clipnorm * min(1 / n, 1 / clipnorm)}, where n is the L2 norm of all of them
     * together. As in Keras, a non-finite n makes the scale NaN rather than silently zeroing the step.
     */
    static List<Tensor> byGlobalNorm(List<Tensor> gradients, double clipnorm) {
        Tensor squaredNorm = null;
        for (Tensor g : gradients) {
            Tensor s = g.square().sum();
            squaredNorm = squaredNorm == null ? s : squaredNorm.add(s);
        }
        Tensor norm = squaredNorm.sqrt();
        // norm - norm is 0 for a finite norm and NaN for inf or NaN.
        Tensor scale = norm.pow(-1).clip(Double.NEGATIVE_INFINITY, 1 / clipnorm).mul(clipnorm).add(norm.sub(norm));
        List<Tensor> clipped = new ArrayList<>(gradients.size());
        for (Tensor g : gradients) {
            clipped.add(g.mul(scale));
        }
        return clipped;
    }
}
