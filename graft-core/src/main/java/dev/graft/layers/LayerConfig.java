package dev.graft.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.activations.ActivationFunction;
import dev.graft.initializers.Constant;
import dev.graft.initializers.GlorotUniform;
import dev.graft.initializers.Initializer;
import dev.graft.initializers.RandomNormal;
import dev.graft.initializers.VarianceScaling;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.DoubleStream;

/**
 * The configuration of one layer in Keras' schema: the {@code "config"} object of a layer in the
 * {@code config.json} of a {@code .keras} file. {@link Layer#getConfig()} writes it and each layer's static
 * {@code fromConfig(LayerConfig)} reads it back. Values are JSON: numbers, booleans, strings, {@code null},
 * lists (Keras' tuples) and objects (Keras-serialized initializers and dtype policies).
 *
 * <p>Writing ({@code put...}) keeps the insertion order. Reading ({@code get...}) checks each value's type
 * and range and records which options were read; {@link #checkAllRead()} then refuses any other option that
 * is set (not {@code null}), because silently dropping a setting Graft does not implement would change the
 * model. A layer implements both directions in a few lines:
 * <pre>{@code
 * protected void writeConfig(LayerConfig c) {
 *     c.put("rate", rate).put("seed", seed());
 * }
 *
 * public static Dropout fromConfig(LayerConfig c) {
 *     return c.common(builder()).setRate(c.getDouble("rate")).build();
 * }
 * }</pre>
 */
public final class LayerConfig {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode json;
    private final Set<String> read = new HashSet<>();

    /** An empty configuration, to write into. */
    public LayerConfig() {
        this(NODES.objectNode());
    }

    private LayerConfig(ObjectNode json) {
        this.json = json;
    }

    /** A configuration to read: the {@code "config"} object of a serialized layer. */
    public static LayerConfig of(ObjectNode json) {
        return new LayerConfig(json);
    }

    /** The JSON object itself, in insertion order (shared, not copied). */
    public ObjectNode json() {
        return json;
    }

    // ---- writing ----------------------------------------------------------------------------------

    public LayerConfig put(String key, String value) {
        json.put(key, value);
        return this;
    }

    public LayerConfig put(String key, boolean value) {
        json.put(key, value);
        return this;
    }

    public LayerConfig put(String key, int value) {
        json.put(key, value);
        return this;
    }

    public LayerConfig put(String key, long value) {
        json.set(key, integer(value));
        return this;
    }

