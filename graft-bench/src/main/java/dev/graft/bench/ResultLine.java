package dev.graft.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one line a measuring process prints with its result, {@code @@RESULT {json}}: Graft's child processes
 * and the peer script ({@code --single}) both report this way.
 */
final class ResultLine {
    static final String PREFIX = "@@RESULT ";
    /** Reads what Python's json module writes too, NaN included. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private ResultLine() {
    }

    /** The line that reports {@code result}. */
    static String format(ObjectNode result) {
        try {
            return PREFIX + JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the result as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The JSON object of the last {@code @@RESULT} line in {@code output}, the text a process printed;
     * {@code what} names the process in errors.
     */
    static ObjectNode parse(String output, String what) {
        String found = null;
        for (String line : output.split("\\R")) {
            if (line.startsWith(PREFIX)) {
                found = line.substring(PREFIX.length());
            }
        }
        if (found == null) {
            throw new IllegalStateException(what + " printed no '" + PREFIX.trim() + " {json}' line; its output "
                    + "ended with:\n" + tail(output, 20));
        }
        try {
            if (JSON.readTree(found) instanceof ObjectNode object) {
                return object;
            }
            throw new IllegalStateException(what + " printed a result that is not a JSON object: " + found);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " printed a result line that is not valid JSON ("
                    + e.getOriginalMessage() + "): " + found, e);
        }
    }

    /** The last {@code lines} lines of {@code text}. */
    static String tail(String text, int lines) {
        String[] all = text.strip().split("\\R");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
    }
}
