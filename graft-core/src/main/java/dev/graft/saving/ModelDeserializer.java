package dev.graft.saving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.layers.InputLayer;
import dev.graft.layers.Layer;
import dev.graft.layers.LayerConfig;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import dev.graft.models.Sequential;
import dev.graft.tensor.Shape;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds a model from Keras' serialization schema (see {@link ModelSerializer}), as Keras'
 * {@code deserialize_keras_object} and {@code functional_from_config} do, without weights. Class names are
 * looked up in {@link LayerRegistry} only; every value is type- and range-checked, and every error names the
 * layer and what is wrong. On failure, every layer created so far is closed.
 */
final class ModelDeserializer {
    /**
     * The most layers one functional model of a file may have: {@link Model} sorts its graph recursively, and
     * a chain of this many calls is known to fit a thread's default stack (Keras' largest applications have
     * about a thousand).
     */
    static final int MAX_LAYERS = 5000;

    private final String source;
    /** Every layer created, in order: closed if loading fails. */
    private final List<Layer> created = new ArrayList<>();
    /** Each layer's {@code trainable} flag as the file gives it, applied once the whole model is built. */
    private final Map<Layer, Boolean> trainable = new IdentityHashMap<>();

    /** @param source what the config is, for messages, e.g. {@code config.json of m.keras} */
    ModelDeserializer(String source) {
        this.source = source;
    }

    /** The model {@code serialized} describes: a Functional or Sequential object. */
    Model read(ObjectNode serialized) {
        try {
            Layer layer = deserialize(serialized, "the top-level object");
            if (!(layer instanceof Model model)) {
                throw error("the top-level object is a " + serialized.path("class_name").asText()
                        + " layer, not a model (Functional or Sequential)");
            }
            applyTrainable(model);
            return model;
        } catch (RuntimeException e) {
            closeCreated(e);
            throw e;
        }
    }