    /** An int node when {@code value} fits one, as a JSON parser reads it back, else a long node. */
    private static JsonNode integer(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    public LayerConfig put(String key, double value) {
        json.put(key, value);
        return this;
    }

    /** {@code null} for each key: the Keras options Graft has no setting for (regularizers, constraints). */
    public LayerConfig putNull(String... keys) {
        for (String key : keys) {
            json.putNull(key);
        }
        return this;
    }

    /** A Keras tuple of ints, such as {@code kernel_size} {@code [3, 3]}. */
    public LayerConfig putInts(String key, int... values) {
        ArrayNode list = json.putArray(key);
        for (int v : values) {
            list.add(v);
        }
        return this;
    }

    /** A Keras tuple of ints that may exceed the int range, such as Reshape's {@code target_shape}. */
    public LayerConfig putLongs(String key, long... values) {
        ArrayNode list = json.putArray(key);
        for (long v : values) {
            list.add(integer(v));
        }
        return this;
    }

    /** A tuple of int tuples, such as ZeroPadding2D's {@code ((top, bottom), (left, right))}. */
    public LayerConfig putIntArrays(String key, int[][] values) {
        ArrayNode outer = json.putArray(key);
        for (int[] row : values) {
            ArrayNode inner = outer.addArray();
            for (int v : row) {
                inner.add(v);
            }
        }
        return this;
    }

    /**
     * Numbers shaped as {@code shape}, as Keras writes a list or array option (numpy's {@code tolist()}):
     * a single number for shape {@code []}, a list for {@code [n]}, nested lists for more dimensions.
     *
     * @param values the numbers in row-major order, as many as the shape holds
     */
    public LayerConfig putArray(String key, double[] values, long... shape) {
        if (Shape.of(shape).size() != values.length) {
            throw new IllegalArgumentException("Option '" + key + "': " + values.length + " values do not fill shape "
                    + Arrays.toString(shape));
        }
        json.set(key, arrayJson(values, shape, 0, 0));
        return this;
    }

    private static JsonNode arrayJson(double[] values, long[] shape, int axis, int offset) {
        if (axis == shape.length) {
            return NODES.numberNode(values[offset]);
        }
        ArrayNode list = NODES.arrayNode();
        int stride = 1;
        for (int a = axis + 1; a < shape.length; a++) {
            stride *= (int) shape[a];
        }
        for (int i = 0; i < shape[axis]; i++) {
            list.add(arrayJson(values, shape, axis + 1, offset + i * stride));
        }
        return list;
    }

    /** A shape as Keras writes it: a list with {@code null} for each unknown dimension. */
    public LayerConfig putShape(String key, Shape shape) {
        json.set(key, shapeJson(shape));
        return this;
    }

    /**
     * The activation by the name Keras serializes it with, e.g. {@code "relu"}. Keras writes a function's own
     * name, and {@code swish} is an alias of {@code silu}, so both are written {@code "silu"}.
     */
    public LayerConfig putActivation(String key, ActivationFunction activation) {
        ActivationFunction function = activation == ActivationFunction.SWISH ? ActivationFunction.SILU : activation;
        return put(key, function.kerasName());
    }

    /**
     * The initializer as Keras serializes it, e.g. {@code {"module": "keras.initializers", "class_name":
     * "GlorotUniform", "config": {"seed": null}, "registered_name": null}}.
     *
     * @throws IllegalArgumentException for an initializer Keras has no equivalent of (a lambda, say)
     */
    public LayerConfig putInitializer(String key, Initializer initializer) {
        json.set(key, initializerJson(key, initializer));
        return this;
    }

    /** Keras' dtype policy object, {@code {"module": "keras", "class_name": "DTypePolicy", ...}}. */
    public LayerConfig putDTypePolicy(String key, DType dtype) {
        ObjectNode inner = NODES.objectNode();
        inner.put("name", dtype.kerasName());
        json.set(key, kerasObject("keras", "DTypePolicy", inner));
        return this;
    }

    /** A shape as Keras writes it: a JSON list with {@code null} for each unknown dimension. */
    public static ArrayNode shapeJson(Shape shape) {
        ArrayNode list = NODES.arrayNode();
        for (long d : shape.dims()) {
            if (d == Shape.UNKNOWN) {
                list.addNull();
            } else {
                list.add(integer(d));
            }
        }
        return list;
    }

    /** {@code {"module", "class_name", "config", "registered_name": null}}: a built-in Keras object. */
    private static ObjectNode kerasObject(String module, String className, ObjectNode config) {
        ObjectNode o = NODES.objectNode();
        o.put("module", module);
        o.put("class_name", className);
        o.set("config", config);
        o.putNull("registered_name");
        return o;
    }

    private static ObjectNode initializerJson(String key, Initializer initializer) {
        ObjectNode config = NODES.objectNode();
        String className;
        if (initializer instanceof GlorotUniform g) {
            className = "GlorotUniform";
            putSeed(config, g.seed().isPresent() ? g.seed().getAsLong() : null);
        } else if (initializer instanceof RandomNormal r) {
            className = "RandomNormal";
            config.put("mean", r.mean());
            config.put("stddev", r.stddev());
            putSeed(config, r.seed().isPresent() ? r.seed().getAsLong() : null);
        } else if (initializer instanceof VarianceScaling v) {
            className = "VarianceScaling";
            putSeed(config, v.seed().isPresent() ? v.seed().getAsLong() : null);
            config.put("scale", v.scale());
            config.put("mode", v.mode().name().toLowerCase(Locale.ROOT));
            config.put("distribution", v.distribution().name().toLowerCase(Locale.ROOT));
        } else if (initializer instanceof Constant c) {
            if (c.value() == 0) {
                className = "Zeros";
            } else if (c.value() == 1) {
                className = "Ones";
            } else {
                className = "Constant";
                config.put("value", c.value());
            }
        } else {
            throw new IllegalArgumentException("Option '" + key + "': initializer " + initializer + " ("
                    + initializer.getClass().getName() + ") has no Keras configuration; use GlorotUniform, "
                    + "RandomNormal, VarianceScaling or Constant");
        }
        return kerasObject("keras.initializers", className, config);
    }

    private static void putSeed(ObjectNode config, Long seed) {
        config.set("seed", seed == null ? NODES.nullNode() : integer(seed));
    }

    // ---- reading ----------------------------------------------------------------------------------

    /** Whether {@code key} is present with a value other than {@code null}. */
    public boolean has(String key) {
        JsonNode v = json.get(key);
        return v != null && !v.isNull();
    }

    /** The value of {@code key}, marked as read; null when absent or JSON {@code null}. */
    private JsonNode take(String key) {
        read.add(key);
        JsonNode v = json.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private JsonNode require(String key) {
        JsonNode v = take(key);
        if (v == null) {
            throw error(key, "is required but " + (json.has(key) ? "is null" : "is missing"));
        }
        return v;
    }

    /** A required int. */
    public int getInt(String key) {
        return toInt(key, require(key));
    }

    /** An int, or {@code defaultValue} when absent or {@code null}. */
    public int getInt(String key, int defaultValue) {
        JsonNode v = take(key);
        return v == null ? defaultValue : toInt(key, v);
    }

    /** A long, or null when absent or {@code null} (an unseeded {@code seed}, say). */
    public Long getLongOrNull(String key) {
        JsonNode v = take(key);
        return v == null ? null : toLong(key, v);
    }

    /** Whether {@code key} is present with the value {@code null}: Keras' {@code None} where it differs from absent. */
    public boolean isNull(String key) {
        JsonNode v = json.get(key);
        return v != null && v.isNull();
    }

    /** A number, or null when absent or {@code null} (ReLU's unbounded {@code max_value}, say). */
    public Double getDoubleOrNull(String key) {
        JsonNode v = take(key);
        return v == null ? null : toDouble(key, v);
    }

    /** A required number. */
    public double getDouble(String key) {
        return toDouble(key, require(key));
    }

    /** A number, or {@code defaultValue} when absent or {@code null}. */
    public double getDouble(String key, double defaultValue) {
        JsonNode v = take(key);
        return v == null ? defaultValue : toDouble(key, v);
    }

    /** A boolean, or {@code defaultValue} when absent or {@code null}. */
    public boolean getBoolean(String key, boolean defaultValue) {
        JsonNode v = take(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            throw error(key, "must be true or false, received " + v);
        }
        return v.booleanValue();
    }

    /** A required string. */
    public String getString(String key) {
        return toText(key, require(key));
    }

    /** A string, or {@code defaultValue} when absent or {@code null}. */
    public String getString(String key, String defaultValue) {
        JsonNode v = take(key);
        return v == null ? defaultValue : toText(key, v);
    }

    /** A required Keras tuple of ints; a single int is accepted too, as Keras accepts it. */
    public int[] getInts(String key) {
        return toInts(key, require(key));
    }

    /** A Keras tuple of ints (or a single int), or {@code defaultValue} when absent or {@code null}. */
    public int[] getInts(String key, int[] defaultValue) {
        JsonNode v = take(key);
        return v == null ? defaultValue : toInts(key, v);
    }

    private static int[] toInts(String key, JsonNode v) {
        if (!v.isArray()) {
            return new int[] {toInt(key, v)};
        }
        int[] values = new int[v.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = toInt(key, v.get(i));
        }
        return values;
    }

    /** A required list of integers in the long range. */
    public long[] getLongs(String key) {
        JsonNode v = require(key);
        if (!v.isArray()) {
            throw error(key, "must be a list of integers, received " + v);
        }
        long[] values = new long[v.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = toLong(key, v.get(i));
        }
        return values;
    }

    /** A required list of int lists, such as {@code [[0, 1], [0, 1]]}. */
    public int[][] getIntArrays(String key) {
        JsonNode v = require(key);
        if (!v.isArray()) {
            throw error(key, "must be a list of lists of integers, received " + v);
        }
        int[][] rows = new int[v.size()][];
        for (int i = 0; i < rows.length; i++) {
            JsonNode row = v.get(i);
            if (!row.isArray()) {
                throw error(key, "must be a list of lists of integers, received " + v);
            }
            rows[i] = new int[row.size()];
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] = toInt(key, row.get(j));
            }
        }
        return rows;
    }

