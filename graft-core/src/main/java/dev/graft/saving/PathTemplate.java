package dev.graft.saving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A file path with Python {@code str.format} placeholders, as Keras' {@code ModelCheckpoint} takes:
 * {@code "ckpt/{epoch:02d}-{val_loss:.4f}.h5"} with {@code epoch = 3} and {@code val_loss = 0.123456}
 * gives {@code "ckpt/03-0.1235.h5"}. Placeholders are names, optionally with a numeric format spec (see
 * {@link PythonFormat}: {@code d}, {@code f}, {@code e}, {@code g}, {@code %}, width, sign, zero padding);
 * {@code {{} and {@code }}} stand for literal braces.
 */
public final class PathTemplate {
    private final String template;
    /** Literal text at even positions, placeholders ({@code name} or {@code name:spec}) at odd ones. */
    private final List<String> parts;

    private PathTemplate(String template, List<String> parts) {
        this.template = template;
        this.parts = parts;
    }

    /**
     * Parses {@code template}.
     *
     * @throws IllegalArgumentException on unbalanced braces or a placeholder that is not a plain name
     */
    public static PathTemplate of(String template) {
        if (template == null || template.isEmpty()) {
            throw new IllegalArgumentException("A file path template must not be empty, received "
                    + (template == null ? "null" : "\"\""));
        }
        List<String> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            boolean doubled = i + 1 < template.length() && template.charAt(i + 1) == c;
            if ((c == '{' || c == '}') && doubled) {
                literal.append(c);
                i += 2;
            } else if (c == '}') {
                throw syntax(template, "a single '}' at position " + i + "; write '}}' for a literal brace");
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    throw syntax(template, "the '{' at position " + i + " is never closed; write '{{' for a literal "
                            + "brace");
                }
                String field = template.substring(i + 1, end);
                String name = field.contains(":") ? field.substring(0, field.indexOf(':')) : field;
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || field.contains("{")) {
                    throw syntax(template, "placeholder {" + field + "} is not a name with an optional format spec, "
                            + "such as {epoch:02d} or {val_loss:.4f}");
                }
                if (field.contains(":")) {
                    PythonFormat.parse(field.substring(field.indexOf(':') + 1), name);
                }
                parts.add(literal.toString());
                parts.add(field);
                literal.setLength(0);
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        parts.add(literal.toString());
        return new PathTemplate(template, List.copyOf(parts));
    }

    private static IllegalArgumentException syntax(String template, String problem) {
        return new IllegalArgumentException("Cannot parse file path template \"" + template + "\": " + problem);
    }

    /** The template as given. */
    public String template() {
        return template;
    }

    /**
     * The path with each placeholder replaced by its value, formatted like Python's {@code str.format}.
     *
     * @param values numbers by name ({@link Integer} or {@link Long} values format as integers,
     *     {@link Double} or {@link Float} values as floats)
     * @throws IllegalArgumentException if a placeholder has no value or its spec does not suit the value
     */
    public String format(Map<String, ?> values) {
        StringBuilder out = new StringBuilder(parts.get(0));
        for (int i = 1; i < parts.size(); i += 2) {
            String field = parts.get(i);
            int colon = field.indexOf(':');
            String name = colon < 0 ? field : field.substring(0, colon);
            String spec = colon < 0 ? "" : field.substring(colon + 1);
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("Failed to format file path \"" + template + "\": no value for {"
                        + name + "}; available: " + new TreeSet<>(values.keySet()));
            }
            out.append(PythonFormat.format(values.get(name), spec, name)).append(parts.get(i + 1));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return template;
    }
}
