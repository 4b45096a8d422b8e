package dev.graft.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.tensor.HostArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named values a {@link StatefulCallback} saves: numbers, flags, strings, lists of them, and arrays of
 * weights. Values come back exactly (doubles to the bit, infinities and NaN included). A checkpoint stores
 * them as JSON, each value tagged with its type, so nothing in the file selects a Java class.
 */
public final class CallbackState {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final String owner;
    private final Map<String, JsonNode> values;

    /** An empty state for the callback {@code owner} (named in error messages). */
    public CallbackState(String owner) {
        this(owner, new LinkedHashMap<>());
    }

    private CallbackState(String owner, Map<String, JsonNode> values) {
        this.owner = owner;
        this.values = values;
    }

    public CallbackState put(String key, double value) {
        return putTagged(key, "double", doubleNode(value));
    }

    public CallbackState put(String key, long value) {
        return putTagged(key, "long", JSON.numberNode(value));
    }

    public CallbackState put(String key, boolean value) {
        return putTagged(key, "boolean", JSON.booleanNode(value));
    }

    public CallbackState put(String key, String value) {
        return putTagged(key, "string", JSON.textNode(value));
    }

    public CallbackState putDoubles(String key, List<Double> doubles) {
        ArrayNode array = JSON.arrayNode();
        doubles.forEach(d -> array.add(doubleNode(d)));
        return putTagged(key, "doubles", array);
    }

    public CallbackState putLongs(String key, List<? extends Number> longs) {
        ArrayNode array = JSON.arrayNode();
        longs.forEach(l -> array.add(l.longValue()));
        return putTagged(key, "longs", array);
    }

    public CallbackState putStrings(String key, List<String> strings) {
        ArrayNode array = JSON.arrayNode();
        strings.forEach(array::add);
        return putTagged(key, "strings", array);
    }

    /** Weight arrays, such as a model's weights; stored as base64 of their little-endian float32 values. */
    public CallbackState putArrays(String key, List<HostArray> arrays) {
        ArrayNode array = JSON.arrayNode();
        for (HostArray a : arrays) {
            ObjectNode node = array.addObject();
            ArrayNode shape = node.putArray("shape");
            for (long d : a.shape()) {
                shape.add(d);
            }
            ByteBuffer bytes = ByteBuffer.allocate(a.data().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(a.data());
            node.put("float32", Base64.getEncoder().encodeToString(bytes.array()));
        }
        return putTagged(key, "arrays", array);
    }

    /** Whether a value is stored under {@code key}. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    public double getDouble(String key) {
        return toDouble(get(key, "double"), key);
    }

    public long getLong(String key) {
        JsonNode node = get(key, "long");
        if (!node.canConvertToLong() || !node.isIntegralNumber()) {
            throw malformed(key, "an integer");
        }
        return node.longValue();
    }

    /** {@link #getLong} as an int, checked. */
    public int getInt(String key) {
        long value = getLong(key);
        if (value != (int) value) {
            throw malformed(key, "an int");
        }
        return (int) value;
    }

    public boolean getBoolean(String key) {
        JsonNode node = get(key, "boolean");
        if (!node.isBoolean()) {
            throw malformed(key, "true or false");
        }
        return node.booleanValue();
    }

    public String getString(String key) {
        JsonNode node = get(key, "string");
        if (!node.isTextual()) {
            throw malformed(key, "a string");
        }
        return node.textValue();
    }

    public List<Double> getDoubles(String key) {
        List<Double> list = new ArrayList<>();
        for (JsonNode n : array(key, "doubles")) {
            list.add(toDouble(n, key));
        }
        return list;
    }

    public List<Long> getLongs(String key) {
        List<Long> list = new ArrayList<>();
        for (JsonNode n : array(key, "longs")) {
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw malformed(key, "a list of integers");
            }
            list.add(n.longValue());
        }
        return list;
    }

    public List<String> getStrings(String key) {
        List<String> list = new ArrayList<>();
        for (JsonNode n : array(key, "strings")) {
            if (!n.isTextual()) {
                throw malformed(key, "a list of strings");
            }
            list.add(n.textValue());
        }
        return list;
    }

    public List<HostArray> getArrays(String key) {
        List<HostArray> list = new ArrayList<>();
        for (JsonNode n : array(key, "arrays")) {
            if (!(n.get("shape") instanceof ArrayNode shapeNode) || !n.path("float32").isTextual()) {
                throw malformed(key, "arrays with 'shape' and 'float32'");
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(n.get("float32").textValue());
            } catch (IllegalArgumentException e) {
                throw malformed(key, "base64 float32 values");
            }
            if (bytes.length % Float.BYTES != 0) {
                throw malformed(key, "whole float32 values");
            }
            float[] data = new float[bytes.length / Float.BYTES];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            try {
                list.add(new HostArray(data, shape));
            } catch (IllegalArgumentException e) {
                throw malformed(key, "arrays whose values fill their shape (" + e.getMessage() + ")");
            }
        }
        return list;
    }

    // ---- JSON ------------------------------------------------------------------------------------

    /** The state as a JSON object: each key maps to {@code {"<type>": value}}. */
    ObjectNode toJson() {
        ObjectNode node = JSON.objectNode();
        values.forEach(node::set);
        return node;
    }

    /**
     * The state stored in {@code node}, for the callback {@code owner}; values are checked when read.
     *
     * @throws IllegalArgumentException if {@code node} is not an object of tagged values
     */
    static CallbackState fromJson(JsonNode node, String owner) {
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("The saved state of " + owner + " is not a JSON object");
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!(e.getValue() instanceof ObjectNode tagged) || tagged.size() != 1) {
                throw new IllegalArgumentException("The saved state of " + owner + " has a malformed value '"
                        + e.getKey() + "': expected {\"<type>\": value}");
            }
            values.put(e.getKey(), tagged);
        }
        return new CallbackState(owner, values);
    }

    private CallbackState putTagged(String key, String type, JsonNode value) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException(owner + ": a state value needs a non-empty key");
        }
        ObjectNode tagged = JSON.objectNode();
        tagged.set(type, value);
        values.put(key, tagged);
        return this;
    }

    private JsonNode get(String key, String type) {
        JsonNode tagged = values.get(key);
        if (tagged == null) {
            throw new IllegalArgumentException("The saved state of " + owner + " has no '" + key + "' (it has "
                    + values.keySet() + "); the checkpoint was written by another version or another callback");
        }
        JsonNode value = tagged.get(type);
        if (value == null) {
            throw malformed(key, "a value of type " + type);
        }
        return value;
    }

    private ArrayNode array(String key, String type) {
        if (!(get(key, type) instanceof ArrayNode array)) {
            throw malformed(key, "a list");
        }
        return array;
    }

    private IllegalArgumentException malformed(String key, String expected) {
        return new IllegalArgumentException("The saved state of " + owner + " holds a malformed '" + key
                + "': expected " + expected + ", found " + values.get(key));
    }

    /** Finite doubles as JSON numbers (Java's shortest form reads back exactly); others as their names. */
    private static JsonNode doubleNode(double value) {
        return Double.isFinite(value) ? JSON.numberNode(value) : JSON.textNode(Double.toString(value));
    }

    private double toDouble(JsonNode node, String key) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            switch (node.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw malformed(key, "a number");
    }
}
