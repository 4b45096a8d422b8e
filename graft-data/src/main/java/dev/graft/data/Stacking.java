package dev.graft.data;

import dev.graft.tensor.Tensor;
import dev.graft.training.Batch;
import java.util.ArrayList;
import java.util.List;

/** How {@link Dataset#batch(int)} turns a group of {@link Example}s or {@link Tensor}s into a {@link Batch}. */
final class Stacking {
    private Stacking() {
    }

    /** Stacks examples into {@code Batch.of(x, y)} (or a batch without targets), tensors into {@code Batch.of(x)}. */
    static Batch toBatch(List<?> elements) {
        Object first = elements.get(0);
        if (first instanceof Example) {
            List<Tensor> xs = new ArrayList<>(elements.size());
            List<Tensor> ys = new ArrayList<>(elements.size());
            for (Object element : elements) {
                Example e = (Example) requireType(element, Example.class, elements);
                xs.add(e.x());
                if (e.hasTarget()) {
                    ys.add(e.y());
                }
            }
            if (!ys.isEmpty() && ys.size() != xs.size()) {
                throw new IllegalStateException("batch: " + ys.size() + " of the " + xs.size() + " examples of a "
                        + "batch have a target and the others none; give every example a target, or none");
            }
            Tensor x = stack(xs, "inputs x");
            return ys.isEmpty() ? Batch.of(x) : Batch.of(x, stack(ys, "targets y"));
        }
        if (first instanceof Tensor) {
            List<Tensor> xs = new ArrayList<>(elements.size());
            for (Object element : elements) {
                xs.add((Tensor) requireType(element, Tensor.class, elements));
            }
            return Batch.of(stack(xs, "tensors"));
        }
        throw new IllegalStateException("batch(n) stacks Example and Tensor elements into a Batch, but this "
                + "dataset's elements are " + first.getClass().getName() + "; give the stacking yourself with "
                + "batch(n, elements -> ...)");
    }

    private static Object requireType(Object element, Class<?> type, List<?> elements) {
        if (!type.isInstance(element)) {
            throw new IllegalStateException("batch: a batch mixes element types: element 0 is "
                    + elements.get(0).getClass().getName() + " and element " + elements.indexOf(element) + " is "
                    + element.getClass().getName());
        }
        return element;
    }

    private static Tensor stack(List<Tensor> tensors, String what) {
        Tensor first = tensors.get(0);
        for (int i = 1; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!t.shape().equals(first.shape()) || t.dtype() != first.dtype()) {
                throw new IllegalStateException("batch: cannot stack " + what + " of different shapes or dtypes: "
                        + "element 0 of the batch is " + first.shape() + " " + first.dtype() + " and element " + i
                        + " is " + t.shape() + " " + t.dtype() + "; bring them to one shape first (e.g. resize "
                        + "images in map()), or give the stacking yourself with batch(n, elements -> ...)");
            }
        }
        return Tensor.stack(tensors, 0);
    }
}
