package dev.graft.data.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads TFDS' split grammar: terms joined by {@code +} (spaces allowed around it), each term a split name
 * ({@code [\w-]+}) optionally followed by {@code [from:to]}, where each boundary is empty or an integer, negative
 * to count from the end, with {@code %} for percents. As in TFDS, one {@code %} makes both boundaries percents
 * ({@code train[10:20%]} is {@code train[10%:20%]}), {@code [:]} and single indices ({@code train[5]}) are errors,
 * and {@code all} takes no slice. TFDS' {@code shard} unit is not supported. Errors name the spec and the index
 * of the offending character.
 */
final class SplitSpecParser {
    private static final String EXAMPLES = "Examples: train, train[10:20], train[-5:], train[:40%], train[-10%:],"
            + " train[:10%]+train[-10%:]";

    private final String spec;
    private final PercentRounding rounding;

    private SplitSpecParser(String spec, PercentRounding rounding) {
        this.spec = spec;
        this.rounding = rounding;
    }

    static List<SplitSlice> parse(String spec, PercentRounding rounding) {
        if (spec == null || rounding == null) {
            throw new IllegalArgumentException("A split spec needs text and a rounding, received " + spec + " and "
                    + rounding);
        }
        return new SplitSpecParser(spec, rounding).terms();
    }

    private List<SplitSlice> terms() {
        List<SplitSlice> terms = new ArrayList<>();
        int start = 0;
        for (int plus = spec.indexOf('+'); ; plus = spec.indexOf('+', start)) {
            int end = plus < 0 ? spec.length() : plus;
            if (plus >= 0) {
                // The separator is \s*\+\s*: whitespace before '+' belongs to it, not to the term.
                while (end > start && Character.isWhitespace(spec.charAt(end - 1))) {
                    end--;
                }
            }
            terms.add(term(start, end));
            if (plus < 0) {
                return terms;
            }
            start = plus + 1;
            while (start < spec.length() && Character.isWhitespace(spec.charAt(start))) {
                start++;
            }
        }
    }

    private SplitSlice term(int start, int end) {
        int i = start;
        while (i < end && isNameChar(spec.charAt(i))) {
            i++;
        }
        if (i == start) {
            throw error(start, start < spec.length() && spec.charAt(start) != '+'
                    ? "expected a split name (letters, digits, '_' or '-')"
                    : "expected a split name" + (start == 0 ? "" : " after '+'"));
        }
        String name = spec.substring(start, i);
        String text = spec.substring(start, end);
        if (i == end) {
            return new SplitSlice(name, null, null, false, rounding, text);
        }
        if (spec.charAt(i) != '[') {
            throw error(i, "expected '[' or the end of the term after the split name '" + name + "'");
        }
        int close = spec.indexOf(']', i + 1);
        if (close < 0 || close >= end) {
            throw error(end, "missing ']'");
        }
        if (close != end - 1) {
            throw error(close + 1, "unexpected text after ']'");
        }
        if (name.equals(SplitSlice.ALL)) {
            throw error(i, "'all' (every split) cannot be sliced");
        }
        if (close == i + 1) {
            throw error(close, "empty brackets: write '" + name + "' for the whole split");
        }
        int colon = spec.indexOf(':', i + 1);
        if (colon < 0 || colon > close) {
            Boundary single = boundary(i + 1, close);
            String next = single.value == -1 ? "" : (single.value + 1) + (single.percent ? "%" : "");
            throw error(i + 1, "a single index is not a slice: write " + name + "[" + single.text + ":" + next + "]");
        }
        int secondColon = spec.indexOf(':', colon + 1);
        if (secondColon >= 0 && secondColon < close) {
            throw error(secondColon, "a slice has one ':' (from:to); steps are not supported");
        }
        Boundary from = boundary(i + 1, colon);
        Boundary to = boundary(colon + 1, close);
        if (from == null && to == null) {
            throw error(i + 1, "'[:]' selects nothing explicitly: write '" + name + "' for the whole split");
        }
        boolean percent = from != null && from.percent || to != null && to.percent;
        if (percent) {
            for (Boundary b : new Boundary[] {from, to}) {
                if (b != null && Math.abs(b.value) > 100) {
                    throw error(b.index, "percent boundaries must lie in [-100, 100], received " + b.value);
                }
            }
        }
        return new SplitSlice(name, from == null ? null : from.value, to == null ? null : to.value, percent,
                rounding, text);
    }

    /** The boundary written in {@code spec[start, end)}: null when empty, else {@code -?\d+%?}. */
    private Boundary boundary(int start, int end) {
        if (start == end) {
            return null;
        }
        int i = start;
        if (spec.charAt(i) == '-') {
            i++;
        }
        int digits = i;
        while (i < end && Character.isDigit(spec.charAt(i))) {
            i++;
        }
        if (i == digits) {
            throw error(i, "expected an integer, optionally followed by '%'");
        }
        boolean percent = i < end && spec.charAt(i) == '%';
        if (spec.startsWith("shard", i)) {
            throw error(i, "the 'shard' unit is not supported; use example indices or percents");
        }
        if (percent) {
            i++;
        }
        if (i != end) {
            throw error(i, "expected an integer, optionally followed by '%'");
        }
        String number = spec.substring(start, percent ? end - 1 : end);
        try {
            return new Boundary(Long.parseLong(number), percent, start, spec.substring(start, end));
        } catch (NumberFormatException e) {
            throw error(start, "the number " + number + " is too large");
        }
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private IllegalArgumentException error(int index, String problem) {
        return new IllegalArgumentException("Invalid split spec \"" + spec + "\": " + problem + " at index " + index
                + "\n  " + spec + "\n  " + " ".repeat(index) + "^\n" + EXAMPLES);
    }

    private record Boundary(long value, boolean percent, int index, String text) {
    }
}
