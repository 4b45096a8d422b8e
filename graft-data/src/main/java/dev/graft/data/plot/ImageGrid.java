package dev.graft.data.plot;

import dev.graft.data.image.ImageTensors;
import dev.graft.tensor.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A grid of images with a title for each, written as a PNG: the Keras guides' 3 x 3 figure of training
 * images with their labels, or of one image under nine augmentations. Each image is scaled to fit a square
 * cell of {@code cellSize} pixels, keeping its aspect ratio, and centered on a white background, with its
 * title in a strip above (or below) it.
 *
 * <p>The picture is {@code columns * (cellSize + 2 * MARGIN)} pixels wide and
 * {@code rows * (cellSize + titleHeight + 2 * MARGIN)} high, where {@code titleHeight} is
 * {@code round(1.6 * fontSize)} when there are titles and 0 otherwise. Drawing needs no display: it works
 * with {@code java.awt.headless=true}.
 */
public final class ImageGrid {
    /** Pixels around each cell. */
    public static final int MARGIN = 8;

    /** Where a cell's title goes. */
    public enum TitlePosition { ABOVE, BELOW }

    private final int rows;
    private final int columns;
    private final int cellSize;
    private final int fontSize;
    private final TitlePosition titlePosition;

    /** A grid of {@code rows x columns} cells of 200 pixels, titles above in 14-point type. */
    public ImageGrid(int rows, int columns) {
        this(builder().grid(rows, columns));
    }

    private ImageGrid(Builder b) {
        if (b.rows < 1 || b.columns < 1) {
            throw new IllegalArgumentException("An image grid needs at least one row and one column (set them with "
                    + "grid(rows, columns)), received " + b.rows + " x " + b.columns);
        }
        if (b.cellSize < 8 || b.fontSize < 4) {
            throw new IllegalArgumentException("cellSize must be >= 8 and fontSize >= 4, received " + b.cellSize
                    + " and " + b.fontSize);
        }
        this.rows = b.rows;
        this.columns = b.columns;
        this.cellSize = b.cellSize;
        this.fontSize = b.fontSize;
        this.titlePosition = b.titlePosition;
    }

    /** A builder, for other cell and type sizes or titles below the images. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Draws the grid, row by row.
     *
     * @param images at most {@code rows * columns} images, each {@code [height, width, 3]}, uint8 or float
     *     values in [0, 255] (see {@link ImageTensors#toImage})
     * @param titles one per image, or an empty list for no titles
     */
    public BufferedImage render(List<Tensor> images, List<String> titles) {
        if (images.isEmpty() || images.size() > rows * columns) {
            throw new IllegalArgumentException("A " + rows + " x " + columns + " grid shows 1 to " + rows * columns
                    + " images, received " + images.size());
        }
        if (!titles.isEmpty() && titles.size() != images.size()) {
            throw new IllegalArgumentException("Give one title per image (or none): received " + images.size()
                    + " images and " + titles.size() + " titles");
        }
        int titleHeight = titles.isEmpty() ? 0 : Math.round(1.6f * fontSize);
        int cellWidth = cellSize + 2 * MARGIN;
        int cellHeight = cellSize + titleHeight + 2 * MARGIN;
        BufferedImage canvas = new BufferedImage(columns * cellWidth, rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
            for (int i = 0; i < images.size(); i++) {
                int x = (i % columns) * cellWidth + MARGIN;
                int y = (i / columns) * cellHeight + MARGIN;
                int imageTop = titlePosition == TitlePosition.ABOVE ? y + titleHeight : y;
                drawFitted(g, ImageTensors.toImage(images.get(i)), x, imageTop);
                if (!titles.isEmpty()) {
                    int titleTop = titlePosition == TitlePosition.ABOVE ? y : y + cellSize;
                    drawTitle(g, titles.get(i), x, titleTop, titleHeight);
                }
            }
        } finally {
            g.dispose();
        }
        return canvas;
    }

    /** Renders the grid and writes it to {@code png} atomically (temporary file, then rename). */
    public void write(Path png, List<Tensor> images, List<String> titles) {
        PngFiles.write(render(images, titles), png);
    }

    private void drawFitted(Graphics2D g, BufferedImage image, int x, int y) {
        double scale = Math.min((double) cellSize / image.getWidth(), (double) cellSize / image.getHeight());
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        g.drawImage(image, x + (cellSize - width) / 2, y + (cellSize - height) / 2, width, height, null);
    }

    private void drawTitle(Graphics2D g, String title, int x, int y, int height) {
        FontMetrics metrics = g.getFontMetrics();
        int textX = x + Math.max(0, (cellSize - metrics.stringWidth(title)) / 2);
        int baseline = y + (height - metrics.getHeight()) / 2 + metrics.getAscent();
        Graphics2D clipped = (Graphics2D) g.create(x, y, cellSize, height);
        try {
            clipped.setColor(Color.BLACK);
            clipped.drawString(title, textX - x, baseline - y);
        } finally {
            clipped.dispose();
        }
    }

    /** Options of an {@link ImageGrid}; {@link #grid} is required. */
    public static final class Builder {
        private int rows;
        private int columns;
        private int cellSize = 200;
        private int fontSize = 14;
        private TitlePosition titlePosition = TitlePosition.ABOVE;

        private Builder() {
        }

        /** The number of rows and columns. */
        public Builder grid(int rows, int columns) {
            this.rows = rows;
            this.columns = columns;
            return this;
        }

        /** The side of each image's square cell, in pixels. Default 200. */
        public Builder optCellSize(int cellSize) {
            this.cellSize = cellSize;
            return this;
        }

        /** The titles' type size, in points (pixels). Default 14. */
        public Builder optFontSize(int fontSize) {
            this.fontSize = fontSize;
            return this;
        }

        /** Titles above the images (as matplotlib's {@code plt.title}, the default) or below. */
        public Builder optTitlePosition(TitlePosition titlePosition) {
            if (titlePosition == null) {
                throw new IllegalArgumentException("titlePosition must be ABOVE or BELOW, received null");
            }
            this.titlePosition = titlePosition;
            return this;
        }

        /** @throws IllegalArgumentException if the grid is missing or a size is too small */
        public ImageGrid build() {
            return new ImageGrid(this);
        }
    }
}
