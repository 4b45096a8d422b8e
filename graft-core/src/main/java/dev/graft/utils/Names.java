package dev.graft.utils;

import java.util.HashMap;
import java.util.Map;

/**
 * Keras-style unique default names: the first {@code Dense} is {@code dense}, the next {@code dense_1},
 * and so on, per prefix, for the whole program (or until {@link #clearSession()}).
 */
public final class Names {
    private static final Map<String, Integer> COUNTS = new HashMap<>();

    private Names() {
    }

    /** {@code prefix} the first time, then {@code prefix_1}, {@code prefix_2}, ... */
    public static synchronized String unique(String prefix) {
        int n = COUNTS.merge(prefix, 1, Integer::sum) - 1;
        return n == 0 ? prefix : prefix + "_" + n;
    }

    /** {@code prefix_1} the first time, then {@code prefix_2}, ... (Keras names inputs {@code input_1} on). */
    public static synchronized String uniqueOneBased(String prefix) {
        return prefix + "_" + COUNTS.merge(prefix, 1, Integer::sum);
    }

    /** Keras' {@code to_snake_case}: {@code BatchNormalization} becomes {@code batch_normalization}. */
    public static String snakeCase(String className) {
        String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(java.util.Locale.ROOT);
    }

    /** Forgets every name given so far, like {@code keras.backend.clear_session()}. */
    public static synchronized void clearSession() {
        COUNTS.clear();
    }
}
