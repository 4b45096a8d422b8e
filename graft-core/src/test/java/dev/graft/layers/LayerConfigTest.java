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
import dev.graft.initializers.VarianceScaling;
import dev.graft.initializers.VarianceScaling.Distribution;
import dev.graft.initializers.VarianceScaling.Mode;
import dev.graft.layers.preprocessing.FactorRange;
import dev.graft.layers.preprocessing.FlipMode;
import dev.graft.layers.preprocessing.RandomContrast;
import dev.graft.layers.preprocessing.RandomCrop;
import dev.graft.layers.preprocessing.RandomFlip;
import dev.graft.layers.preprocessing.RandomRotation;
import dev.graft.layers.preprocessing.RandomTranslation;
import dev.graft.layers.preprocessing.RandomZoom;
import dev.graft.tensor.FillMode;
import dev.graft.tensor.Interpolation;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LayerConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every layer's config starts with Keras' base Layer options. */
    private static final List<String> BASE = List.of("name", "trainable", "dtype");
    private static final List<String> DENSE_KEYS = List.of("units", "activation", "use_bias", "kernel_initializer",
            "bias_initializer", "kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint");
    private static final List<String> CONV_KEYS = List.of("filters", "kernel_size", "strides", "padding",
            "data_format", "dilation_rate", "groups", "activation", "use_bias", "kernel_initializer",
            "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
            "bias_constraint");

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
                .optName("d").optDType(DType.FLOAT64).optTrainable(false).build(), Dense::fromConfig, DENSE_KEYS));
        cases.add(new Case(Conv2D.builder().setFilters(6).setKernelSize(3, 1).optStrides(2, 1).optPadding("same")
                .optGroups(2).optActivation(ActivationFunction.RELU).optKernelInitializer(new GlorotUniform(9))
                .optBiasInitializer(Constant.ONES).build(), Conv2D::fromConfig, CONV_KEYS));
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
        // Layers added for Keras applications and the random augmentation layers.
        cases.add(new Case(new ReLU(6.0, 0.1, 0.5), ReLU::fromConfig,
                List.of("max_value", "negative_slope", "threshold")));
        cases.add(new Case(new ReLU(), ReLU::fromConfig, List.of("max_value", "negative_slope", "threshold")));
        cases.add(new Case(new Multiply(), Multiply::fromConfig, List.of()));
        List<String> normalization = List.of("axis", "invert", "mean", "variance");
        cases.add(new Case(Normalization.builder().optAxis(1, -1).optInvert(true).build(), Normalization::fromConfig,
                normalization));
        cases.add(new Case(new Normalization(new double[] {1, 2, 3}, new double[] {4, 5, 6}),
                Normalization::fromConfig, normalization));
        cases.add(new Case(Normalization.builder().optAxis().optMean(0.5).optVariance(2).build(),
                Normalization::fromConfig, normalization));
        cases.add(new Case(GlobalMaxPooling2D.builder().optKeepDims(true).build(), GlobalMaxPooling2D::fromConfig,
                List.of("data_format", "keepdims")));
        cases.add(new Case(Dropout.builder().setRate(0.2).optSeed(3).optNoiseShape(Shape.UNKNOWN, 1, 1, 1).build(),
                Dropout::fromConfig, List.of("rate", "seed", "noise_shape")));
        cases.add(new Case(Rescaling.builder().setScale(0.5, 0.25, 2).optOffset(-1).build(), Rescaling::fromConfig,
                List.of("scale", "offset")));
        cases.add(new Case(Dense.builder().setUnits(3).optActivation(ActivationFunction.SILU)
                .optKernelInitializer(new VarianceScaling(1 / 3.0, Mode.FAN_OUT, Distribution.UNIFORM, null))
                .build(), Dense::fromConfig, DENSE_KEYS));
        cases.add(new Case(Conv2D.builder().setFilters(2).setKernelSize(1).optActivation(ActivationFunction.SWISH)
                .optKernelInitializer(new VarianceScaling(2, Mode.FAN_OUT, Distribution.TRUNCATED_NORMAL, 8L))
                .build(), Conv2D::fromConfig, CONV_KEYS));
        cases.add(new Case(RandomFlip.builder().optMode(FlipMode.VERTICAL).optSeed(1).build(), RandomFlip::fromConfig,
                List.of("seed", "mode", "data_format")));
        cases.add(new Case(new RandomRotation(0.2, FillMode.CONSTANT, Interpolation.NEAREST, 1.5),
                RandomRotation::fromConfig,
                List.of("factor", "data_format", "fill_mode", "fill_value", "interpolation", "seed")));
        List<String> affine = List.of("height_factor", "width_factor", "fill_mode", "interpolation", "seed",
                "fill_value", "data_format");
        cases.add(new Case(new RandomZoom(0.3), RandomZoom::fromConfig, affine));
        cases.add(new Case(RandomZoom.builder().setHeightFactor(-0.2, 0.1).optWidthFactor(0.4)
                .optFillMode(FillMode.WRAP).build(), RandomZoom::fromConfig, affine));
        cases.add(new Case(RandomTranslation.builder().setHeightFactor(0.1).setWidthFactor(-0.3, 0.2)
                .optFillMode(FillMode.NEAREST).optSeed(-4).build(), RandomTranslation::fromConfig, affine));
        cases.add(new Case(RandomContrast.builder().setFactor(0.2, 0.5).optValueRange(0, 1).build(),
                RandomContrast::fromConfig, List.of("factor", "value_range", "seed")));
        cases.add(new Case(new RandomCrop(5, 7), RandomCrop::fromConfig,
                List.of("height", "width", "seed", "data_format")));
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
    void varianceScalingIsAKerasObject() throws Exception {
        LayerConfig c = new LayerConfig()
                .putInitializer("a", new VarianceScaling(2.0, Mode.FAN_OUT, Distribution.TRUNCATED_NORMAL, 8L))
                .putInitializer("b", new VarianceScaling(1 / 4.0, Mode.FAN_AVG, Distribution.UNIFORM, null));
        JsonNode expected = JSON.readTree("""
                {"a": {"module": "keras.initializers", "class_name": "VarianceScaling",
                       "config": {"seed": 8, "scale": 2.0, "mode": "fan_out", "distribution": "truncated_normal"},
                       "registered_name": null},
                 "b": {"module": "keras.initializers", "class_name": "VarianceScaling",
                       "config": {"seed": null, "scale": 0.25, "mode": "fan_avg", "distribution": "uniform"},
                       "registered_name": null}}
                """);
        assertEquals(expected, c.json());
        LayerConfig read = LayerConfig.of(c.json());
        VarianceScaling a = assertInstanceOf(VarianceScaling.class, read.getInitializer("a", null));
        assertEquals(2.0, a.scale());
        assertEquals(Mode.FAN_OUT, a.mode());
        assertEquals(Distribution.TRUNCATED_NORMAL, a.distribution());
        assertEquals(8, a.seed().getAsLong());
        VarianceScaling b = assertInstanceOf(VarianceScaling.class, read.getInitializer("b", null));
        assertEquals(Distribution.UNIFORM, b.distribution());
        assertFalse(b.seed().isPresent());

        // Keras' alias "normal" is the truncated normal; its defaults fill what is absent.
        LayerConfig keras = LayerConfig.of((ObjectNode) JSON.readTree("""
                {"k": {"module": "keras.initializers", "class_name": "VarianceScaling",
                       "config": {"distribution": "normal"}},
                 "s": "variance_scaling",
                 "bad": {"module": "keras.initializers", "class_name": "VarianceScaling",
                         "config": {"mode": "fan_sum"}}}"""));
        VarianceScaling k = assertInstanceOf(VarianceScaling.class, keras.getInitializer("k", null));
        assertEquals(Distribution.TRUNCATED_NORMAL, k.distribution());
        assertEquals(Mode.FAN_IN, k.mode());
        assertEquals(1.0, k.scale());
        VarianceScaling defaults = assertInstanceOf(VarianceScaling.class, keras.getInitializer("s", null));
        assertEquals(Distribution.TRUNCATED_NORMAL, defaults.distribution());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> keras.getInitializer("bad", null));
        assertTrue(e.getMessage().contains("'bad'") && e.getMessage().contains("'fan_sum'")
                && e.getMessage().contains("fan_avg"), e.getMessage());
    }

    @Test
    void swishIsWrittenAsKerasWritesIt() throws Exception {
        // Keras serializes an activation by its function's name; swish is an alias of silu.
        Dense swish = Dense.builder().setUnits(2).optActivation(ActivationFunction.SWISH).build();
        assertEquals("silu", swish.getConfig().json().get("activation").textValue());
        assertEquals("silu", new Activation(ActivationFunction.SILU).getConfig().json().get("activation").textValue());
        ObjectNode json = (ObjectNode) JSON.readTree("{\"activation\": \"swish\"}");
        assertEquals(ActivationFunction.SWISH, Activation.fromConfig(LayerConfig.of(json)).activation());
    }

    @Test
    void reluMaxValueIsNullWhenUnbounded() throws Exception {
        assertTrue(new ReLU().getConfig().json().get("max_value").isNull());
        ReLU relu6 = ReLU.fromConfig(LayerConfig.of((ObjectNode) JSON.readTree("""
                {"name": "r", "max_value": 6, "negative_slope": 0.0, "threshold": 0.0}""")));
        assertEquals(6.0, relu6.maxValue());
        ReLU plain = ReLU.fromConfig(LayerConfig.of((ObjectNode) JSON.readTree("{\"max_value\": null}")));
        assertEquals(null, plain.maxValue());
        assertEquals(0, plain.negativeSlope());
    }

    @Test
    void normalizationStatisticsAreWrittenAsKerasBroadcastsThem() throws Exception {
        Normalization perChannel = new Normalization(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        assertEquals(JSON.readTree("[-1]"), perChannel.getConfig().json().get("axis"));
        assertEquals(JSON.readTree("[1.0, 2.0, 3.0]"), perChannel.getConfig().json().get("mean"));
        Normalization global = Normalization.builder().optAxis().optMean(0.5).optVariance(2).build();
        assertEquals(JSON.readTree("[]"), global.getConfig().json().get("axis"));
        assertEquals(JSON.readTree("0.5"), global.getConfig().json().get("mean"));
        Normalization adapted = new Normalization();
        assertTrue(adapted.getConfig().json().get("mean").isNull());
        assertTrue(adapted.getConfig().json().get("variance").isNull());

        // Once built over two kept axes, the statistics take their shape, which Keras needs to broadcast them.
        double[] mean = {1, 2, 3, 4, 5, 6};
        double[] variance = {1, 4, 9, 16, 25, 36};
        try (TensorScope scope = TensorScope.open();
                Normalization two = Normalization.builder().optAxis(1, 2).optMean(mean).optVariance(variance).build()) {
            Tensor x = Tensor.of(new float[] {7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8}, 1, 2, 3, 2);
            float[] expected = two.call(x).toFloatArray();
            ObjectNode written = two.getConfig().json();
            assertEquals(JSON.readTree("[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]"), written.get("mean"));
            assertEquals(JSON.readTree("[1, 2]"), written.get("axis"));
            Normalization back = Normalization.fromConfig(LayerConfig.of(written));
            assertArrayEquals(expected, back.call(x).toFloatArray());
            // (x - mean[h][w]) / sqrt(variance[h][w]): rows hold 7 then 8; element 10 is h=1, w=2, channel 0
            assertEquals((7 - 1) / 1f, expected[0]);
            assertEquals((8 - 6) / 6f, expected[10]);
        }

        // Keras' axis=None is written as an empty list or, by hand, as null.
        Normalization none = Normalization.fromConfig(LayerConfig.of((ObjectNode) JSON.readTree("""
                {"axis": null, "invert": false, "mean": 2.0, "variance": 4.0}""")));
        assertEquals(0, none.axes().length);
    }

    @Test
    void rescalingScaleIsANumberOrAList() throws Exception {
        Rescaling perChannel = Rescaling.builder().setScale(0.5, 0.25, 2).optOffset(-1).build();
        assertEquals(JSON.readTree("[0.5, 0.25, 2.0]"), perChannel.getConfig().json().get("scale"));
        assertArrayEquals(new double[] {0.5, 0.25, 2},
                Rescaling.fromConfig(LayerConfig.of(perChannel.getConfig().json())).channelScales());

        Rescaling numpy = Rescaling.fromConfig(LayerConfig.of((ObjectNode) JSON.readTree("""
                {"scale": {"class_name": "__numpy__", "config": {"value": [[[0.5, 0.25, 2.0]]], "dtype": "float32"}},
                 "offset": 0.0}""")));
        assertArrayEquals(new double[] {0.5, 0.25, 2}, numpy.channelScales());
        Rescaling single = Rescaling.fromConfig(LayerConfig.of((ObjectNode) JSON.readTree("""
                {"scale": [0.5], "offset": [1.0]}""")));
        assertEquals(null, single.channelScales());
        assertEquals(0.5, single.scale());
        assertEquals(1.0, single.offset());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rescaling.fromConfig(
                LayerConfig.of((ObjectNode) JSON.readTree("{\"scale\": [[1, 2], [3, 4]]}"))));
        assertTrue(e.getMessage().contains("shape [2, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Rescaling.fromConfig(
                LayerConfig.of((ObjectNode) JSON.readTree("{\"scale\": 2, \"offset\": [1, 2, 3]}"))));
        assertTrue(e.getMessage().contains("'offset' holds 3 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Rescaling.fromConfig(
                LayerConfig.of((ObjectNode) JSON.readTree("{\"scale\": [[1, 2], [3]]}"))));
        assertTrue(e.getMessage().contains("rectangular"), e.getMessage());
    }

    @Test
    void randomLayersReadKerasForms() throws Exception {
        RandomRotation single = RandomRotation.fromConfig(LayerConfig.of((ObjectNode) JSON.readTree("""
                {"factor": 0.1, "seed": 12, "fill_mode": "nearest", "bounding_box_format": "xyxy"}""")));
        assertEquals(new FactorRange(-0.1, 0.1), single.factor());
        assertEquals(12, single.seed());
        assertEquals(FillMode.NEAREST, single.fillMode());
        assertEquals(Interpolation.BILINEAR, single.interpolation());
        RandomRotation pair = RandomRotation.fromConfig(LayerConfig.of((ObjectNode) JSON.readTree("""
                {"factor": [0.3, -0.2]}""")));
        assertEquals(new FactorRange(-0.2, 0.3), pair.factor());

        RandomZoom zoom = RandomZoom.fromConfig(LayerConfig.of((ObjectNode) JSON.readTree("""
                {"height_factor": [-0.3, -0.1], "width_factor": null, "fill_value": 3}""")));
        assertEquals(new FactorRange(-0.3, -0.1), zoom.heightFactor());
        assertEquals(null, zoom.widthFactor());
        assertEquals(3.0, zoom.fillValue());

        // A single contrast factor f means [1 - f, 1 + f); a pair is sorted, as Keras sorts it.
        RandomContrast contrast = RandomContrast.fromConfig(LayerConfig.of((ObjectNode) JSON.readTree("""
                {"factor": 0.3}""")));
        assertEquals(0.3, contrast.lower());
        assertEquals(0.3, contrast.upper());
        contrast = RandomContrast.fromConfig(LayerConfig.of((ObjectNode) JSON.readTree("""
                {"factor": [0.5, 0.1], "value_range": [0, 1]}""")));
        assertEquals(0.1, contrast.lower());
        assertEquals(0.5, contrast.upper());

        RandomFlip flip = RandomFlip.fromConfig(LayerConfig.of((ObjectNode) JSON.readTree("""
                {"mode": "horizontal", "seed": null, "data_format": "channels_last"}""")));
        assertEquals(FlipMode.HORIZONTAL, flip.mode());
        // An unseeded layer draws a seed, which its config then records.
        assertEquals(flip.seed(), flip.getConfig().json().get("seed").longValue());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RandomCrop.fromConfig(
                LayerConfig.of((ObjectNode) JSON.readTree("""
                        {"height": 2, "width": 2, "data_format": "channels_first"}"""))));
        assertTrue(e.getMessage().contains("'data_format'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RandomTranslation.fromConfig(
                LayerConfig.of((ObjectNode) JSON.readTree("""
                        {"height_factor": [0.1, 0.2, 0.3], "width_factor": 0.1}"""))));
        assertTrue(e.getMessage().contains("'height_factor' must be a pair"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RandomFlip.fromConfig(
                LayerConfig.of((ObjectNode) JSON.readTree("{\"mode\": \"diagonal\"}"))));
        assertTrue(e.getMessage().contains("'diagonal'"), e.getMessage());
        flip.close();
        single.close();
        pair.close();
        zoom.close();
        contrast.close();
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