    private void closeCreated(RuntimeException failure) {
        for (Layer layer : created) {
            if (!(layer instanceof Model)) {
                try {
                    layer.close();
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** Sets each layer's flag, parents before children, so every layer ends with its own. */
    private void applyTrainable(Layer layer) {
        Boolean flag = trainable.get(layer);
        if (flag != null && flag != layer.isTrainable()) {
            layer.setTrainable(flag);
        }
        if (layer instanceof Model model) {
            model.layers().forEach(this::applyTrainable);
        }
    }

    private Layer deserialize(JsonNode serialized, String where) {
        if (!serialized.isObject() || !serialized.path("class_name").isTextual()) {
            throw error(where + " is not a serialized Keras object (an object with a 'class_name'): "
                    + abbreviate(serialized));
        }
        String className = serialized.get("class_name").textValue();
        JsonNode configJson = serialized.get("config");
        if (configJson == null || !configJson.isObject()) {
            throw error(where + " (" + className + ") has no 'config' object");
        }
        ObjectNode config = (ObjectNode) configJson;
        String described = describe(config, className, where);
        checkBuiltIn(serialized, className, described);
        Layer layer;
        try {
            layer = switch (className) {
                case LayerRegistry.FUNCTIONAL -> functional(config, described);
                case LayerRegistry.SEQUENTIAL -> sequential(config, described);
                case LayerRegistry.INPUT_LAYER -> plainLayer(config, InputLayer::fromConfig);
                default -> {
                    Function<LayerConfig, ? extends Layer> factory = LayerRegistry.factory(className);
                    if (factory == null) {
                        throw new IllegalArgumentException("class '" + className + "' is not supported; Graft loads "
                                + LayerRegistry.supportedClassNames());
                    }
                    yield plainLayer(config, factory);
                }
            };
        } catch (LoadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw error(described + ": " + e.getMessage(), e);
        }
        if (!(layer instanceof InputLayer)) {
            trainable.put(layer, config.path("trainable").asBoolean(true));
        }
        return layer;
    }

    private Layer plainLayer(ObjectNode config, Function<LayerConfig, ? extends Layer> factory) {
        LayerConfig c = LayerConfig.of(config);
        Layer layer = factory.apply(c);
        created.add(layer);
        c.checkAllRead();
        return layer;
    }

    /** Refuses custom classes: their module is not Keras', or they are registered under another name. */
    private void checkBuiltIn(JsonNode serialized, String className, String described) {
        JsonNode module = serialized.get("module");
        if (module != null && !module.isNull()) {
            String m = module.asText();
            if (!m.equals("keras") && !m.startsWith("keras.")) {
                throw error(described + " is a custom class from module '" + m + "'; Graft loads only Keras' "
                        + "built-in classes " + LayerRegistry.supportedClassNames());
            }
        }
        JsonNode registered = serialized.get("registered_name");
        if (registered != null && !registered.isNull() && !registered.asText().equals(className)) {
            throw error(described + " is the custom class registered as '" + registered.asText() + "'; Graft loads "
                    + "only Keras' built-in classes " + LayerRegistry.supportedClassNames());
        }
    }

    private Sequential sequential(ObjectNode config, String described) {
        LayerConfig c = LayerConfig.of(config);
        String name = c.getString("name", null);
        c.getBoolean("trainable", true);
        // A Sequential's type follows its input, as in Keras: the policy carries nothing more.
        c.getDType("dtype");
        Shape buildShape = c.has("build_input_shape") ? c.getShape("build_input_shape") : null;
        JsonNode layers = requireArray(config, "layers", described);
        c.ignore("layers");
        c.checkAllRead();
        Sequential model = new Sequential(name);
        created.add(model);
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = deserialize(layers.get(i), described + ", layer #" + i);
            if (layer instanceof InputLayer input) {
                if (i != 0) {
                    throw error(described + ": an InputLayer may only come first, found one at #" + i);
                }
                buildShape = input.shape();
            } else {
                model.add(layer);
            }
        }
        if (buildShape != null) {
            model.build(buildShape);
        }
        return model;
    }

    private Model functional(ObjectNode config, String described) {
        LayerConfig c = LayerConfig.of(config);
        String name = c.getString("name", null);
        c.getBoolean("trainable", true);
        // Keras' Functional config has no dtype; some versions add one, which the inputs' types decide anyway.
        c.ignore("dtype", "layers", "input_layers", "output_layers");
        c.checkAllRead();
        Graph graph = new Graph(described);
        JsonNode layers = requireArray(config, "layers", described);
        if (layers.size() > MAX_LAYERS) {
            throw error(described + " has " + layers.size() + " layers; Graft loads functional models of at most "
                    + MAX_LAYERS);
        }
        for (int i = 0; i < layers.size(); i++) {
            JsonNode entry = layers.get(i);
            Layer layer = deserialize(entry, described + ", layer #" + i);
            String layerName = entry.path("name").isTextual() ? entry.get("name").textValue() : layer.name();
            graph.add(layerName, layer, entry.path("inbound_nodes"));
        }
        graph.callAll();
        List<SymbolicTensor> inputs = graph.resolveAll(config.get("input_layers"), "input_layers");
        List<SymbolicTensor> outputs = graph.resolveAll(config.get("output_layers"), "output_layers");
        Model model;
        try {
            model = new Model(inputs, outputs, name);
        } catch (IllegalArgumentException e) {
            throw error(described + ": " + e.getMessage(), e);
        }
        created.add(model);
        return model;
    }

    /** The layers of one functional model and the tensors their calls returned, rebuilt call by call. */
    private final class Graph {
        private final String described;
        private final Map<String, Layer> byName = new LinkedHashMap<>();
        private final Map<Layer, List<JsonNode>> pending = new LinkedHashMap<>();
        private final Map<Layer, List<SymbolicTensor>> outputs = new IdentityHashMap<>();

        Graph(String described) {
            this.described = described;
        }

        void add(String name, Layer layer, JsonNode inboundNodes) {
            if (byName.putIfAbsent(name, layer) != null) {
                throw error(described + " has two layers named '" + name + "'");
            }
            List<SymbolicTensor> made = new ArrayList<>();
            if (layer instanceof InputLayer input) {
                made.add(input.output());
            }
            outputs.put(layer, made);
            List<JsonNode> calls = new ArrayList<>();
            if (!inboundNodes.isMissingNode() && !inboundNodes.isNull()) {
                if (!inboundNodes.isArray()) {
                    throw error(described + ": 'inbound_nodes' of layer '" + name + "' must be a list, received "
                            + abbreviate(inboundNodes));
                }
                inboundNodes.forEach(calls::add);
            }
            pending.put(layer, calls);
        }

        /**
         * Makes every call, in file order per layer; a call whose inputs do not exist yet (a shared layer
         * used deeper in the graph) waits for a later pass, as in Keras' {@code functional_from_config}.
         */
        void callAll() {
            boolean progress = true;
            while (progress) {
                progress = false;
                for (Map.Entry<Layer, List<JsonNode>> e : pending.entrySet()) {
                    Iterator<JsonNode> calls = e.getValue().iterator();
                    while (calls.hasNext() && call(e.getKey(), calls.next())) {
                        calls.remove();
                        progress = true;
                    }
                }
            }
            for (Map.Entry<Layer, List<JsonNode>> e : pending.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    throw error(described + ": a call of layer '" + e.getKey().name() + "' reads a tensor no call "
                            + "produces: " + abbreviate(e.getValue().get(0).path("args")));
                }
            }
        }

        /** Makes one call of {@code layer}, or returns false if one of its inputs does not exist yet. */
        private boolean call(Layer layer, JsonNode node) {
            String what = "a call of layer '" + layer.name() + "'";
            JsonNode args = node.path("args");
            if (!node.isObject() || !args.isArray() || args.size() != 1) {
                throw error(described + ": " + what + " must be {\"args\": [input or [inputs]], \"kwargs\": {...}}, "
                        + "received " + abbreviate(node));
            }
            List<SymbolicTensor> inputs = new ArrayList<>();
            JsonNode arg = args.get(0);
            for (JsonNode tensor : arg.isArray() ? arg : List.of(arg)) {
                SymbolicTensor input = tensor(tensor, what);
                if (input == null) {
                    return false;
                }
                inputs.add(input);
            }
            Boolean training = training(node.path("kwargs"), what);
            SymbolicTensor out;
            try {
                if (arg.isArray()) {
                    out = training == null ? layer.callSymbolic(inputs) : layer.callSymbolic(inputs, training);
                } else {
                    out = training == null ? layer.call(inputs.get(0)) : layer.call(inputs.get(0), training);
                }
            } catch (RuntimeException e) {
                throw error(described + ": " + what + " failed: " + e.getMessage(), e);
            }
            outputs.get(layer).add(out);
            return true;
        }

        /** A {@code __keras_tensor__} argument, or null if the call that returns it was not made yet. */
        private SymbolicTensor tensor(JsonNode tensor, String what) {
            if (!tensor.path("class_name").asText().equals("__keras_tensor__")) {
                throw error(described + ": " + what + " takes an argument that is not a tensor: " + abbreviate(tensor)
                        + "; Graft supports only tensor arguments");
            }
            return lookUp(tensor.path("config").path("keras_history"), 0, what);
        }

        /** {@code [layer, call index, tensor index]}; {@code offset} is subtracted from a functional's index. */
        private SymbolicTensor lookUp(JsonNode history, int offset, String what) {
            if (!history.isArray() || history.size() != 3 || !history.get(0).isTextual()
                    || !history.get(1).canConvertToInt() || !history.get(2).canConvertToInt()) {
                throw error(described + ": " + what + " refers to a tensor as " + abbreviate(history)
                        + ", expected [layer name, node index, tensor index]");
            }
            String name = history.get(0).textValue();
            Layer layer = byName.get(name);
            if (layer == null) {
                throw error(described + ": " + what + " reads layer '" + name + "', which is not among its layers "
                        + byName.keySet());
            }
            if (history.get(2).intValue() != 0) {
                throw error(described + ": " + what + " reads output " + history.get(2) + " of layer '" + name
                        + "'; Graft layers have one output");
            }
            int index = history.get(1).intValue() - (layer instanceof Model && !(layer instanceof Sequential)
                    ? offset : 0);
            List<SymbolicTensor> made = outputs.get(layer);
            if (index < 0) {
                throw error(described + ": " + what + " reads node " + history.get(1) + " of layer '" + name
                        + "', which does not exist");
            }
            return index < made.size() ? made.get(index) : null;
        }

        private Boolean training(JsonNode kwargs, String what) {
            if (kwargs.isMissingNode() || kwargs.isNull()) {
                return null;
            }
            if (!kwargs.isObject()) {
                throw error(described + ": 'kwargs' of " + what + " must be an object, received " + abbreviate(kwargs));
            }
            Boolean training = null;
            for (Map.Entry<String, JsonNode> e : kwargs.properties()) {
                JsonNode v = e.getValue();
                if (e.getKey().equals("training") && (v.isBoolean() || v.isNull())) {
                    training = v.isNull() ? null : v.booleanValue();
                } else if (!e.getKey().equals("mask") || !v.isNull()) {
                    throw error(described + ": " + what + " passes " + e.getKey() + "=" + abbreviate(v)
                            + "; Graft supports only training=true/false/null (and mask=null)");
                }
            }
            return training;
        }

        /** The tensors of {@code input_layers} or {@code output_layers}: one reference or a list of them. */
        List<SymbolicTensor> resolveAll(JsonNode refs, String key) {
            if (refs == null || !refs.isArray() || refs.isEmpty()) {
                throw error(described + ": '" + key + "' must be a non-empty list, received "
                        + (refs == null ? "nothing" : abbreviate(refs)));
            }
            List<JsonNode> list = new ArrayList<>();
            if (refs.get(0).isTextual()) {
                list.add(refs);
            } else {
                refs.forEach(list::add);
            }
            List<SymbolicTensor> tensors = new ArrayList<>();
            for (JsonNode ref : list) {
                SymbolicTensor t = lookUp(ref, 1, "'" + key + "'");
                if (t == null) {
                    throw error(described + ": '" + key + "' refers to " + abbreviate(ref) + ", a call that does not "
                            + "exist");
                }
                tensors.add(t);
            }
            return tensors;
        }
    }

    private JsonNode requireArray(ObjectNode config, String key, String described) {
        JsonNode v = config.get(key);
        if (v == null || !v.isArray()) {
            throw error(described + ": '" + key + "' must be a list, received " + (v == null ? "nothing" : abbreviate(v)));
        }
        return v;
    }

    private static String describe(ObjectNode config, String className, String where) {
        JsonNode name = config.get("name");
        return name != null && name.isTextual() ? "layer '" + name.textValue() + "' (" + className + ")"
                : where + " (" + className + ")";
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private LoadException error(String message) {
        return new LoadException(source + ": " + message, null);
    }

    private LoadException error(String message, Throwable cause) {
        return new LoadException(source + ": " + message, cause);
    }

    /** An error already worded with its place in the file, passed through unchanged by outer layers. */
    static final class LoadException extends IllegalArgumentException {
        LoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