    /**
     * Required numbers as Keras writes a list or array option: a single number, a
     * (nested, rectangular) list of numbers, or a numpy array or tensor ({@code {"class_name": "__numpy__",
     * "config": {"value": [...], "dtype": ...}}}).
     */
    public NumberArray getArray(String key) {
        if (!has(key)) {
            take(key);
            throw error(key, "is required but " + (json.has(key) ? "is null" : "is missing"));
        }
        return getArrayOrNull(key);
    }

    /** As {@link #getArray}, or null when absent or {@code null}. */
    public NumberArray getArrayOrNull(String key) {
        JsonNode v = take(key);
        if (v == null) {
            return null;
        }
        JsonNode value = v;
        if (v.isObject()) {
            String className = v.path("class_name").asText();
            value = v.path("config").get("value");
            if (!(className.equals("__numpy__") || className.equals("__tensor__")) || value == null) {
                throw error(key, "must be a number, a list of numbers or a numpy array, received " + v);
            }
        }
        List<Long> shape = new ArrayList<>();
        for (JsonNode n = value; n.isArray(); n = n.size() == 0 ? NODES.nullNode() : n.get(0)) {
            shape.add((long) n.size());
        }
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        DoubleStream.Builder values = DoubleStream.builder();
        collect(key, v, value, dims, 0, values);
        return new NumberArray(values.build().toArray(), dims);
    }

