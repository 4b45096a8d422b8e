package dev.graft.saving;

import dev.graft.layers.Activation;
import dev.graft.layers.Add;
import dev.graft.layers.AveragePooling2D;
import dev.graft.layers.BatchNormalization;
import dev.graft.layers.Concatenate;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.DepthwiseConv2D;
import dev.graft.layers.Dropout;
import dev.graft.layers.Flatten;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.GlobalMaxPooling2D;
import dev.graft.layers.InputLayer;
import dev.graft.layers.Layer;
import dev.graft.layers.LayerConfig;
import dev.graft.layers.MaxPooling2D;
import dev.graft.layers.Multiply;
import dev.graft.layers.Normalization;
import dev.graft.layers.ReLU;
import dev.graft.layers.Reshape;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SeparableConv2D;
import dev.graft.layers.ZeroPadding2D;
import dev.graft.layers.preprocessing.RandomContrast;
import dev.graft.layers.preprocessing.RandomCrop;
import dev.graft.layers.preprocessing.RandomFlip;
import dev.graft.layers.preprocessing.RandomRotation;
import dev.graft.layers.preprocessing.RandomTranslation;
import dev.graft.layers.preprocessing.RandomZoom;
import dev.graft.models.Model;
import dev.graft.models.Sequential;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The layer classes a {@code .keras} file may name, each mapped explicitly to its Graft class and factory:
 * loading instantiates nothing else (no reflection on names from a file, no code from it). A new layer is
 * added here with one {@link #add} line, next to its {@code writeConfig}/{@code fromConfig}.
 */
public final class LayerRegistry {
    /** Keras' class name of functional models; the module and registered name Keras writes for it. */
    static final String FUNCTIONAL = "Functional";
    static final String SEQUENTIAL = "Sequential";
    static final String INPUT_LAYER = "InputLayer";

    private static final Map<String, Function<LayerConfig, ? extends Layer>> FACTORIES = new HashMap<>();
    private static final Map<Class<?>, String> NAMES = new HashMap<>();

    static {
        add("Activation", Activation.class, Activation::fromConfig);
        add("Add", Add.class, Add::fromConfig);
        add("AveragePooling2D", AveragePooling2D.class, AveragePooling2D::fromConfig);
        add("BatchNormalization", BatchNormalization.class, BatchNormalization::fromConfig);
        add("Concatenate", Concatenate.class, Concatenate::fromConfig);
        add("Conv2D", Conv2D.class, Conv2D::fromConfig);
        add("Dense", Dense.class, Dense::fromConfig);
        add("DepthwiseConv2D", DepthwiseConv2D.class, DepthwiseConv2D::fromConfig);
        add("Dropout", Dropout.class, Dropout::fromConfig);
        add("Flatten", Flatten.class, Flatten::fromConfig);
        add("GlobalAveragePooling2D", GlobalAveragePooling2D.class, GlobalAveragePooling2D::fromConfig);
        add("GlobalMaxPooling2D", GlobalMaxPooling2D.class, GlobalMaxPooling2D::fromConfig);
        add("MaxPooling2D", MaxPooling2D.class, MaxPooling2D::fromConfig);
        add("Multiply", Multiply.class, Multiply::fromConfig);
        add("Normalization", Normalization.class, Normalization::fromConfig);
        add("RandomContrast", RandomContrast.class, RandomContrast::fromConfig);
        add("RandomCrop", RandomCrop.class, RandomCrop::fromConfig);
        add("RandomFlip", RandomFlip.class, RandomFlip::fromConfig);
        add("RandomRotation", RandomRotation.class, RandomRotation::fromConfig);
        add("RandomTranslation", RandomTranslation.class, RandomTranslation::fromConfig);
        add("RandomZoom", RandomZoom.class, RandomZoom::fromConfig);
        add("ReLU", ReLU.class, ReLU::fromConfig);
        add("Reshape", Reshape.class, Reshape::fromConfig);
        add("Rescaling", Rescaling.class, Rescaling::fromConfig);
        add("SeparableConv2D", SeparableConv2D.class, SeparableConv2D::fromConfig);
        add("ZeroPadding2D", ZeroPadding2D.class, ZeroPadding2D::fromConfig);
        // Built from their graph or layer list by ModelDeserializer, not from a factory.
        NAMES.put(InputLayer.class, INPUT_LAYER);
        NAMES.put(Model.class, FUNCTIONAL);
        NAMES.put(Sequential.class, SEQUENTIAL);
    }

    private LayerRegistry() {
    }

    private static <T extends Layer> void add(String kerasClassName, Class<T> type, Function<LayerConfig, T> factory) {
        FACTORIES.put(kerasClassName, factory);
        NAMES.put(type, kerasClassName);
    }

    /** Every Keras class name Graft can load and save, models and input layers included. */
    public static SortedSet<String> supportedClassNames() {
        TreeSet<String> names = new TreeSet<>(NAMES.values());
        return Collections.unmodifiableSortedSet(names);
    }

    /**
     * Keras' class name of {@code layer}'s class, such as {@code Conv2D} or {@code Functional}.
     *
     * @throws IllegalArgumentException for a class that is not registered (a subclass included: its config
     *     could not describe what it adds)
     */
    static String kerasClassName(Layer layer) {
        String name = NAMES.get(layer.getClass());
        if (name == null) {
            throw new IllegalArgumentException(layer + " is a " + layer.getClass().getName() + ", which has no Keras "
                    + "configuration: Graft saves the classes " + supportedClassNames()
                    + " (exactly those classes, not subclasses)");
        }
        return name;
    }

    /** The factory of a plain layer class, or null for models, input layers and unknown names. */
    static Function<LayerConfig, ? extends Layer> factory(String kerasClassName) {
        return FACTORIES.get(kerasClassName);
    }
}
