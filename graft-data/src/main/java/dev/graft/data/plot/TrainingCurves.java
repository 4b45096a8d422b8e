package dev.graft.data.plot;

import dev.graft.training.History;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training curves from one or more {@link History} objects (a fit and its fine-tuning run, concatenated),
 * drawn with JFreeChart and written as a PNG: one panel per quantity, side by side, loss first, then each
 * metric in the order it was logged. A panel shows the training series and its {@code val_} counterpart
 * ("Training and Validation Loss", "Training and Validation Binary Accuracy", ...), epochs on the x axis
 * counting from 1 as Keras prints them, with a legend. {@code learning_rate} is not drawn.
 *
 * <p>With {@link Builder#optFineTuningStart}, a vertical line labelled "Start Fine Tuning" marks the last
 * epoch before fine-tuning, as the Keras fine-tuning tutorial's plot does.
 */
public final class TrainingCurves {
    static final String VALIDATION_PREFIX = "val_";
    private static final List<String> NOT_DRAWN = List.of("learning_rate", "lr");

    private final int panelWidth;
    private final int panelHeight;
    private final int fineTuningStart;

    /** Panels of 640 x 480 pixels, no fine-tuning mark. */
    public TrainingCurves() {
        this(builder());
    }

    private TrainingCurves(Builder b) {
        if (b.panelWidth < 100 || b.panelHeight < 100) {
            throw new IllegalArgumentException("Panels must be at least 100 x 100 pixels, received " + b.panelWidth
                    + " x " + b.panelHeight);
        }
        if (b.fineTuningStart < 0) {
            throw new IllegalArgumentException("fineTuningStart is a number of epochs (0 for no mark), received "
                    + b.fineTuningStart);
        }
        this.panelWidth = b.panelWidth;
        this.panelHeight = b.panelHeight;
        this.fineTuningStart = b.fineTuningStart;
    }

    /** A builder, for other panel sizes or a fine-tuning mark. */
    public static Builder builder() {
        return new Builder();
    }

    /** One panel's data: a quantity and its training and validation values (either may be null). */
    record Panel(String name, List<Double> training, List<Double> validation) {
    }

    /**
     * The panels for {@code logs}: each name without the {@code val_} prefix, loss first, with its
     * {@code val_} series beside it; a {@code val_} name without a training counterpart gets its own panel.
     */
    static List<Panel> panels(Map<String, List<Double>> logs) {
        List<String> names = new ArrayList<>();
        for (String key : logs.keySet()) {
            String name = key.startsWith(VALIDATION_PREFIX) ? key.substring(VALIDATION_PREFIX.length()) : key;
            if (!names.contains(name) && !NOT_DRAWN.contains(name)) {
                names.add(name);
            }
        }
        if (names.remove("loss")) {
            names.add(0, "loss");
        }
        List<Panel> panels = new ArrayList<>();
        for (String name : names) {
            panels.add(new Panel(name, logs.get(name), logs.get(VALIDATION_PREFIX + name)));
        }
        return panels;
    }

    /** The logs of {@code histories} one after the other; a name a history lacks reads NaN for its epochs. */
    static Map<String, List<Double>> concatenate(History... histories) {
        Map<String, List<Double>> logs = new LinkedHashMap<>();
        int epochs = 0;
        for (History history : histories) {
            int count = history.epochs().size();
            Map<String, List<Double>> recorded = history.history();
            for (String name : recorded.keySet()) {
                logs.computeIfAbsent(name, k -> new ArrayList<>());
            }
            for (Map.Entry<String, List<Double>> e : logs.entrySet()) {
                List<Double> values = recorded.get(e.getKey());
                List<Double> series = e.getValue();
                series.addAll(Collections.nCopies(epochs - series.size(), Double.NaN));
                series.addAll(values != null ? values : Collections.nCopies(count, Double.NaN));
            }
            epochs += count;
        }
        return logs;
    }

    /**
     * Draws the curves of {@code histories}, concatenated in order.
     *
     * @throws IllegalArgumentException if there is no epoch to draw, or the fine-tuning mark lies beyond them
     */
    public BufferedImage render(History... histories) {
        Map<String, List<Double>> logs = concatenate(histories);
        int epochs = logs.values().stream().mapToInt(List::size).max().orElse(0);
        List<Panel> panels = panels(logs);
        if (epochs == 0 || panels.isEmpty()) {
            throw new IllegalArgumentException("Nothing to draw: the histories hold no epochs (fit them first), "
                    + "received logs " + logs.keySet());
        }
        if (fineTuningStart > epochs) {
            throw new IllegalArgumentException("fineTuningStart " + fineTuningStart + " lies beyond the " + epochs
                    + " epochs recorded");
        }
        BufferedImage canvas = new BufferedImage(panels.size() * panelWidth, panelHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
            for (int i = 0; i < panels.size(); i++) {
                chart(panels.get(i)).draw(g, new Rectangle2D.Double(i * panelWidth, 0, panelWidth, panelHeight));
            }
        } finally {
            g.dispose();
        }
        return canvas;
    }

    /** Renders the curves and writes them to {@code png} atomically (temporary file, then rename). */
    public void write(Path png, History... histories) {
        PngFiles.write(render(histories), png);
    }

    private JFreeChart chart(Panel panel) {
        String label = label(panel.name());
        XYSeriesCollection data = new XYSeriesCollection();
        if (panel.training() != null) {
            data.addSeries(series("Training " + label, panel.training()));
        }
        if (panel.validation() != null) {
            data.addSeries(series("Validation " + label, panel.validation()));
        }
        String title = panel.training() != null && panel.validation() != null ? "Training and Validation " + label
                : (panel.training() != null ? "Training " : "Validation ") + label;
        JFreeChart chart = ChartFactory.createXYLineChart(title, "Epoch", label, data, PlotOrientation.VERTICAL,
                true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        if (fineTuningStart > 0) {
            ValueMarker start = new ValueMarker(fineTuningStart, Color.DARK_GRAY, new BasicStroke(1.5f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            start.setLabel("Start Fine Tuning");
            start.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            start.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(start);
        }
        return chart;
    }

    private static XYSeries series(String key, List<Double> values) {
        XYSeries series = new XYSeries(key, false, false);
        for (int i = 0; i < values.size(); i++) {
            series.add(i + 1, values.get(i)); // NaN leaves a gap
        }
        return series;
    }

    /** {@code binary_accuracy} as "Binary Accuracy". */
    static String label(String name) {
        StringBuilder s = new StringBuilder();
        for (String word : name.split("_")) {
            if (!word.isEmpty()) {
                s.append(s.length() == 0 ? "" : " ").append(word.substring(0, 1).toUpperCase(Locale.ROOT))
                        .append(word.substring(1));
            }
        }
        return s.toString();
    }

    /** Options of {@link TrainingCurves}. */
    public static final class Builder {
        private int panelWidth = 640;
        private int panelHeight = 480;
        private int fineTuningStart;

        private Builder() {
        }

        /** The size of each panel in pixels. Default 640 x 480. */
        public Builder optPanelSize(int width, int height) {
            this.panelWidth = width;
            this.panelHeight = height;
            return this;
        }

        /**
         * The number of epochs trained before fine-tuning began (the tutorial's {@code initial_epochs}); the
         * "Start Fine Tuning" line is drawn at that epoch, the last one before fine-tuning. Default: no line.
         */
        public Builder optFineTuningStart(int epochs) {
            this.fineTuningStart = epochs;
            return this;
        }

        /** @throws IllegalArgumentException if a panel is under 100 pixels or the epoch count is negative */
        public TrainingCurves build() {
            return new TrainingCurves(this);
        }
    }
}
