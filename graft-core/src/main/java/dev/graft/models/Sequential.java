package dev.graft.models;

import dev.graft.layers.Layer;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A plain stack of layers, each feeding the next, like {@code keras.Sequential}:
 * <pre>{@code
 * Sequential model = new Sequential(new Dense(3), new Dense(1));
 * model.build(Shape.batchOf(4));      // or just call it on data
 * }</pre>
 */
public class Sequential extends Model {
    private final List<Layer> stack = new ArrayList<>();
    /** The output shape of each layer, known once built. */
    private final List<Shape> outputShapes = new ArrayList<>();

    /** A sequential model of {@code layers}, named {@code sequential}, {@code sequential_1}, ... */
    public Sequential(Layer... layers) {
        this(null, layers);
    }

    /** A named sequential model. */
    public Sequential(String name, Layer... layers) {
        super(name);
        for (Layer l : layers) {
            add(l);
        }
    }

    /** Appends a layer; a built model checks the new layer's input shape at once. */
    public Sequential add(Layer layer) {
        stack.add(trackLayer(layer));
        if (isBuilt()) {
            Shape in = outputShapes.isEmpty() ? buildShapes().get(0) : outputShapes.get(outputShapes.size() - 1);
            layer.build(in);
            outputShapes.add(layer.computeOutputShape(in));
        }
        return this;
    }

    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(stack);
    }

    @Override
    protected void onBuild(Shape inputShape) {
        Shape shape = inputShape;
        for (Layer l : stack) {
            l.build(shape);
            shape = l.computeOutputShape(shape);
            outputShapes.add(shape);
        }
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        Shape shape = inputShape;
        for (Layer l : stack) {
            shape = l.computeOutputShape(shape);
        }
        return shape;
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        if (inputShapes.size() != 1) {
            throw new IllegalArgumentException("Sequential '" + name() + "' takes one input, received "
                    + inputShapes.size());
        }
        return computeOutputShape(inputShapes.get(0));
    }

    @Override
    public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        return List.of(computeOutputShape(inputShapes));
    }

    @Override
    public List<Tensor> callAll(List<Tensor> values, boolean training) {
        return List.of(call(values, training));
    }

    @Override
    protected Tensor forward(Tensor input, boolean training) {
        Tensor x = input;
        for (Layer l : stack) {
            Tensor next = l.call(x);
            // Free each intermediate once the next layer has consumed it.
            if (x != input && next != x) {
                x.close();
            }
            x = next;
        }
        return x;
    }

    @Override
    protected Tensor forward(List<Tensor> inputs, boolean training) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("Sequential '" + name() + "' takes one input, received "
                    + inputs.size());
        }
        return forward(inputs.get(0), training);
    }

    /** Frozen when it has no trainable weight and every layer of the stack is frozen in the mode of the call. */
    @Override
    public boolean isFrozenFunction(boolean training) {
        return super.isFrozenFunction(training) && stack.stream().allMatch(l -> l.isFrozenFunction(training));
    }

    @Override
    List<Map.Entry<Layer, String>> summaryRows() {
        List<Map.Entry<Layer, String>> rows = new ArrayList<>();
        for (int i = 0; i < stack.size(); i++) {
            String shape = i < outputShapes.size() ? outputShapes.get(i).toString() : "multiple";
            rows.add(Map.entry(stack.get(i), shape));
        }
        return rows;
    }

    @Override
    protected String summaryTypeName() {
        return "Sequential";
    }
}
