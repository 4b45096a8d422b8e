package dev.graft.cli;

import dev.graft.layers.Layer;
import dev.graft.layers.preprocessing.RandomContrast;
import dev.graft.layers.preprocessing.RandomFlip;
import dev.graft.layers.preprocessing.RandomRotation;
import dev.graft.layers.preprocessing.RandomTranslation;
import dev.graft.layers.preprocessing.RandomZoom;
import dev.graft.models.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --augment} option: a comma-separated list of the guide's random augmentation layers, e.g.
 * {@code flip,rotate:0.1}. {@code flip} is {@code RandomFlip("horizontal")} ({@code flip:vertical} and
 * {@code flip:horizontal_and_vertical} choose the mode); {@code rotate:F}, {@code zoom:F}, {@code contrast:F}
 * and {@code translate:F} are {@code RandomRotation(F)}, {@code RandomZoom(F)}, {@code RandomContrast(F)} and
 * {@code RandomTranslation(F, F)}. {@code none} gives no augmentation.
 */
final class Augmentation {
    static final String NONE = "none";
    private static final String KNOWN = "flip, rotate:F, zoom:F, contrast:F, translate:F, or none";

    private Augmentation() {
    }

    /** The augmentation layers {@code spec} names, in order, as one Sequential; null for {@code none}. */
    static Sequential parse(String spec) {
        if (spec.isBlank() || spec.strip().equalsIgnoreCase(NONE)) {
            return null;
        }
        List<Layer> layers = new ArrayList<>();
        for (String item : spec.split(",")) {
            layers.add(layer(item.strip().toLowerCase(Locale.ROOT), spec));
        }
        return new Sequential(layers.toArray(new Layer[0]));
    }

    private static Layer layer(String item, String spec) {
        int colon = item.indexOf(':');
        String name = colon < 0 ? item : item.substring(0, colon);
        String argument = colon < 0 ? null : item.substring(colon + 1);
        return switch (name) {
            case "flip" -> new RandomFlip(argument == null ? "horizontal" : argument);
            case "rotate" -> new RandomRotation(factor(name, argument, spec));
            case "zoom" -> new RandomZoom(factor(name, argument, spec));
            case "contrast" -> new RandomContrast(factor(name, argument, spec));
            case "translate" -> {
                double f = factor(name, argument, spec);
                yield new RandomTranslation(f, f);
            }
            default -> throw new IllegalArgumentException("--augment " + spec + ": unknown augmentation '" + item
                    + "'; use " + KNOWN);
        };
    }

    private static double factor(String name, String argument, String spec) {
        if (argument == null || argument.isEmpty()) {
            throw new IllegalArgumentException("--augment " + spec + ": " + name + " needs a factor, e.g. " + name
                    + ":0.1");
        }
        try {
            return Double.parseDouble(argument);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--augment " + spec + ": the factor of " + name + " must be a number, "
                    + "received '" + argument + "'");
        }
    }
}
