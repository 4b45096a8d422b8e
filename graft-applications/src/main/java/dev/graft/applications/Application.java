package dev.graft.applications;

import dev.graft.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The applications by their Keras names, for tools that pick a model by name (the {@code graft} command):
 * <pre>{@code
 * Model model = Application.fromName("mobilenet").builder(0.25).optIncludeTop(false).build();
 * }</pre>
 */
public enum Application {
    XCEPTION("xception", 299, Xception::builder, Xception::preprocessInput),
    MOBILENET("mobilenet", 224, MobileNet::builder, MobileNet::preprocessInput),
    MOBILENET_V2("mobilenet_v2", 224, MobileNetV2::builder, MobileNetV2::preprocessInput),
    RESNET50("resnet50", 224, ResNet50::builder, ResNet50::preprocessInput),
    EFFICIENTNET_B0("efficientnetb0", 224, EfficientNetB0::builder, EfficientNetB0::preprocessInput);

    private final String kerasName;
    private final int defaultSize;
    private final Supplier<? extends ApplicationBuilder<?>> builder;
    private final UnaryOperator<Tensor> preprocess;

    Application(String kerasName, int defaultSize, Supplier<? extends ApplicationBuilder<?>> builder,
            UnaryOperator<Tensor> preprocess) {
        this.kerasName = kerasName;
        this.defaultSize = defaultSize;
        this.builder = builder;
        this.preprocess = preprocess;
    }

    /** The lower-case name Keras' module uses, e.g. {@code mobilenet}. */
    public String kerasName() {
        return kerasName;
    }

    /** The height and width of the ImageNet weights with the classifier on top, e.g. 299 for Xception. */
    public int defaultSize() {
        return defaultSize;
    }

    /** A builder with every option at its default. */
    public ApplicationBuilder<?> builder() {
        return builder.get();
    }

    /**
     * A builder for width multiplier {@code alpha} (MobileNet's and MobileNetV2's {@code alpha}); NaN keeps the
     * default.
     *
     * @throws IllegalArgumentException if this application has no width multiplier
     */
    public ApplicationBuilder<?> builder(double alpha) {
        ApplicationBuilder<?> b = builder();
        if (Double.isNaN(alpha)) {
            return b;
        }
        if (b instanceof MobileNetFamilyBuilder<?> mobileNet) {
            return mobileNet.optAlpha(alpha);
        }
        throw new IllegalArgumentException(kerasName + " has no alpha (width multiplier); alpha applies to "
                + Arrays.stream(values()).filter(a -> a.builder() instanceof MobileNetFamilyBuilder<?>)
                        .map(Application::kerasName).toList());
    }

    /** The application's {@code preprocess_input}: from pixel values 0..255 to what the model expects. */
    public Tensor preprocessInput(Tensor images) {
        return preprocess.apply(images);
    }

    /** The application Keras calls {@code name} (case and {@code -}/{@code _} ignored), e.g. {@code "Xception"}. */
    public static Application fromName(String name) {
        String key = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (Application a : values()) {
            if (a.kerasName.replace("_", "").equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown application '" + name + "'; available: "
                + Arrays.stream(values()).map(Application::kerasName).toList());
    }

    @Override
    public String toString() {
        return kerasName;
    }
}