    private static void collect(String key, JsonNode whole, JsonNode node, long[] dims, int axis,
            DoubleStream.Builder into) {
        if (axis == dims.length) {
            if (!node.isNumber()) {
                throw error(key, "must hold only numbers, received " + whole);
            }
            into.add(node.doubleValue());
            return;
        }
        if (!node.isArray() || node.size() != dims[axis]) {
            throw error(key, "must be a rectangular list of numbers (every list at one depth of the same length), "
                    + "received " + whole);
        }
        for (JsonNode element : node) {
            collect(key, whole, element, dims, axis + 1, into);
        }
    }

    /**
     * Numbers read by {@link #getArrayOrNull}: the values in row-major order and their shape, {@code []} for a
     * single number.
     */
    public record NumberArray(double[] values, long[] shape) {
        /** Whether it was a single number rather than a list. */
        public boolean isScalar() {
            return shape.length == 0;
        }
    }

    /** A required shape: a list of dimensions, {@code null} for unknown ones. */
    public Shape getShape(String key) {
        JsonNode v = require(key);
        if (!v.isArray()) {
            throw error(key, "must be a shape (a list of integers and nulls), received " + v);
        }
        long[] dims = new long[v.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = v.get(i);
            dims[i] = d.isNull() ? Shape.UNKNOWN : toLong(key, d);
            if (!d.isNull() && dims[i] < 0) {
                throw error(key, "must have dimensions >= 0 (or null), received " + v);
            }
        }
        return Shape.of(dims);
    }

    /** An activation by its Keras name; linear when absent or {@code null}, as in Keras. */
    public ActivationFunction getActivation(String key) {
        JsonNode v = take(key);
        if (v == null) {
            return ActivationFunction.LINEAR;
        }
        if (!v.isTextual()) {
            throw error(key, "must be the name of an activation, one of " + activationNames() + ", received " + v);
        }
        try {
            return ActivationFunction.of(v.textValue());
        } catch (IllegalArgumentException e) {
            throw error(key, "names an unsupported activation: " + e.getMessage());
        }
    }

