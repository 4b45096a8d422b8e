package dev.graft.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * How often each true class (row) was predicted as each class (column), drawn as a PNG the way scikit-learn's
 * {@code ConfusionMatrixDisplay} draws it: one square per cell, darker for a larger share of its row, the
 * count written inside.
 *
 * @param classNames the classes, in label order
 * @param counts     {@code counts[true][predicted]}
 */
record ConfusionMatrix(List<String> classNames, long[][] counts) {
    private static final int CELL = 90;
    private static final int MARGIN = 40;
    private static final Color DARK = new Color(8, 48, 107);

    long total() {
        long sum = 0;
        for (long[] row : counts) {
            for (long c : row) {
                sum += c;
            }
        }
        return sum;
    }

    /** The matrix drawn with class names on both axes. */
    BufferedImage render() {
        int n = classNames.size();
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D p = probe.createGraphics();
        FontMetrics metrics = p.getFontMetrics(font);
        Font titleFont = font.deriveFont(Font.BOLD, 16f);
        String title = "Confusion matrix (validation, " + total() + " images)";
        int titleWidth = p.getFontMetrics(titleFont).stringWidth(title);
        int labelWidth = classNames.stream().mapToInt(metrics::stringWidth).max().orElse(0) + 12;
        p.dispose();
        int left = MARGIN + labelWidth + metrics.getHeight();
        int top = MARGIN + metrics.getHeight() + 8;
        int width = Math.max(left + n * CELL, MARGIN + titleWidth) + MARGIN;
        int height = top + n * CELL + labelWidth + metrics.getHeight() * 2 + MARGIN;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(titleFont);
            g.setColor(Color.BLACK);
            g.drawString(title, MARGIN, MARGIN);
            g.setFont(font);
            for (int t = 0; t < n; t++) {
                long rowTotal = 0;
                for (long c : counts[t]) {
                    rowTotal += c;
                }
                for (int q = 0; q < n; q++) {
                    double share = rowTotal == 0 ? 0 : counts[t][q] / (double) rowTotal;
                    g.setColor(shade(share));
                    int x = left + q * CELL;
                    int y = top + t * CELL;
                    g.fillRect(x, y, CELL, CELL);
                    g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                    String count = Long.toString(counts[t][q]);
                    g.drawString(count, x + (CELL - metrics.stringWidth(count)) / 2,
                            y + (CELL + metrics.getAscent()) / 2 - 2);
                }
                g.setColor(Color.BLACK);
                String name = classNames.get(t);
                g.drawString(name, left - 8 - metrics.stringWidth(name), top + t * CELL + (CELL + metrics.getAscent()) / 2);
            }
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(left, top, n * CELL, n * CELL);
            g.setColor(Color.BLACK);
            for (int q = 0; q < n; q++) {
                // Column names run downwards, so long names do not overlap.
                AffineTransform saved = g.getTransform();
                g.translate(left + q * CELL + (CELL + metrics.getAscent()) / 2 - 2, top + n * CELL + 8);
                g.rotate(Math.PI / 2);
                g.drawString(classNames.get(q), 0, 0);
                g.setTransform(saved);
            }
            g.drawString("Predicted class", left, top + n * CELL + labelWidth + metrics.getHeight() + 8);
            AffineTransform saved = g.getTransform();
            g.translate(MARGIN - 16 + metrics.getAscent(), top + n * CELL);
            g.rotate(-Math.PI / 2);
            g.drawString("True class", 0, 0);
            g.setTransform(saved);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** White for 0, the dark blue for 1. */
    private static Color shade(double share) {
        int r = (int) Math.round(255 + (DARK.getRed() - 255) * share);
        int gr = (int) Math.round(255 + (DARK.getGreen() - 255) * share);
        int b = (int) Math.round(255 + (DARK.getBlue() - 255) * share);
        return new Color(r, gr, b);
    }
}
