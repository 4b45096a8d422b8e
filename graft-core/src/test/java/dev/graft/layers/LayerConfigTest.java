package dev.graft.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.activations.ActivationFunction;
import dev.graft.initializers.Constant;
import dev.graft.initializers.GlorotUniform;
import dev.graft.initializers.Initializer;
import dev.graft.initializers.RandomNormal;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LayerConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every layer's config starts with Keras' base Layer options. */
    private static final List<String> BASE = List.of("name", "trainable", "dtype");

    private record Case(Layer layer, Function<LayerConfig, Layer> fromConfig, List<String> kerasKeys) {
    }

    /**
     * Each layer with options away from their defaults, its factory, and the keys of Keras 3's
     * {@code get_config()} for that layer (from keras/src/layers/...).
     */
    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(Dense.builder().setUnits(7).optActivation(ActivationFunction.TANH).optUseBias(false)
                .optKernelInitializer(new RandomNormal(0.1, 0.2, 5L)).optBiasInitializer(new Constant(0.5))
                .optName("d").optDType(DType.FLOAT64).optTrainable(false).build(), Dense::fromConfig,
                List.of("units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
                        "kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint")));
        cases.add(new Case(Conv2D.builder().setFilters(6).setKernelSize(3, 1).optStrides(2, 1).optPadding("same")
                .optGroups(2).optActivation(ActivationFunction.RELU).optKernelInitializer(new GlorotUniform(9))
                .optBiasInitializer(Constant.ONES).build(), Conv2D::fromConfig,
                List.of("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups",
                        "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
                        "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint")));
        cases.add(new Case(DepthwiseConv2D.builder().setKernelSize(5).optDepthMultiplier(3).optDilationRate(2)
                .optUseBias(false).build(), DepthwiseConv2D::fromConfig,
                List.of("depth_multiplier", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                        "activation", "use_bias", "depthwise_initializer", "bias_initializer",
                        "depthwise_regularizer", "bias_regularizer", "activity_regularizer", "depthwise_constraint",
                        "bias_constraint")));
        cases.add(new Case(SeparableConv2D.builder().setFilters(4).setKernelSize(3).optDepthMultiplier(2)
                .optPadding("same").optActivation(ActivationFunction.RELU6).build(), SeparableConv2D::fromConfig,
                List.of("depth_multiplier", "filters", "kernel_size", "strides", "padding", "data_format",
                        "dilation_rate", "activation", "use_bias", "depthwise_initializer", "pointwise_initializer",
                        "bias_initializer", "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer",
                        "activity_regularizer", "depthwise_constraint", "pointwise_constraint", "bias_constraint")));
        cases.add(new Case(BatchNormalization.builder().optMomentum(0.9).optEpsilon(1.001e-5).optCenter(false)
                .optMovingVarianceInitializer(new Constant(2)).build(), BatchNormalization::fromConfig,
                List.of("axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
                        "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer",
                        "gamma_regularizer", "beta_constraint", "gamma_constraint", "synchronized")));
        List<String> pooling = List.of("pool_size", "padding", "strides", "data_format");
        cases.add(new Case(MaxPooling2D.builder().optPoolSize(3).optStrides(2).optPadding("same").build(),
                MaxPooling2D::fromConfig, pooling));
        cases.add(new Case(AveragePooling2D.builder().optPoolSize(2, 3).build(), AveragePooling2D::fromConfig,
                pooling));
        cases.add(new Case(GlobalAveragePooling2D.builder().optKeepDims(true).build(),
                GlobalAveragePooling2D::fromConfig, List.of("data_format", "keepdims")));
        cases.add(new Case(new ZeroPadding2D(new int[][] {{0, 1}, {2, 3}}), ZeroPadding2D::fromConfig,
                List.of("padding", "data_format")));
        cases.add(new Case(Dropout.builder().setRate(0.3).optSeed(1234567890123L).build(), Dropout::fromConfig,
                List.of("rate", "seed", "noise_shape")));
        cases.add(new Case(new Rescaling(1 / 255.0, -0.5), Rescaling::fromConfig, List.of("scale", "offset")));
        cases.add(new Case(new Flatten(), Flatten::fromConfig, List.of("data_format")));
        cases.add(new Case(new Reshape(-1, 3, 2), Reshape::fromConfig, List.of("target_shape")));
        cases.add(new Case(new Add(), Add::fromConfig, List.of()));
        cases.add(new Case(new Concatenate(1), Concatenate::fromConfig, List.of("axis")));
        cases.add(new Case(new Activation("softmax"), Activation::fromConfig, List.of("activation")));
        return cases;
    }

    @Test
    void everyLayerWritesKerasKeysAndReadsItsOwnConfigBack() {
        for (Case c : cases()) {
            String what = c.layer().getClass().getSimpleName();
            ObjectNode written = c.layer().getConfig().json();
            List<String> expectedKeys = new ArrayList<>(BASE);
            expectedKeys.addAll(c.kerasKeys());
            assertEquals(expectedKeys, fieldNames(written), what);

            LayerConfig reading = LayerConfig.of(written.deepCopy());
            Layer rebuilt = c.fromConfig().apply(reading);
            reading.checkAllRead();
            assertSame(c.layer().getClass(), rebuilt.getClass(), what);
            assertEquals(written, rebuilt.getConfig().json(), what);
            assertEquals(c.layer().name(), rebuilt.name());
            assertEquals(c.layer().isTrainable(), rebuilt.isTrainable());
            assertEquals(c.layer().dtype(), rebuilt.dtype());
            c.layer().close();
            rebuilt.close();
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void optionsAreReadBackWithTheirValues() {
        Conv2D conv = Conv2D.fromConfig(LayerConfig.of(Conv2D.builder().setFilters(6).setKernelSize(3, 1)
                .optStrides(2, 1).optPadding("same").optGroups(2).build().getConfig().json()));
        assertArrayEquals(new int[] {3, 1}, conv.kernelSize());
        assertArrayEquals(new int[] {2, 1}, conv.strides());
        assertEquals(Padding.SAME, conv.padding());
        assertEquals(2, conv.groups());
        Reshape reshape = Reshape.fromConfig(LayerConfig.of(new Reshape(-1, 3).getConfig().json()));
        assertArrayEquals(new long[] {-1, 3}, reshape.targetShape());
        ZeroPadding2D padding = ZeroPadding2D.fromConfig(LayerConfig.of(
                new ZeroPadding2D(new int[][] {{0, 1}, {2, 3}}).getConfig().json()));
        assertArrayEquals(new int[][] {{0, 1}, {2, 3}}, padding.padding());
        Dropout dropout = Dropout.fromConfig(LayerConfig.of(Dropout.builder().setRate(0.3).optSeed(42).build()
                .getConfig().json()));
        assertEquals(42, dropout.seed());
        dropout.close();
    }

    @Test
    void initializersAreKerasObjects() throws Exception {
        LayerConfig c = new LayerConfig().putInitializer("a", new GlorotUniform(3))
                .putInitializer("b", new RandomNormal(0.25, 2, null)).putInitializer("c", Constant.ZEROS)
                .putInitializer("d", new Constant(1)).putInitializer("e", new Constant(-1.5));
        JsonNode expected = JSON.readTree("""
                {"a": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": 3},
                       "registered_name": null},
                 "b": {"module": "keras.initializers", "class_name": "RandomNormal",
                       "config": {"mean": 0.25, "stddev": 2.0, "seed": null}, "registered_name": null},
                 "c": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
                 "d": {"module": "keras.initializers", "class_name": "Ones", "config": {}, "registered_name": null},
                 "e": {"module": "keras.initializers", "class_name": "Constant", "config": {"value": -1.5},
                       "registered_name": null}}
                """);
        assertEquals(expected, c.json());

        LayerConfig read = LayerConfig.of(c.json());
        GlorotUniform glorot = assertInstanceOf(GlorotUniform.class, read.getInitializer("a", null));
        assertEquals(3, glorot.seed().getAsLong());
        RandomNormal normal = assertInstanceOf(RandomNormal.class, read.getInitializer("b", null));
        assertEquals(0.25, normal.mean());
        assertEquals(2, normal.stddev());
        assertFalse(normal.seed().isPresent());
        assertSame(Constant.ZEROS, read.getInitializer("c", null));
        assertSame(Constant.ONES, read.getInitializer("d", null));
        assertEquals(-1.5, ((Constant) read.getInitializer("e", null)).value());
        assertSame(Constant.ONES, read.getInitializer("absent", Constant.ONES));
        read.checkAllRead();

        // Legacy configs name built-in initializers by a string.
        LayerConfig legacy = LayerConfig.of((ObjectNode) JSON.readTree("{\"k\": \"glorot_uniform\", \"b\": \"zeros\"}"));
        assertInstanceOf(GlorotUniform.class, legacy.getInitializer("k", null));
        assertSame(Constant.ZEROS, legacy.getInitializer("b", null));

        Initializer lambda = (shape, dtype) -> Tensor.zeros(shape, dtype);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LayerConfig().putInitializer("kernel_initializer", lambda));
        assertTrue(e.getMessage().contains("'kernel_initializer'") && e.getMessage().contains("no Keras configuration"),
                e.getMessage());

        LayerConfig other = LayerConfig.of((ObjectNode) JSON.readTree("""
                {"k": {"module": "keras.initializers", "class_name": "HeNormal", "config": {"seed": null}}}"""));
        e = assertThrows(IllegalArgumentException.class, () -> other.getInitializer("k", null));
        assertTrue(e.getMessage().contains("'HeNormal' is not supported"), e.getMessage());
    }

    @Test
    void dtypeIsAPolicyOrAName() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree("""
                {"name": "d", "units": 2, "dtype": "float64"}""");
        assertEquals(DType.FLOAT64, Dense.fromConfig(LayerConfig.of(json)).dtype());
        json.set("dtype", JSON.readTree("""
                {"module": "keras", "class_name": "FloatDTypePolicy", "config": {"name": "float64"}}"""));
        assertEquals(DType.FLOAT64, Dense.fromConfig(LayerConfig.of(json)).dtype());
        json.remove("dtype");
        assertEquals(DType.FLOAT32, Dense.fromConfig(LayerConfig.of(json)).dtype());
        json.set("dtype", JSON.readTree("""
                {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "mixed_float16"}}"""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dense.fromConfig(LayerConfig.of(json)));
        assertTrue(e.getMessage().contains("'mixed_float16'"), e.getMessage());
        json.put("dtype", "int32");
        e = assertThrows(IllegalArgumentException.class, () -> Dense.fromConfig(LayerConfig.of(json)));
        assertTrue(e.getMessage().contains("float32 or float64"), e.getMessage());
    }

    @Test
    void valuesAreTypeAndRangeChecked() throws Exception {
        LayerConfig c = LayerConfig.of((ObjectNode) JSON.readTree("""
                {"big": 3000000000, "frac": 2.5, "text": "x", "shape": [null, -2], "list": [1, "a"], "nothing": null}
                """));
        assertThrows(IllegalArgumentException.class, () -> c.getInt("big"));
        assertEquals(3000000000L, c.getLongOrNull("big"));
        assertThrows(IllegalArgumentException.class, () -> c.getInt("frac"));
        assertThrows(IllegalArgumentException.class, () -> c.getDouble("text"));
        assertThrows(IllegalArgumentException.class, () -> c.getBoolean("text", false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.getShape("shape"));
        assertTrue(e.getMessage().contains("Option 'shape'") && e.getMessage().contains(">= 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.getInts("list"));
        e = assertThrows(IllegalArgumentException.class, () -> c.getInt("nothing"));
        assertTrue(e.getMessage().contains("'nothing' is required but is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.getString("absent"));
        assertTrue(e.getMessage().contains("'absent' is required but is missing"), e.getMessage());
        assertEquals(7, c.getInt("absent", 7));
        assertEquals(Shape.batchOf(3), LayerConfig.of((ObjectNode) JSON.readTree("{\"s\": [null, 3]}")).getShape("s"));
    }

    @Test
    void unreadOptionsAreRefusedUnlessNull() throws Exception {
        ObjectNode json = Dense.builder().setUnits(2).build().getConfig().json();
        json.putNull("quantization_config");
        LayerConfig lenient = LayerConfig.of(json);
        Dense.fromConfig(lenient);
        lenient.checkAllRead();

        json.put("lora_rank", 4);
        LayerConfig strict = LayerConfig.of(json);
        Dense.fromConfig(strict);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, strict::checkAllRead);
        assertTrue(e.getMessage().contains("lora_rank=4"), e.getMessage());

        json.remove("lora_rank");
        json.put("data_format", "channels_first");
        e = assertThrows(IllegalArgumentException.class, () -> Flatten.fromConfig(LayerConfig.of(json)));
        assertTrue(e.getMessage().contains("'data_format' = \"channels_first\" is not supported")
                && e.getMessage().contains("\"channels_last\""), e.getMessage());
    }

    @Test
    void batchRenormalizationIsRefused() throws Exception {
        ObjectNode json = new BatchNormalization().getConfig().json();
        json.put("renorm", true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchNormalization.fromConfig(LayerConfig.of(json)));
        assertTrue(e.getMessage().contains("'renorm'"), e.getMessage());
        json.put("renorm", false);
        json.put("renorm_momentum", 0.99);
        json.put("synchronized", true);
        LayerConfig c = LayerConfig.of(json);
        BatchNormalization.fromConfig(c);
        c.checkAllRead();
    }

    @Test
    void inputLayerConfigIsKerasOwn() throws Exception {
        InputLayer input = (InputLayer) Input.of(Shape.of(Shape.UNKNOWN, 4, Shape.UNKNOWN), DType.UINT8, "pixels")
                .node().layer();
        JsonNode expected = JSON.readTree("""
                {"batch_shape": [null, 4, null], "dtype": "uint8", "sparse": false, "ragged": false,
                 "name": "pixels", "optional": false}""");
        assertEquals(expected, input.getConfig().json());
        InputLayer back = InputLayer.fromConfig(LayerConfig.of(input.getConfig().json()));
        assertEquals(input.shape(), back.shape());
        assertEquals(DType.UINT8, back.dtype());
        assertEquals("pixels", back.name());
    }

    @Test
    void weightSizeLimitRefusesLargeWeightsBeforeAllocating() {
        Dense dense = new Dense(1000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layer.withWeightSizeLimit(999, () -> {
                    dense.build(Shape.batchOf(1));
                    return dense;
                }));
        assertTrue(e.getMessage().contains("weight 'kernel' of shape (1, 1000)")
                && e.getMessage().contains("over the limit of 999"), e.getMessage());
        assertFalse(dense.isBuilt());
        Layer.withWeightSizeLimit(1000, () -> {
            dense.build(Shape.batchOf(1));
            return dense;
        });
        assertTrue(dense.isBuilt());
        dense.close();
    }
}
