package dev.graft.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code key=value} arguments of a child process's task, as {@link ChildJvm} writes them. */
final class ChildArgs {
    private final Map<String, String> values;

    private ChildArgs(Map<String, String> values) {
        this.values = values;
    }

    static ChildArgs of(Map<String, String> values) {
        return new ChildArgs(new LinkedHashMap<>(values));
    }

    /** Reads {@code key=value} words. */
    static ChildArgs parse(List<String> words) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Child arguments are key=value, received '" + word + "'");
            }
            values.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return new ChildArgs(values);
    }

    /** The {@code key=value} words. */
    List<String> words() {
        List<String> words = new ArrayList<>();
        values.forEach((k, v) -> words.add(k + "=" + v));
        return words;
    }

    String string(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Missing child argument " + key + "=...; received " + values);
        }
        return value;
    }

    int integer(String key) {
        try {
            return Integer.parseInt(string(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Child argument " + key + " must be an integer, received '"
                    + string(key) + "'");
        }
    }
}
