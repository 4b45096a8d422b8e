package dev.graft.saving;

import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import io.jhdf.api.WritableNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * String-list attributes as Keras stores them ({@code layer_names}, {@code weight_names}): one array, or,
 * when that would overflow an HDF5 object header, consecutive chunks {@code name0}, {@code name1}, ...
 */
final class H5Attributes {
    /** The most bytes of data Keras puts in one attribute (its {@code HDF5_OBJECT_HEADER_LIMIT}). */
    static final int HEADER_LIMIT = 64512;

    private H5Attributes() {
    }

    /**
     * The strings of attribute {@code name}, joined from its chunks if it was split; empty when there is no
     * such attribute or it is an empty array (Keras reads both as an empty list).
     */
    static List<String> readStrings(Node node, String name) {
        List<String> values = new ArrayList<>();
        if (node.getAttributes().containsKey(name)) {
            addStrings(node.getAttribute(name), values);
            return values;
        }
        for (int chunk = 0; node.getAttributes().containsKey(name + chunk); chunk++) {
            addStrings(node.getAttribute(name + chunk), values);
        }
        return values;
    }

    private static void addStrings(Attribute attribute, List<String> into) {
        if (attribute.isEmpty()) {
            return;
        }
        Object data = attribute.getData();
        if (data instanceof String s) {
            into.add(s);
        } else if (data instanceof String[] strings) {
            into.addAll(Arrays.asList(strings));
        } else {
            throw new IllegalArgumentException("Attribute '" + attribute.getName() + "' of "
                    + attribute.getNode().getPath() + " holds " + attribute.getJavaType().getSimpleName()
                    + " values, expected strings");
        }
    }

    /**
     * Stores {@code values} as attribute {@code name}, split into chunks as Keras splits them. An empty list
     * stores nothing: jhdf cannot write empty arrays, and Keras reads a missing attribute as an empty list.
     */
    static void writeStrings(WritableNode node, String name, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        // jhdf stores fixed-length strings, each as long as the longest plus a terminating NUL.
        int elementBytes = 1;
        for (String v : values) {
            elementBytes = Math.max(elementBytes, v.getBytes(StandardCharsets.UTF_8).length + 1);
        }
        if (elementBytes > HEADER_LIMIT) {
            throw new IllegalArgumentException("Cannot store attribute '" + name + "': one of its strings is longer "
                    + "than the HDF5 limit of " + HEADER_LIMIT + " bytes");
        }
        int perChunk = HEADER_LIMIT / elementBytes;
        int chunks = (values.size() + perChunk - 1) / perChunk;
        if (chunks == 1) {
            node.putAttribute(name, values.toArray(String[]::new));
            return;
        }
        // Split like numpy's array_split: the first (size % chunks) chunks hold one more string.
        int base = values.size() / chunks;
        int extra = values.size() % chunks;
        int from = 0;
        for (int c = 0; c < chunks; c++) {
            int to = from + base + (c < extra ? 1 : 0);
            node.putAttribute(name + c, values.subList(from, to).toArray(String[]::new));
            from = to;
        }
    }
}