    private static List<String> activationNames() {
        return Arrays.stream(ActivationFunction.values()).map(ActivationFunction::kerasName).toList();
    }

    /**
     * A Keras-serialized initializer ({@code GlorotUniform}, {@code RandomNormal}, {@code Zeros},
     * {@code Ones}, {@code Constant}, or one of their snake-case names), or {@code defaultValue} when absent.
     */
    public Initializer getInitializer(String key, Initializer defaultValue) {
        JsonNode v = take(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.isTextual()) {
            return switch (v.textValue()) {
                case "glorot_uniform" -> new GlorotUniform();
                case "random_normal" -> new RandomNormal();
                case "variance_scaling" -> new VarianceScaling();
                case "zeros" -> Constant.ZEROS;
                case "ones" -> Constant.ONES;
                default -> throw error(key, "names an unsupported initializer '" + v.textValue() + "'; supported: "
                        + "glorot_uniform, random_normal, variance_scaling, zeros, ones");
            };
        }
        LayerConfig inner = LayerConfig.of(kerasObjectConfig(key, v, "keras.initializers"));
        Initializer initializer;
        try {
            initializer = switch (v.get("class_name").textValue()) {
                case "GlorotUniform" -> seeded(inner.getLongOrNull("seed"));
                case "RandomNormal" -> new RandomNormal(inner.getDouble("mean", 0.0), inner.getDouble("stddev", 0.05),
                        inner.getLongOrNull("seed"));
                case "VarianceScaling" -> varianceScaling(inner);
                case "Zeros" -> Constant.ZEROS;
                case "Ones" -> Constant.ONES;
                case "Constant" -> new Constant(inner.getDouble("value", 0.0));
                default -> throw new IllegalArgumentException("class '" + v.get("class_name").textValue()
                        + "' is not supported; supported: GlorotUniform, RandomNormal, VarianceScaling, Zeros, Ones, "
                        + "Constant");
            };
            inner.checkAllRead();
        } catch (IllegalArgumentException e) {
            throw error(key, "holds an initializer Graft cannot read: " + e.getMessage());
        }
        return initializer;
    }

    /** Keras' {@code VarianceScaling} config; its {@code "normal"} distribution is the truncated normal. */
    private static VarianceScaling varianceScaling(LayerConfig c) {
        double scale = c.getDouble("scale", 1.0);
        String mode = c.getString("mode", "fan_in");
        String distribution = c.getString("distribution", "truncated_normal").toLowerCase(Locale.ROOT);
        if (distribution.equals("normal")) {
            distribution = "truncated_normal";
        }
        return new VarianceScaling(scale, kerasEnum(VarianceScaling.Mode.class, "mode", mode),
                kerasEnum(VarianceScaling.Distribution.class, "distribution", distribution), c.getLongOrNull("seed"));
    }

