package dev.graft.models;

import dev.graft.layers.Layer;
import dev.graft.tensor.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keras' model summary table, as {@code tf.keras} prints it: 65 columns, fields wrapped inside their
 * column, a blank line after each layer, and the three parameter totals with thousands separators.
 */
final class Summary {
    private static final int LINE_LENGTH = 65;
    private static final int[] POSITIONS = {29, 55, 65};
    private static final String[] BREAK_AFTER = {"),", "},", "],", "',"};

    private final Model model;

    Summary(Model model) {
        this.model = model;
    }

    void print(Consumer<String> out) {
        out.accept("Model: \"" + model.name() + "\"");
        out.accept("_".repeat(LINE_LENGTH));
        printRow(out, "Layer (type)", "Output Shape", "Param #");
        out.accept("=".repeat(LINE_LENGTH));
        for (Map.Entry<Layer, String> row : model.summaryRows()) {
            Layer layer = row.getKey();
            String params = layer.isBuilt() ? Long.toString(layer.countParams()) : "0 (unused)";
            printRow(out, layer.name() + " (" + typeName(layer) + ")", row.getValue(), params);
            printRow(out, "", "", "");
        }
        out.accept("=".repeat(LINE_LENGTH));
        long trainable = count(model.trainableWeights());
        long nonTrainable = count(model.nonTrainableWeights());
        out.accept("Total params: " + thousands(trainable + nonTrainable));
        out.accept("Trainable params: " + thousands(trainable));
        out.accept("Non-trainable params: " + thousands(nonTrainable));
        out.accept("_".repeat(LINE_LENGTH));
    }

    private static String typeName(Layer layer) {
        return layer instanceof Model m ? m.summaryTypeName() : layer.getClass().getSimpleName();
    }

    private static long count(List<Variable> weights) {
        return weights.stream().mapToLong(Variable::size).sum();
    }

    static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** One table row, wrapped over several lines where a field is wider than its column. */
    private static void printRow(Consumer<String> out, String... fields) {
        List<String> left = new ArrayList<>(List.of(fields));
        do {
            StringBuilder line = new StringBuilder();
            for (int col = 0; col < left.size(); col++) {
                int start = col == 0 ? 0 : POSITIONS[col - 1];
                int space = col == POSITIONS.length - 1 ? 0 : 2;
                String text = left.get(col);
                int cutoff = Math.min(POSITIONS[col] - start - space, text.length());
                String fit = text.substring(0, cutoff);
                // Prefer to break right after the end of a tuple or list.
                int best = -1;
                for (String b : BREAK_AFTER) {
                    int at = fit.indexOf(b);
                    if (at >= 0 && (best < 0 || at + b.length() < best)) {
                        best = at + b.length();
                    }
                }
                if (best >= 0) {
                    cutoff = best;
                    fit = fit.substring(0, cutoff);
                }
                if (col == 0) {
                    line.append(' ');
                }
                line.append(fit).append(" ".repeat(space));
                left.set(col, text.substring(cutoff));
                while (line.length() < POSITIONS[col]) {
                    line.append(' ');
                }
            }
            out.accept(line.toString());
        } while (left.stream().anyMatch(s -> !s.isEmpty()));
    }
}
