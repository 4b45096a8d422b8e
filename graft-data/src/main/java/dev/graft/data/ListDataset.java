package dev.graft.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The elements of a list, handed out as fresh handles so the list's tensors stay valid for later passes. */
final class ListDataset<T> extends Dataset<T> {
    private final List<T> elements;

    ListDataset(List<? extends T> elements) {
        List<T> copy = new ArrayList<>(elements.size());
        for (T e : elements) {
            if (e == null) {
                throw new IllegalArgumentException("fromList: element " + copy.size()
                        + " is null; datasets hold no null elements");
            }
            copy.add(e);
        }
        this.elements = Collections.unmodifiableList(copy);
    }

    @Override
    public long cardinality() {
        return elements.size();
    }

    @Override
    Cursor<T> open() {
        return Cursor.replaying(elements);
    }

    @Override
    public String toString() {
        return "fromList(" + elements.size() + " elements)";
    }
}