    /** The constant whose lower-case name is {@code name}, as Keras spells the options of VarianceScaling. */
    private static <E extends Enum<E>> E kerasEnum(Class<E> type, String key, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(name)) {
                return e;
            }
        }
        throw error(key, "= '" + name + "' is not supported; supported: " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }

    private static GlorotUniform seeded(Long seed) {
        return seed == null ? new GlorotUniform() : new GlorotUniform(seed);
    }

    /**
     * The type of {@code key}: a name such as {@code "float32"}, or a Keras dtype policy object
     * ({@code DTypePolicy}, {@code FloatDTypePolicy}); float32 when absent, Keras' default policy.
     */
    public DType getDType(String key) {
        JsonNode v = take(key);
        if (v == null) {
            return DType.FLOAT32;
        }
        String name;
        if (v.isTextual()) {
            name = v.textValue();
        } else {
            String className = v.path("class_name").asText();
            if (!className.equals("DTypePolicy") && !className.equals("FloatDTypePolicy")) {
                throw error(key, "must be a dtype name or a DTypePolicy, received " + v);
            }
            LayerConfig inner = LayerConfig.of(kerasObjectConfig(key, v, "keras"));
            name = inner.getString("name");
            inner.checkAllRead();
        }
        for (DType t : DType.values()) {
            if (t.kerasName().equals(name)) {
                return t;
            }
        }
        throw error(key, "names dtype '" + name + "', which Graft does not support; supported: "
                + Arrays.stream(DType.values()).map(DType::kerasName).toList());
    }

    /** The inner config of a serialized Keras object, after checking that it is a built-in one. */
    private ObjectNode kerasObjectConfig(String key, JsonNode v, String expectedModule) {
        if (!v.isObject() || !v.path("class_name").isTextual()) {
            throw error(key, "must be a Keras object with a 'class_name', received " + v);
        }
        String module = v.path("module").asText(expectedModule);
        if (!module.equals("keras") && !module.startsWith("keras.")) {
            throw error(key, "is a custom object from module '" + module + "', which Graft cannot load");
        }
        JsonNode config = v.get("config");
        if (config == null || config.isNull()) {
            return NODES.objectNode();
        }
        if (!config.isObject()) {
            throw error(key, "must have an object as 'config', received " + v);
        }
        return (ObjectNode) config;
    }

    /**
     * Marks {@code key} as read, after checking that it is absent, {@code null} or equal to
     * {@code supported}: for Keras options of which Graft implements one value, such as
     * {@code data_format} {@code "channels_last"}.
     */
    public LayerConfig expect(String key, Object supported) {
        JsonNode v = take(key);
        if (v != null && !matches(v, supported)) {
            String expected = supported instanceof String s ? "\"" + s + "\"" : String.valueOf(supported);
            throw error(key, "= " + v + " is not supported; Graft implements only " + expected);
        }
        return this;
    }

    private static boolean matches(JsonNode v, Object supported) {
        if (supported instanceof String s) {
            return v.isTextual() && v.textValue().equals(s);
        }
        if (supported instanceof Boolean b) {
            return v.isBoolean() && v.booleanValue() == b;
        }
        if (supported instanceof Number n) {
            return v.isNumber() && v.doubleValue() == n.doubleValue();
        }
        return false;
    }

    /** Marks options as read without using them: settings that have no effect in Graft. */
    public LayerConfig ignore(String... keys) {
        read.addAll(Arrays.asList(keys));
        return this;
    }

    /**
     * Applies the options every layer has ({@code name}, {@code trainable}, {@code dtype}) to
     * {@code builder}, and returns it for the layer's own options.
     */
    public <B extends Layer.Builder<B>> B common(B builder) {
        builder.optName(getString("name", null));
        builder.optTrainable(getBoolean("trainable", true));
        DType dtype = getDType("dtype");
        if (!dtype.isFloating()) {
            throw error("dtype", "is " + dtype + "; layers compute in float32 or float64");
        }
        builder.optDType(dtype);
        // Keras' autocast only matters for mixed precision, which Graft's float policies never use.
        ignore("autocast");
        return builder;
    }

    /**
     * Fails if an option that was not read is set (not {@code null}): Graft would ignore it and build a
     * different layer than the configuration describes.
     */
    public void checkAllRead() {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            if (!read.contains(e.getKey()) && !e.getValue().isNull()) {
                unknown.add(e.getKey() + "=" + e.getValue());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("The configuration sets options Graft does not implement: " + unknown
                    + "; remove them (or set them to null) to load it");
        }
    }

    private static int toInt(String key, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw error(key, "must be an integer in [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "], received "
                    + v);
        }
        return v.intValue();
    }

    private static long toLong(String key, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error(key, "must be an integer in [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "], received " + v);
        }
        return v.longValue();
    }

    private static double toDouble(String key, JsonNode v) {
        if (!v.isNumber()) {
            throw error(key, "must be a number, received " + v);
        }
        return v.doubleValue();
    }

    private static String toText(String key, JsonNode v) {
        if (!v.isTextual()) {
            throw error(key, "must be a string, received " + v);
        }
        return v.textValue();
    }

    private static IllegalArgumentException error(String key, String problem) {
        return new IllegalArgumentException("Option '" + key + "' " + problem);
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
