package dev.graft.bench;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: the first column left-aligned, the others right-aligned, two spaces between. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    TextTable(String... header) {
        columns = header.length;
        rows.add(header.clone());
    }

    TextTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("A row of this table has " + columns + " cells, received "
                    + cells.length);
        }
        rows.add(cells.clone());
        return this;
    }

    /** The header, a rule of dashes, then the rows, one line each. */
    String render() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            text.append(line(rows.get(r), widths)).append('\n');
            if (r == 0) {
                int total = 2 * (columns - 1);
                for (int w : widths) {
                    total += w;
                }
                text.append("-".repeat(total)).append('\n');
            }
        }
        return text.toString();
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append("  ");
            }
            String pad = " ".repeat(widths[i] - cells[i].length());
            line.append(i == 0 ? cells[i] + pad : pad + cells[i]);
        }
        return line.toString().stripTrailing();
    }
}
