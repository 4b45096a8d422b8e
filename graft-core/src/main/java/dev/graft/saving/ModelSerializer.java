package dev.graft.saving;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.layers.InputLayer;
import dev.graft.layers.Layer;
import dev.graft.layers.LayerConfig;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.models.Sequential;
import dev.graft.tensor.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes models in Keras 3's serialization schema ({@code serialize_keras_object}), the content of a
 * {@code .keras} file's {@code config.json}. Every layer becomes {@code {"module", "class_name", "config",
 * "registered_name", "build_config"}}; a functional model's config lists its layers in Keras' order, each with
 * its {@code inbound_nodes} (the calls: {@code {"args": [tensor or [tensors]], "kwargs": {"training": false}}},
 * a tensor naming the layer call that made it as {@code keras_history [layer, call index, 0]}), then
 * {@code input_layers} and {@code output_layers}; a Sequential's lists its layers after an {@code InputLayer}
 * giving the input shape.
 */
public final class ModelSerializer {
    private ModelSerializer() {
    }

    /**
     * {@code model}'s config in Keras' schema: what {@link Model#getConfig()} returns.
     *
     * @throws IllegalArgumentException if a layer cannot be saved (its class is not registered, or two layers
     *     of one model share a name, which Keras' references by name cannot tell apart)
     */
    public static LayerConfig config(Model model) {
        LayerRegistry.kerasClassName(model);
        return model instanceof Sequential sequential ? sequentialConfig(sequential) : functionalConfig(model);
    }

    /** The whole serialized object of {@code layer}: class, config and build config. */
    static ObjectNode serialize(Layer layer) {
        String className = LayerRegistry.kerasClassName(layer);
        ObjectNode o = Json.object();
        if (className.equals(LayerRegistry.FUNCTIONAL)) {
            // Functional is not part of Keras' public API: Keras names it by module and registered name.
            o.put("module", "keras.src.models.functional");
            o.put("class_name", className);
            o.set("config", layer.getConfig().json());
            o.put("registered_name", className);
            o.set("build_config", Json.object().putNull("input_shape"));
            return o;
        }
        o.put("module", className.equals(LayerRegistry.SEQUENTIAL) ? "keras" : "keras.layers");
        o.put("class_name", className);
        o.set("config", layer.getConfig().json());
        o.putNull("registered_name");
        // Keras records the shapes build() received; an input layer is built without build().
        if (layer.isBuilt() && !(layer instanceof InputLayer)) {
            List<Shape> shapes = layer.buildShapes();
            ObjectNode build = o.putObject("build_config");
            if (shapes.size() == 1) {
                build.set("input_shape", LayerConfig.shapeJson(shapes.get(0)));
            } else {
                ArrayNode list = build.putArray("input_shape");
                shapes.forEach(s -> list.add(LayerConfig.shapeJson(s)));
            }
        }
        return o;
    }

    private static LayerConfig sequentialConfig(Sequential model) {
        checkUniqueNames(model, model.layers());
        LayerConfig config = new LayerConfig().put("name", model.name()).put("trainable", model.isTrainable())
                .putDTypePolicy("dtype", model.dtype());
        ArrayNode layers = config.json().putArray("layers");
        if (model.isBuilt()) {
            // Keras keeps the input shape of a built Sequential as an InputLayer in front of its layers.
            Shape input = model.buildShapes().get(0);
            ObjectNode inputLayer = layers.addObject();
            inputLayer.put("module", "keras.layers");
            inputLayer.put("class_name", LayerRegistry.INPUT_LAYER);
            inputLayer.set("config", new LayerConfig().putShape("batch_shape", input)
                    .put("dtype", model.dtype().kerasName()).put("sparse", false).put("ragged", false)
                    .put("name", "input_layer").put("optional", false).json());
            inputLayer.putNull("registered_name");
        }
        for (Layer layer : model.layers()) {
            layers.add(serialize(layer));
        }
        if (model.isBuilt()) {
            config.putShape("build_input_shape", model.buildShapes().get(0));
        }
        return config;
    }

    private static LayerConfig functionalConfig(Model model) {
        KerasGraph graph = KerasGraph.of(model);
        checkUniqueNames(model, graph.layers());
        LayerConfig config = new LayerConfig().put("name", model.name()).put("trainable", model.isTrainable());
        ArrayNode layers = config.json().putArray("layers");
        for (Layer layer : graph.layers()) {
            ObjectNode entry = serialize(layer);
            entry.put("name", layer.name());
            ArrayNode nodes = entry.putArray("inbound_nodes");
            for (SymbolicTensor call : graph.calls(layer)) {
                if (!call.node().isInput()) {
                    nodes.add(callJson(call, graph));
                }
            }
            layers.add(entry);
        }
        ArrayNode inputs = config.json().putArray("input_layers");
        model.inputs().forEach(t -> inputs.add(tensorReference(t, graph)));
        ArrayNode outputs = config.json().putArray("output_layers");
        model.outputs().forEach(t -> outputs.add(tensorReference(t, graph)));
        return config;
    }

    /** One call of a layer: its input tensors and its pinned training mode. */
    private static ObjectNode callJson(SymbolicTensor call, KerasGraph graph) {
        ObjectNode node = Json.object();
        List<SymbolicTensor> inputs = call.node().inputs();
        ArrayNode args = node.putArray("args");
        if (inputs.size() == 1) {
            args.add(tensorJson(inputs.get(0), graph));
        } else {
            ArrayNode list = args.addArray();
            inputs.forEach(t -> list.add(tensorJson(t, graph)));
        }
        ObjectNode kwargs = node.putObject("kwargs");
        if (call.node().training() != null) {
            kwargs.put("training", call.node().training());
        }
        return node;
    }

    private static ObjectNode tensorJson(SymbolicTensor t, KerasGraph graph) {
        ObjectNode tensor = Json.object();
        tensor.put("class_name", "__keras_tensor__");
        ObjectNode config = tensor.putObject("config");
        config.set("shape", LayerConfig.shapeJson(t.shape()));
        config.put("dtype", t.dtype().kerasName());
        config.putArray("keras_history").add(t.node().layer().name()).add(graph.callIndex(t)).add(0);
        return tensor;
    }

    /**
     * {@code [layer, node index, 0]} for {@code input_layers}/{@code output_layers}. Keras counts a nested
     * functional model's construction as its node 0 there (and only there), so its calls start at 1.
     */
    private static ArrayNode tensorReference(SymbolicTensor t, KerasGraph graph) {
        Layer layer = t.node().layer();
        int offset = LayerRegistry.kerasClassName(layer).equals(LayerRegistry.FUNCTIONAL) ? 1 : 0;
        ArrayNode ref = Json.object().arrayNode();
        return ref.add(layer.name()).add(graph.callIndex(t) + offset).add(0);
    }

    private static void checkUniqueNames(Model model, List<Layer> layers) {
        Set<String> names = new HashSet<>();
        for (Layer layer : layers) {
            if (!names.add(layer.name())) {
                throw new IllegalArgumentException("Model '" + model.name() + "' has two layers named '" + layer.name()
                        + "'; Keras' config refers to layers by name, so give them distinct names to save it");
            }
        }
    }
}
